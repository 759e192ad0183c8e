import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { describe, expect, it } from 'vitest';
import { eventTypeName, toHistoryEventRow, toTimelineItems } from './history-map';
import { HistoryBuilder } from './testing/history-builder';

const context = { namespace: 'default', taskQueue: 'q', queueOf: (_: string | null, taskQueue: string) => taskQueue };

function rowsOf(builder: HistoryBuilder) {
  return (historyFromJSON(builder.json()).events ?? []).map(toHistoryEventRow);
}

describe('history events as rows', () => {
  it('names, categorises and summarises events, decoding payloads in the attributes', () => {
    expect(eventTypeName(10)).toBe('ActivityTaskScheduled');
    const builder = new HistoryBuilder({ workflowId: 'w', workflowType: 'Charge', taskQueue: 'q', startAt: 1_700_000_000_000, firstRunId: 'r', input: [{ a: 1 }] });
    builder.activity({ type: 'charge', failures: [{ message: 'declined' }], fails: true });
    builder.fail({ message: 'gave up' });
    const rows = rowsOf(builder);
    expect(rows[0]).toMatchObject({ eventId: 1, at: 1_700_000_000_000, type: 'WorkflowExecutionStarted', category: 'workflow', summary: 'Charge on q', failed: false });
    expect(rows[0]!.attributes.input).toEqual({ payloads: [{ a: 1 }] });
    expect(rows[0]!.attributes.workflowExecutionTimeout).toBe('0s');
    expect(rows.find((row) => row.type === 'ActivityTaskFailed')).toMatchObject({ category: 'activity', failed: true, summary: 'failed: declined' });
    expect(rows.at(-1)).toMatchObject({ type: 'WorkflowExecutionFailed', failed: true, summary: 'failed: gave up' });
  });
});

describe('history as timeline items', () => {
  const builder = new HistoryBuilder({ workflowId: 'w', workflowType: 'Fulfil', taskQueue: 'q', startAt: 1_700_000_000_000, firstRunId: 'r' });
  builder.activity({ type: 'reserve', failures: [{ message: 'busy' }, { message: 'busy' }], result: true });
  builder.timer({ id: 't', durationMs: 5_000 });
  builder.child({ namespace: 'default', workflowId: 'kid', runId: 'kr', workflowType: 'Ship', taskQueue: 'ship-q', failure: { message: 'no carrier' } });
  builder.activity({ type: 'notify', pending: true });
  const rows = rowsOf(builder);

  it('draws bars from scheduled to closed with attempts, and marks failures and open items', () => {
    const items = toTimelineItems(rows, context);
    const byKey = Object.fromEntries(items.map((item) => [item.title, item]));
    expect(byKey.reserve).toMatchObject({ type: 'activity', status: 'success', attempts: 3 });
    expect(byKey.reserve!.endAt! - byKey.reserve!.at!).toBeGreaterThanOrEqual(2_000);
    expect(byKey['timer t']).toMatchObject({ type: 'timer', status: 'success' });
    expect(byKey['timer t']!.endAt! - byKey['timer t']!.at!).toBeGreaterThanOrEqual(5_000);
    expect(byKey['child Ship']).toMatchObject({ status: 'failure', child: { queue: 'ship-q', id: 'kid' } });
    expect(byKey.notify).toMatchObject({ status: 'running', endAt: null });
  });

  it('works on a slice that holds a closing without its opening (a reverse page)', () => {
    const tail = rows.filter((row) => row.eventId >= rows.find((row) => row.type === 'ActivityTaskCompleted')!.eventId);
    const items = toTimelineItems(tail, context);
    const activity = items.find((item) => item.type === 'activity' && item.status === 'success')!;
    expect(activity.key).toBe(`activity:${rows.find((row) => row.type === 'ActivityTaskScheduled')!.eventId}`);
  });
});
