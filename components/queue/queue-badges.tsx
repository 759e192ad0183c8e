import { formatDuration, formatRateLimit } from '@/lib/client/format';
import type { Queue } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';

/** Paused, rate-limited and the limits configured on a queue, as small badges. */
export function QueueBadges({ queue }: { queue: Queue }) {
  const limited = queue.rateLimitedForMs > 0;
  if (!queue.paused && !limited && !queue.rateLimit && queue.globalConcurrency === null) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {queue.paused ? (
        <Badge tone="amber" testId="badge-paused">
          paused
        </Badge>
      ) : null}
      {limited ? (
        <Badge tone="red" testId="badge-rate-limited">
          rate-limited {formatDuration(queue.rateLimitedForMs)}
        </Badge>
      ) : null}
      {queue.rateLimit ? (
        <Badge tone="neutral" testId="badge-rate-limit">
          rate limit {formatRateLimit(queue.rateLimit)}
        </Badge>
      ) : null}
      {queue.globalConcurrency !== null ? (
        <Badge tone="neutral" testId="badge-concurrency">
          concurrency {queue.globalConcurrency}
        </Badge>
      ) : null}
    </span>
  );
}
