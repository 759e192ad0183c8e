import { describeSegments, stateSegments } from '@/lib/client/state-bar';
import type { JobState } from '@/lib/client/types';
import type { BadgeTone } from '@/components/ui/badge';
import { stateTones } from '@/components/ui/state-badge';

/** The fill of each badge tone, so a segment has the colour of its state's badge. */
const toneFill: Record<BadgeTone, string> = {
  neutral: 'bg-zinc-400 dark:bg-zinc-500',
  green: 'bg-emerald-500 dark:bg-emerald-500',
  red: 'bg-red-500 dark:bg-red-500',
  amber: 'bg-amber-400 dark:bg-amber-500',
  blue: 'bg-sky-500 dark:bg-sky-400',
  violet: 'bg-violet-500 dark:bg-violet-400',
};

/**
 * One thin bar of a queue's jobs by state, each segment its state's share (small ones drawn at a
 * minimum width). The bar is an image whose name says the counts in words.
 */
export function StateBar({
  counts,
  className = '',
}: {
  counts: Partial<Record<JobState, number>>;
  className?: string;
}) {
  const segments = stateSegments(counts);
  const text = describeSegments(segments);
  return (
    <div
      role="img"
      aria-label={`Jobs by state: ${text}`}
      title={text}
      data-testid="state-bar"
      className={`flex h-1.5 gap-px overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 ${className}`}
    >
      {segments.map((segment) => (
        <span
          key={segment.state}
          data-testid="state-bar-segment"
          data-state={segment.state}
          className={`min-w-0.5 ${toneFill[stateTones[segment.state]]}`}
          style={{ flexGrow: segment.width, flexBasis: 0 }}
        />
      ))}
    </div>
  );
}
