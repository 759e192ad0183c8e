import { describe, expect, it } from 'vitest';
import { chronological, sparklinePoints, summarizeThroughput } from './sparkline';

describe('sparklinePoints', () => {
  it('spreads the values over the width, oldest on the left, highest at the top', () => {
    expect(sparklinePoints([0, 5, 10], { width: 12, height: 12, max: 10, inset: 1 })).toBe(
      '1,11 6,6 11,1',
    );
  });

  it('draws a flat line on the bottom edge when nothing happened', () => {
    expect(sparklinePoints([0, 0], { width: 10, height: 6, max: 0, inset: 1 })).toBe('1,5 9,5');
  });

  it('draws a single value as a point and nothing for no values', () => {
    expect(sparklinePoints([3], { width: 10, height: 6, max: 3, inset: 1 })).toBe('1,1');
    expect(sparklinePoints([], { width: 10, height: 6, max: 3 })).toBe('');
  });
});

describe('chronological', () => {
  it('turns a newest-first series around without touching it', () => {
    const newestFirst = [3, 2, 1];
    expect(chronological(newestFirst)).toEqual([1, 2, 3]);
    expect(newestFirst).toEqual([3, 2, 1]);
  });
});

describe('summarizeThroughput', () => {
  it('adds up the window and names the busiest and the last minute', () => {
    const summary = summarizeThroughput({ completed: [4, 1200, 0], failed: [1, 0, 2] }, 3);
    expect(summary).toMatchObject({ completed: 1204, failed: 3, peak: 1200, lastMinute: 5 });
    expect(summary.label).toBe(
      'Throughput, last 3 min: 1,204 completed, 3 failed; busiest minute 1,200, last minute 5',
    );
  });

  it('reads a queue that records only one type, or nothing finished', () => {
    expect(summarizeThroughput({ completed: [2, 0], failed: null }, 2).completed).toBe(2);
    expect(summarizeThroughput({ completed: [0, 0], failed: [0, 0] }, 60).label).toBe(
      'Throughput, last 60 min: no jobs finished',
    );
  });
});
