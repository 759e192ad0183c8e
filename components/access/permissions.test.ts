import { describe, expect, it } from 'vitest';
import type { MeResponse } from '@/lib/api/schemas';
import type { SourceSummary } from '@/lib/api/schemas';
import type { Role } from '@/lib/api/schemas-actions';
import type { BulkQueueAction, MatchingAction } from '@/lib/client/actions';
import {
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
  capabilities: ['queues', 'retry', 'remove', 'clean', 'obliterate', 'pause', 'rateLimit'],
  ...overrides,
});
const me = (role: Role, readOnly = false): MeResponse => ({
  principal: { id: 'someone', role },
  readOnly,
});

/** The queue-wide and filtered actions a principal of `role` is shown on a writable source. */
function shown(role: Role) {
  const controls = controlsFor(source(), me(role));
  const capability = {
    'retry-all': 'retry',
    'promote-all': 'retry',
    clean: 'clean',
    drain: 'clean',
    obliterate: 'obliterate',
  } as const;
  return {
    bulk: (Object.keys(bulkActionRole) as BulkQueueAction[]).filter((action) =>
      controls.can(capability[action], bulkActionRole[action]),
    ),
    matching: (Object.keys(matchingActionRole) as MatchingAction[]).filter((action) =>
      controls.can(action === 'remove' ? 'remove' : 'retry', matchingActionRole[action]),
    ),
    pause: controls.can('pause'),
    rateLimit: controls.can('rateLimit'),
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
    expect(controls.can('retry')).toBe(false);
    expect(controlsFor(undefined, me('admin'))).toMatchObject({ ready: false, readOnly: false });
    expect(controlsFor(undefined, me('admin')).can('retry')).toBe(false);
  });

  it('hides every control of a read-only source, even from an admin', () => {
    const controls = controlsFor(source({ readOnly: true }), me('admin'));
    expect(controls.readOnly).toBe(true);
    expect(controls.can('retry')).toBe(false);
    expect(controls.has('retry')).toBe(true);
  });

  it('hides what the adapter cannot do', () => {
    const controls = controlsFor(source({ capabilities: ['retry'] }), me('admin'));
    expect(controls.can('retry')).toBe(true);
    expect(controls.can('pause')).toBe(false);
  });
});

describe('canRetryDeadLetters', () => {
  it('needs an operator and one writable BullMQ source that can retry', () => {
    const writable = source();
    const frozen = source({ id: 'frozen', readOnly: true });
    expect(canRetryDeadLetters([frozen, writable], me('operator'))).toBe(true);
    expect(canRetryDeadLetters([frozen, writable], me('viewer'))).toBe(false);
    expect(canRetryDeadLetters([frozen], me('admin'))).toBe(false);
    expect(canRetryDeadLetters([source({ capabilities: ['queues'] })], me('admin'))).toBe(false);
    expect(canRetryDeadLetters([writable], undefined)).toBe(false);
    expect(canRetryDeadLetters(undefined, me('admin'))).toBe(false);
  });
});
