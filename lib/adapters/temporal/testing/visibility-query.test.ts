import { describe, expect, it } from 'vitest';
import { InvalidQueryError, SYSTEM_ATTRIBUTES, evaluate, parseVisibilityQuery } from './visibility-query';

const attributes = { ...SYSTEM_ATTRIBUTES, CustomerId: 'Keyword' as const };
const row = { WorkflowId: 'order-7', WorkflowType: 'Charge', ExecutionStatus: 'Running', TaskQueue: 'q', StartTime: Date.parse('2026-01-02T00:00:00Z'), CloseTime: null, CustomerId: 'c-1' };
const matches = (query: string) => evaluate(parseVisibilityQuery(query, attributes).where, row);

describe('the in-process service\'s visibility query subset', () => {
  it('evaluates comparisons, IN, STARTS_WITH, BETWEEN, IS NULL, AND/OR/NOT and parentheses', () => {
    expect(matches("WorkflowType = 'Charge' AND ExecutionStatus = 'Running'")).toBe(true);
    expect(matches("ExecutionStatus IN ('Completed', 'Failed') OR WorkflowId STARTS_WITH 'order-'")).toBe(true);
    expect(matches("NOT (CustomerId = 'c-1')")).toBe(false);
    expect(matches("StartTime > '2026-01-01T00:00:00Z' AND CloseTime IS NULL")).toBe(true);
    expect(matches("StartTime BETWEEN '2026-01-03T00:00:00Z' AND '2026-01-04T00:00:00Z'")).toBe(false);
    expect(matches("ExecutionStatus NOT IN ('Running')")).toBe(false);
    expect(matches('')).toBe(true);
  });

  it('refuses what the server refuses', () => {
    expect(() => parseVisibilityQuery("Nope = 'x'", attributes)).toThrow(InvalidQueryError);
    expect(() => parseVisibilityQuery("ExecutionStatus = 'Sleeping'", attributes)).toThrow(/invalid ExecutionStatus/);
    expect(() => parseVisibilityQuery('GROUP BY WorkflowType', attributes)).toThrow(/only supported for ExecutionStatus/);
    expect(() => parseVisibilityQuery("WorkflowId = 'x' ORDER BY StartTime", attributes)).toThrow(/ORDER BY/);
    expect(parseVisibilityQuery("TaskQueue = 'q' GROUP BY ExecutionStatus", attributes).groupBy).toBe('ExecutionStatus');
  });
});
