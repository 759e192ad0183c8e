import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest entries in order and finds those after a point', () => {
    const ring = new RingBuffer<number>(3);
    for (let n = 1; n <= 5; n++) ring.push(n);
    expect(ring.size).toBe(3);
    expect(ring.first()).toBe(3);
    expect(ring.since((n) => n > 3)).toEqual([4, 5]);
    expect(ring.since((n) => n > 0)).toEqual([3, 4, 5]);
    expect(ring.since((n) => n > 5)).toEqual([]);
  });
});
