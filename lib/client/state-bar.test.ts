import { describe, expect, it } from 'vitest';
import { describeSegments, stateSegments } from './state-bar';

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('stateSegments', () => {
  it('is empty for a queue without jobs', () => {
    expect(stateSegments({ waiting: 0, completed: 0 })).toEqual([]);
  });

  it('gives each state its share, in the order work flows, leaving out empty states', () => {
    const segments = stateSegments({ failed: 50, waiting: 25, active: 25, delayed: 0 });
    expect(segments.map((segment) => segment.state)).toEqual(['waiting', 'active', 'failed']);
    expect(segments.map((segment) => segment.share)).toEqual([0.25, 0.25, 0.5]);
    expect(segments.map((segment) => segment.width)).toEqual([0.25, 0.25, 0.5]);
  });

  it('draws a tiny state at least at the floor and keeps the bar whole', () => {
    const segments = stateSegments({ completed: 10_000, failed: 3, waiting: 1 }, 0.03);
    const failed = segments.find((segment) => segment.state === 'failed')!;
    expect(failed.share).toBeCloseTo(3 / 10_004);
    expect(failed.width).toBe(0.03);
    expect(segments.find((segment) => segment.state === 'waiting')!.width).toBe(0.03);
    expect(sum(segments.map((segment) => segment.width))).toBeCloseTo(1, 10);
  });

  it('raises a state that the raising of others pushed under the floor', () => {
    // 0.031 of the jobs, but after two others are raised its proportional width would drop under 0.03.
    const segments = stateSegments({ waiting: 1, active: 1, delayed: 31, completed: 967 }, 0.03);
    for (const segment of segments) expect(segment.width).toBeGreaterThanOrEqual(0.03 - 1e-12);
    expect(sum(segments.map((segment) => segment.width))).toBeCloseTo(1, 10);
  });

  it('splits evenly when there are too many states for the floor', () => {
    const segments = stateSegments({ waiting: 1, active: 1000, failed: 1 }, 0.5);
    for (const segment of segments) expect(segment.width).toBeCloseTo(1 / 3, 10);
  });
});

describe('describeSegments', () => {
  it('says each state with its count and share', () => {
    expect(describeSegments(stateSegments({ completed: 10_482, failed: 17, waiting: 12 }))).toBe(
      'waiting 12 (<1%), completed 10,482 (100%), failed 17 (<1%)',
    );
    expect(describeSegments(stateSegments({ waiting: 1, failed: 3 }))).toBe(
      'waiting 1 (25%), failed 3 (75%)',
    );
    expect(describeSegments([])).toBe('no jobs');
  });
});
