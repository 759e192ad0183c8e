/**
 * The segments of a queue's stacked state bar (pure): each state's share of the queue's jobs, with
 * a floor so that 3 failed jobs beside 10,000 completed ones still show as a sliver.
 */
import type { JobState } from './types';

/** Left to right as work flows: waiting, held back, running, done. */
export const stateBarOrder: readonly JobState[] = [
  'waiting',
  'prioritized',
  'paused',
  'delayed',
  'waiting-children',
  'active',
  'completed',
  'failed',
  'cancelled',
];

export interface StateSegment {
  state: JobState;
  count: number;
  /** The true share of the queue's jobs, 0..1. */
  share: number;
  /** The drawn share, 0..1; the widths of a bar add up to 1. */
  width: number;
}

/** The narrowest a non-empty state is drawn, as a share of the bar. */
export const MIN_SEGMENT_WIDTH = 0.03;

export function stateSegments(
  counts: Partial<Record<JobState, number>>,
  minWidth = MIN_SEGMENT_WIDTH,
): StateSegment[] {
  const present = stateBarOrder
    .map((state) => ({ state, count: counts[state] ?? 0 }))
    .filter((entry) => entry.count > 0);
  const total = present.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return [];
  const floor = Math.min(minWidth, 1 / present.length);
  // Raise the small ones to the floor and share what is left among the others by their counts;
  // shrinking the others can push one of them under the floor, so repeat until none moves.
  const raised = new Set<JobState>();
  for (;;) {
    const rest = present.filter((entry) => !raised.has(entry.state));
    const restCount = rest.reduce((sum, entry) => sum + entry.count, 0);
    const restWidth = 1 - raised.size * floor;
    const under = rest.filter((entry) => (entry.count / restCount) * restWidth < floor);
    if (under.length === 0) {
      return present.map((entry) => ({
        ...entry,
        share: entry.count / total,
        width: raised.has(entry.state) ? floor : (entry.count / restCount) * restWidth,
      }));
    }
    for (const entry of under) raised.add(entry.state);
  }
}

function percent(share: number): string {
  if (share >= 0.995) return '100%';
  if (share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** The bar in words, for its accessible name and tooltip: "waiting 12 (1%), completed 1,204 (99%)". */
export function describeSegments(segments: readonly StateSegment[]): string {
  if (segments.length === 0) return 'no jobs';
  return segments
    .map(
      (segment) =>
        `${segment.state} ${segment.count.toLocaleString('en-US')} (${percent(segment.share)})`,
    )
    .join(', ');
}
