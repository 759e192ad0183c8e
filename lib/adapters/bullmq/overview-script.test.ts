import { describe, expect, it } from 'vitest';
import { overviewKeys, toOverviewFacts, VALUES_PER_QUEUE } from './overview-script';

describe('overview script mapping', () => {
  it('passes eleven keys per queue in the order the script reads them', () => {
    const keys = overviewKeys('bull', ['a', 'b:c']);
    expect(keys).toHaveLength(22);
    expect(keys.slice(0, 3)).toEqual(['bull:a:meta', 'bull:a:wait', 'bull:a:paused']);
    expect(keys[11]).toBe('bull:b:c:meta');
    expect(keys[21]).toBe('bull:b:c:repeat');
  });

  it('splits the flat reply into one record per queue, nil meta fields as null', () => {
    const queueA = ['1', '5', null, null, '6.7.0', 3, 0, 1, 2, 0, 0, 100, 7, '4', 850, 2];
    const queueB = [null, null, '10', '1000', null, 0, 9, 0, 0, 0, 0, 0, 0, null, -2, 0];
    expect(queueA).toHaveLength(VALUES_PER_QUEUE);
    const [a, b] = toOverviewFacts([...queueA, ...queueB], 2);
    expect(a).toEqual({
      meta: ['1', '5', null, null, '6.7.0'],
      lengths: {
        wait: 3,
        paused: 0,
        active: 1,
        delayed: 2,
        prioritized: 0,
        waitingChildren: 0,
        completed: 100,
        failed: 7,
      },
      limiterValue: '4',
      limiterPttl: 850,
      schedulerCount: 2,
    });
    expect(b?.meta).toEqual([null, null, '10', '1000', null]);
    expect(b?.lengths.paused).toBe(9);
    expect(b?.limiterPttl).toBe(-2);
  });

  it('refuses a reply of the wrong length rather than shifting every queue', () => {
    expect(() => toOverviewFacts([1, 2, 3], 1)).toThrow(/3 values for 1 queues/);
  });
});
