import { describe, expect, it } from 'vitest';
import type { SourceActions } from './types';
import { actionCapabilitiesOf, actionMethod, capabilities, jobActionStatesOf, jobStates } from './types';

const noop = () => Promise.resolve(null);

describe('action groups', () => {
  it('declare exactly the verbs whose methods are there, as <group>.<verb>', () => {
    const actions: SourceActions = {
      job: { retry: noop, cancel: noop },
      taskType: { rateLimit: () => Promise.resolve({ replies: {}, noReply: [], addressed: [], deadlineMs: 0 }) },
      close: () => Promise.resolve(),
    };
    expect(actionCapabilitiesOf(actions)).toEqual(['job.retry', 'job.cancel', 'taskType.rateLimit']);
    expect(actionCapabilitiesOf(undefined)).toEqual([]);
    expect(actionCapabilitiesOf({ close: () => Promise.resolve() })).toEqual([]);
    for (const capability of actionCapabilitiesOf(actions)) expect(capabilities).toContain(capability);
  });

  it('hand out a verb bound to its group, or null when the source lacks it', async () => {
    const group = {
      calls: 0,
      purge(this: { calls: number }) {
        this.calls++;
        return Promise.resolve({ purged: this.calls });
      },
    };
    const actions: SourceActions = { broker: group, close: () => Promise.resolve() };
    await expect(actionMethod(actions, 'broker', 'purge')!('q')).resolves.toEqual({ purged: 1 });
    expect(actionMethod(actions, 'job', 'retry')).toBeNull();
    expect(actionMethod(undefined, 'broker', 'purge')).toBeNull();
  });

  it('say for each job verb the states it applies in, every state when the group does not say', () => {
    const actions: SourceActions = {
      job: { appliesTo: { cancel: ['active'] }, cancel: noop, duplicate: noop },
      close: () => Promise.resolve(),
    };
    expect(jobActionStatesOf(actions)).toEqual({ cancel: ['active'], duplicate: [...jobStates] });
  });
});
