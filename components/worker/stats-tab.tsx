'use client';
/**
 * What the worker says of itself (inspect `stats`): process id, uptime, broker, prefetch, resource
 * use, and how many tasks of each type it ran since it started; the whole answer as text below.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { WorkerDetailResponse } from '@/lib/api/schemas';
import { formatDuration } from '@/lib/client/format';
import { ListTable, cell } from '@/components/ui/list-table';
import { TextBlock } from '@/components/ui/text-block';
import { FactTable, InspectState, factText } from './inspect-state';

type Stats = {
  pid?: unknown;
  uptime?: unknown;
  clock?: unknown;
  prefetch_count?: unknown;
  broker?: Record<string, unknown>;
  rusage?: Record<string, unknown>;
  total?: Record<string, unknown>;
};

const RUSAGE = [
  ['utime', 'User CPU, s'],
  ['stime', 'System CPU, s'],
  ['maxrss', 'Peak memory (maxrss), KiB'],
  ['nvcsw', 'Voluntary context switches'],
  ['nivcsw', 'Involuntary context switches'],
] as const;

export function StatsTab({ worker, detail }: { worker: string; detail: UseQueryResult<WorkerDetailResponse> }) {
  return (
    <InspectState detail={detail} methods={['stats']} worker={worker}>
      {(data) => {
        const stats = data.stats as Stats;
        if (Object.keys(stats).length === 0) return null;
        const broker = stats.broker ?? {};
        const totals = Object.entries(stats.total ?? {}).sort(([, a], [, b]) => Number(b) - Number(a));
        return (
          <div className="space-y-4" data-testid="stats-tab">
            <FactTable
              label="Worker process"
              testId="worker-stats"
              rows={[
                ['Process id', factText(stats.pid)],
                ['Uptime', typeof stats.uptime === 'number' ? formatDuration(stats.uptime * 1000) : '—'],
                ['Prefetch count', factText(stats.prefetch_count)],
                ['Logical clock', factText(stats.clock)],
                [
                  'Broker',
                  `${factText(broker.transport)}://${factText(broker.hostname)}${broker.port ? `:${String(broker.port)}` : ''}${broker.virtual_host ? `/${String(broker.virtual_host)}` : ''}`,
                ],
                ...RUSAGE.filter(([key]) => stats.rusage?.[key] !== undefined).map(([key, label]) => {
                  const value = stats.rusage?.[key];
                  // CPU seconds come as binary floats (0.37685199999999996): milliseconds are plenty.
                  return [label, typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : factText(value)] as const;
                }),
              ]}
            />
            <section aria-labelledby="stats-totals">
              <h3 id="stats-totals" className="mb-1 text-sm font-semibold">
                Tasks run since it started, per type
              </h3>
              {totals.length ? (
                <ListTable label="Tasks run per type" testId="worker-totals" columns={[{ label: 'Task type' }, { label: 'Run', align: 'right' }]}>
                  {totals.map(([name, total]) => (
                    <tr key={name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                      <td className={`${cell} pl-0 break-all`}>{name}</td>
                      <td className={`${cell} text-right`}>{Number(total).toLocaleString('en-US')}</td>
                    </tr>
                  ))}
                </ListTable>
              ) : (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">None yet.</p>
              )}
            </section>
            <TextBlock label="The whole stats answer" text={JSON.stringify(stats, null, 2)} defaultOpen={false} testId="worker-stats-raw" />
          </div>
        );
      }}
    </InspectState>
  );
}
