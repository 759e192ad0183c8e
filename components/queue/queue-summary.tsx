'use client';
import { formatRateLimit } from '@/lib/client/format';
import { useQueue } from '@/lib/client/hooks';
import type { QueueResponse } from '@/lib/client/types';
import { QueryView } from '@/components/ui/query-view';
import { QueueBadges } from '@/components/queue/queue-badges';

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400 uppercase">{label}</dt>
      <dd className="tabular font-medium break-words" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function Summary({ data }: { data: QueueResponse }) {
  const { queue, metrics } = data;
  return (
    <div className="space-y-2">
      <QueueBadges queue={queue} />
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-6">
        <Fact label="Workers" value={queue.workerCount === null ? 'unknown' : String(queue.workerCount)} />
        <Fact label="Schedulers" value={String(queue.schedulerCount)} />
        <Fact label="Concurrency" value={queue.globalConcurrency === null ? 'unlimited' : String(queue.globalConcurrency)} />
        <Fact
          label="Rate limit"
          value={queue.rateLimit ? formatRateLimit(queue.rateLimit) : 'none'}
          testId="fact-rate-limit"
        />
        {metrics?.completed ? <Fact label="Completed / last min" value={String(metrics.completed.points[0] ?? 0)} /> : null}
        {metrics?.failed ? <Fact label="Failed / last min" value={String(metrics.failed.points[0] ?? 0)} /> : null}
        {Object.entries(queue.meta).map(([key, value]) => (
          <Fact key={key} label={key} value={value} />
        ))}
      </dl>
    </div>
  );
}

export function QueueSummary({ source, queue }: { source: string; queue: string }) {
  const query = useQueue(source, queue);
  return <QueryView query={query}>{(data) => <Summary data={data} />}</QueryView>;
}
