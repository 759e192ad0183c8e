import type { Worker } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';

/** Online / offline / unknown, the same badge everywhere a worker is named. */
export function WorkerStatusBadge({ worker }: { worker: Pick<Worker, 'status' | 'heartbeat'> }) {
  const tone = worker.status === 'online' ? 'green' : worker.status === 'offline' ? 'red' : 'neutral';
  const title =
    worker.status === 'offline' && worker.heartbeat
      ? worker.heartbeat.saidOffline
        ? 'It said it was going offline (a shutdown)'
        : `No heartbeat within ${2 * worker.heartbeat.freq} s (twice its ${worker.heartbeat.freq} s interval)`
      : undefined;
  return (
    <span title={title}>
      <Badge tone={tone} testId="worker-status">
        {worker.status}
      </Badge>
    </span>
  );
}

/** `0.52 0.61 0.70`: the 1, 5 and 15 minute load average. */
export function formatLoadAverage(load: readonly number[] | null | undefined): string {
  return load && load.length ? load.map((value) => value.toFixed(2)).join(' ') : '—';
}

/** The pool's size as last inspected: `4`, or `4 (2–8)` for an autoscaling pool. */
export function formatPoolSize(pool: Worker['pool']): string {
  if (!pool || pool.size === null) return '—';
  return pool.autoscaler ? `${pool.size} (${pool.autoscaler.min}–${pool.autoscaler.max})` : String(pool.size);
}
