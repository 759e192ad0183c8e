import type { JobState } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';
import type { BadgeTone } from '@/components/ui/badge';

export const stateTones: Record<JobState, BadgeTone> = {
  waiting: 'neutral',
  prioritized: 'neutral',
  delayed: 'violet',
  active: 'blue',
  'waiting-children': 'violet',
  completed: 'green',
  failed: 'red',
  cancelled: 'amber',
  paused: 'amber',
};

export function StateBadge({ state, nativeState }: { state: JobState; nativeState?: string }) {
  return (
    <span title={nativeState && nativeState !== state ? `native state: ${nativeState}` : undefined}>
      <Badge tone={stateTones[state]} testId="state-badge">
        {state}
      </Badge>
    </span>
  );
}
