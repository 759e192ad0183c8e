'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDuration } from '@/lib/client/format';
import { useSchedules } from '@/lib/client/hooks';
import { queueHref } from '@/lib/client/routes';
import type { Schedule } from '@/lib/client/types';
import { QueryView } from '@/components/ui/query-view';
import { RelativeTime } from '@/components/ui/relative-time';

/** `rowActions`: controls for one schedule (edit, run now, remove), shown in a last column. */
export function SchedulesTable({
  source,
  rowActions,
}: {
  source: string;
  rowActions?: (schedule: Schedule) => ReactNode;
}) {
  const schedules = useSchedules(source);
  return (
    <QueryView query={schedules}>
      {(data) =>
        data.schedules.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="schedules-empty">
            No schedules.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="tabular w-full text-sm" data-testid="schedules-table">
              <thead>
                <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:text-zinc-400 uppercase dark:border-zinc-800">
                  <th className="py-1.5 pr-3 font-medium">Schedule</th>
                  <th className="px-2 py-1.5 font-medium">Queue</th>
                  <th className="px-2 py-1.5 font-medium">Job name</th>
                  <th className="px-2 py-1.5 font-medium">Every / pattern</th>
                  <th className="px-2 py-1.5 font-medium">Next run</th>
                  <th className="px-2 py-1.5 text-right font-medium">Runs</th>
                  {rowActions ? <th className="px-2 py-1.5 font-medium">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.schedules.map((schedule) => (
                  <tr
                    key={`${schedule.queue}\u0000${schedule.id}`}
                    data-testid="schedule-row"
                    className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60"
                  >
                    <td className="py-1.5 pr-3 break-all">{schedule.id}</td>
                    <td className="px-2 py-1.5">
                      <Link href={queueHref(source, schedule.queue)} className="break-all text-sky-700 hover:underline dark:text-sky-400">
                        {schedule.queue}
                      </Link>
                    </td>
                    <td className="px-2 py-1.5 break-all">{schedule.name}</td>
                    <td className="px-2 py-1.5 whitespace-nowrap">
                      {schedule.pattern ?? (schedule.everyMs !== null ? `every ${formatDuration(schedule.everyMs)}` : '—')}
                      {schedule.tz ? <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">{schedule.tz}</span> : null}
                    </td>
                    <td className="px-2 py-1.5">
                      <RelativeTime at={schedule.nextRunAt} />
                    </td>
                    <td className="px-2 py-1.5 text-right">
                      {schedule.iterations ?? 0}
                      {schedule.limit !== null ? ` / ${schedule.limit}` : ''}
                    </td>
                    {rowActions ? <td className="px-2 py-1.5">{rowActions(schedule)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryView>
  );
}
