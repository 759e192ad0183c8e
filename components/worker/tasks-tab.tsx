'use client';
/**
 * The tasks a worker holds (inspect `active`, `reserved`, `scheduled`, `revoked`), as it describes
 * them: args and kwargs are its Python reprs, shown as text. Each id links to the task's page.
 */
import Link from 'next/link';
import type { UseQueryResult } from '@tanstack/react-query';
import type { WorkerDetailResponse } from '@/lib/api/schemas';
import type { InspectedTask } from '@/lib/adapters/types';
import { taskHref } from '@/lib/client/worker-routes';
import { ListTable, cell } from '@/components/ui/list-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { InspectState } from './inspect-state';

function TaskTable({ source, tasks, kind }: { source: string; tasks: readonly InspectedTask[]; kind: 'active' | 'reserved' | 'scheduled' }) {
  return (
    <ListTable
      label={`${kind} tasks`}
      testId={`worker-tasks-${kind}`}
      columns={[
        { label: 'Task' },
        { label: kind === 'active' ? 'Started' : kind === 'scheduled' ? 'ETA' : 'Queue' },
        { label: 'Args' },
        { label: 'Kwargs' },
        ...(kind === 'active' ? [{ label: 'Process', align: 'right' as const }] : []),
      ]}
    >
      {tasks.map((task) => (
        <tr key={task.id} data-testid="worker-task-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
          <td className={`${cell} pl-0`}>
            <div className="font-medium break-all">{task.name ?? '(unknown task)'}</div>
            <Link href={taskHref(source, task.id)} className="font-mono text-xs break-all text-sky-700 hover:underline dark:text-sky-400" data-testid="worker-task-link">
              {task.id}
            </Link>
          </td>
          <td className={`${cell} whitespace-nowrap`}>
            {kind === 'active' ? <RelativeTime at={task.startedAt} /> : kind === 'scheduled' ? (task.eta ?? '—') : (task.queue ?? '—')}
          </td>
          <td className={`${cell} max-w-64 font-mono text-xs break-all`}>{task.args ?? '—'}</td>
          <td className={`${cell} max-w-64 font-mono text-xs break-all`}>{task.kwargs ?? '—'}</td>
          {kind === 'active' ? <td className={`${cell} text-right`}>{task.workerPid ?? '—'}</td> : null}
        </tr>
      ))}
    </ListTable>
  );
}

const sections = [
  { kind: 'active', title: 'Running', empty: 'Nothing running.' },
  { kind: 'reserved', title: 'Reserved (prefetched, waiting for a free process)', empty: 'Nothing reserved.' },
  { kind: 'scheduled', title: 'Scheduled (ETA or countdown, held until due)', empty: 'Nothing scheduled.' },
] as const;

export function TasksTab({ source, worker, detail }: { source: string; worker: string; detail: UseQueryResult<WorkerDetailResponse> }) {
  return (
    <InspectState detail={detail} methods={['active', 'reserved', 'scheduled', 'revoked']} worker={worker}>
      {(data) => (
        <div className="space-y-4" data-testid="tasks-tab">
          {sections.map((section) => {
            const tasks = data[section.kind];
            return (
              <section key={section.kind} aria-labelledby={`tasks-${section.kind}`}>
                <h3 id={`tasks-${section.kind}`} className="mb-1 text-sm font-semibold">
                  {section.title} <span className="tabular font-normal text-zinc-500 dark:text-zinc-400">{tasks.length}</span>
                </h3>
                {tasks.length ? (
                  <TaskTable source={source} tasks={tasks} kind={section.kind} />
                ) : (
                  <p className="text-sm text-zinc-500 dark:text-zinc-400">{data.unanswered.includes(section.kind) ? 'Not answered.' : section.empty}</p>
                )}
              </section>
            );
          })}
          <section aria-labelledby="tasks-revoked">
            <h3 id="tasks-revoked" className="mb-1 text-sm font-semibold">
              Revoked (this worker will not run them) <span className="tabular font-normal text-zinc-500 dark:text-zinc-400">{data.revoked.length}</span>
            </h3>
            {data.revoked.length ? (
              <ul className="flex flex-wrap gap-x-3 gap-y-1 font-mono text-xs" data-testid="worker-revoked">
                {data.revoked.slice(0, 200).map((id) => (
                  <li key={id}>
                    <Link href={taskHref(source, id)} className="break-all text-sky-700 hover:underline dark:text-sky-400">
                      {id}
                    </Link>
                  </li>
                ))}
                {data.revoked.length > 200 ? <li className="text-zinc-500">and {data.revoked.length - 200} more</li> : null}
              </ul>
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">{data.unanswered.includes('revoked') ? 'Not answered.' : 'None.'}</p>
            )}
          </section>
        </div>
      )}
    </InspectState>
  );
}
