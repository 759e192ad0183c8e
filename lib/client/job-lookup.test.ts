import { describe, expect, it } from 'vitest';
import { lookupOutcome, lookupSources } from './job-lookup';
import type { SourceSummary } from '@/lib/api/schemas';

describe('finding a job by id across sources', () => {
  it('goes to the first source that has it, in the configured order', () => {
    expect(
      lookupOutcome('42', [
        { source: 'a', outcome: 'missing' },
        { source: 'b', outcome: 'found', queue: 'tenant/acme', id: '42' },
        { source: 'c', outcome: 'found', queue: 'emails', id: '42' },
      ]),
    ).toEqual({ found: true, href: '/sources/b/queues/tenant%2Facme/jobs/42', source: 'b', queue: 'tenant/acme', id: '42' });
  });

  it('opens a Celery task on its task page', () => {
    expect(lookupOutcome('t-1', [{ source: 'tasks', outcome: 'found', queue: 'celery', id: 't-1', kind: 'celery' }])).toMatchObject({
      found: true,
      href: '/sources/tasks/tasks/t-1',
    });
  });

  it('says plainly when no source has it, and which sources could not be asked', () => {
    expect(lookupOutcome('9', [{ source: 'a', outcome: 'missing' }, { source: 'b', outcome: 'missing' }]).found).toBe(false);
    expect(lookupOutcome('9', [{ source: 'a', outcome: 'missing' }])).toMatchObject({ message: 'Job “9” not found in any source.' });
    expect(
      lookupOutcome('9', [
        { source: 'a', outcome: 'missing' },
        { source: 'down', outcome: 'unavailable', message: 'connection refused' },
      ]),
    ).toMatchObject({ message: 'Job “9” not found in a; down did not answer.' });
    expect(lookupOutcome('9', [{ source: 'down', outcome: 'unavailable', message: 'x' }])).toMatchObject({
      message: 'Could not look for job “9”: down did not answer.',
    });
    expect(lookupOutcome('9', [])).toMatchObject({ found: false, message: 'No source can look jobs up by id.' });
  });

  it('asks only the sources that can look a job up', () => {
    const source = (id: string, capabilities: SourceSummary['capabilities']): SourceSummary => ({
      id,
      kind: 'bullmq',
      label: id,
      status: 'up',
      readOnly: false,
      capabilities,
      jobActionStates: {},
    });
    expect(lookupSources([source('a', ['queues', 'jobLookup']), source('b', ['queues'])]).map((s) => s.id)).toEqual(['a']);
  });
});
