import { describe, expect, it } from 'vitest';
import type { MeResponse } from '@/lib/api/schemas';
import type { SourceSummary } from '@/lib/api/schemas';
import type { Role } from '@/lib/api/schemas-actions';
import type { BulkQueueAction, MatchingAction } from '@/lib/client/actions';
import {
  bulkActionCapability,
  bulkActionRole,
  canRetryDeadLetters,
  controlsFor,
  matchingActionRole,
} from '@/components/access/permissions';

const source = (overrides: Partial<SourceSummary> = {}): SourceSummary => ({
  id: 'main',
  kind: 'bullmq',
  label: 'main',
  status: 'up',
  readOnly: false,
  capabilities: [
    'queues',
    'deadLetters',
    'job.retry',
    'job.remove',
    'queue.pause',
    'queue.retryAll',
    'queue.promoteAll',
    'queue.clean',
    'queue.drain',
    'queue.obliterate',
    'matching.retry',
    'matching.promote',
    'matching.remove',
    'queueLimit.rateLimit',
  ],
  jobActionStates: { retry: ['failed', 'completed'], remove: ['failed', 'waiting'] },
  ...overrides,
});
const me = (role: Role, readOnly = false): MeResponse => ({
  principal: { id: 'someone', role },
  readOnly,
});

/** The queue-wide and filtered actions a principal of `role` is shown on a writable source. */
function shown(role: Role) {
  const controls = controlsFor(source(), me(role));
  return {
    bulk: (Object.keys(bulkActionRole) as BulkQueueAction[]).filter((action) =>
      controls.can(bulkActionCapability[action], bulkActionRole[action]),
    ),
    matching: (Object.keys(matchingActionRole) as MatchingAction[]).filter((action) =>
      controls.can(`matching.${action}`, matchingActionRole[action]),
    ),
    pause: controls.can('queue.pause'),
    rateLimit: controls.can('queueLimit.rateLimit'),
  };
}

describe('controlsFor', () => {
  it('shows an admin every control the adapter has', () => {
    expect(shown('admin')).toEqual({
      bulk: ['retry-all', 'promote-all', 'clean', 'drain', 'obliterate'],
      matching: ['retry', 'promote', 'remove'],
      pause: true,
      rateLimit: true,
    });
  });

  it('hides clean, drain, obliterate and remove-matching from an operator', () => {
    expect(shown('operator')).toEqual({
      bulk: ['retry-all', 'promote-all'],
      matching: ['retry', 'promote'],
      pause: true,
      rateLimit: true,
    });
  });

  it('hides every control from a viewer, who can still search', () => {
    expect(shown('viewer')).toEqual({ bulk: [], matching: [], pause: false, rateLimit: false });
    const controls = controlsFor(source({ capabilities: ['search'] }), me('viewer'));
    expect(controls.has('search')).toBe(true);
  });

  it('hides everything until the principal is known, but knows the source is ready', () => {
    const controls = controlsFor(source(), undefined);
    expect(controls.ready).toBe(true);
    expect(controls.can('job.retry')).toBe(false);
    expect(controlsFor(undefined, me('admin'))).toMatchObject({ ready: false, readOnly: false });
    expect(controlsFor(undefined, me('admin')).can('job.retry')).toBe(false);
    expect(controlsFor(undefined, me('admin')).appliesTo('retry', 'failed')).toBe(false);
  });

  it('hides every control of a read-only source, even from an admin', () => {
    const controls = controlsFor(source({ readOnly: true }), me('admin'));
    expect(controls.readOnly).toBe(true);
    expect(controls.can('job.retry')).toBe(false);
    expect(controls.has('job.retry')).toBe(true);
  });

  it('hides what the adapter cannot do', () => {
    const controls = controlsFor(source({ capabilities: ['job.retry'] }), me('admin'));
    expect(controls.can('job.retry')).toBe(true);
    expect(controls.can('queue.pause')).toBe(false);
  });

  it("offers a job verb only in the states the source declares for it", () => {
    const bullmq = controlsFor(source(), me('admin'));
    expect(bullmq.appliesTo('retry', 'failed')).toBe(true);
    expect(bullmq.appliesTo('retry', 'active')).toBe(false);
    expect(bullmq.appliesTo('cancel', 'active')).toBe(false);
    const celery = controlsFor(
      source({
        kind: 'celery',
        capabilities: ['job.retry', 'job.cancel'],
        jobActionStates: { retry: ['failed', 'cancelled'], cancel: ['waiting', 'delayed', 'active'] },
      }),
      me('operator'),
    );
    expect(celery.kind).toBe('celery');
    expect(celery.appliesTo('retry', 'cancelled')).toBe(true);
    expect(celery.appliesTo('cancel', 'waiting')).toBe(true);
    expect(celery.appliesTo('remove', 'failed')).toBe(false);
    expect(celery.can('job.remove')).toBe(false);
  });
});

describe('canRetryDeadLetters', () => {
  it('needs an operator and one writable source with dead letters that can retry them', () => {
    const writable = source();
    const frozen = source({ id: 'frozen', readOnly: true });
    expect(canRetryDeadLetters([frozen, writable], me('operator'))).toBe(true);
    expect(canRetryDeadLetters([frozen, writable], me('viewer'))).toBe(false);
    expect(canRetryDeadLetters([frozen], me('admin'))).toBe(false);
    expect(canRetryDeadLetters([source({ capabilities: ['queues'] })], me('admin'))).toBe(false);
    expect(
      canRetryDeadLetters([source({ capabilities: ['job.retry', 'matching.retry'] })], me('admin')),
    ).toBe(false);
    expect(canRetryDeadLetters([writable], undefined)).toBe(false);
    expect(canRetryDeadLetters(undefined, me('admin'))).toBe(false);
  });
});
