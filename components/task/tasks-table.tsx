import Link from 'next/link';
import type { TaskRow } from '@/lib/api/schemas';
import { formatBytes } from '@/lib/client/format';
import { taskHref, tasksHref } from '@/lib/client/routes';
import { emptyTaskFilter, taskSearch } from '@/lib/client/task-filter';
import { ListTable, cell, hiddenBelow } from '@/components/ui/list-table';
import type { Column } from '@/components/ui/list-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { StateBadge } from '@/components/ui/state-badge';

const columns: Column[] = [
  { label: 'State' },
  { label: 'Task' },
  { label: 'Args', hideBelow: 'md' },
  { label: 'Worker', hideBelow: 'lg' },
  { label: 'Queue', hideBelow: 'lg' },
  { label: 'Received', hideBelow: 'md' },
  { label: 'Started', hideBelow: 'md' },
  { label: 'Finished' },
];

const link = 'text-sky-700 hover:underline dark:text-sky-400';

/** The reprs as the worker printed them, cut for the list (the task page has them whole). */
function argsText(task: TaskRow): string {
  const args = task.argsPreview ?? '';
  const kwargs = task.kwargsPreview && task.kwargsPreview !== '{}' ? task.kwargsPreview : '';
  return [args, kwargs].filter(Boolean).join(' ');
}

/** Tasks newest first: state, name and id (a link to the task), args, where and when it ran. */
export function TasksTable({ source, tasks }: { source: string; tasks: readonly TaskRow[] }) {
  return (
    <ListTable label="Tasks" testId="tasks-table" columns={columns}>
      {tasks.map((task) => {
        const args = argsText(task);
        return (
          <tr
            key={task.id}
            data-testid="task-row"
            data-task-id={task.id}
            data-state={task.state}
            className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60"
          >
            <td className={`${cell} pl-0`}>
              <StateBadge state={task.state} nativeState={task.nativeState} />
              {task.retries > 0 ? (
                <div className="mt-0.5 text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                  {task.retries} {task.retries === 1 ? 'retry' : 'retries'}
                </div>
              ) : null}
            </td>
            <td className={`${cell} max-w-[28rem] min-w-40`}>
              <Link href={taskHref(source, task.id)} className={`${link} break-all`} data-testid="task-link">
                {task.name}
              </Link>
              <div className="font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">{task.id}</div>
              {task.exception ? (
                <div className="mt-0.5 line-clamp-2 text-xs break-all text-red-700 dark:text-red-400" title={task.exception}>
                  {task.exception}
                </div>
              ) : null}
            </td>
            <td className={`${cell} ${hiddenBelow.md} max-w-64`}>
              <span className="line-clamp-2 font-mono text-xs break-all" title={args || undefined}>
                {args || <span className="text-zinc-500 dark:text-zinc-400">—</span>}
              </span>
              {task.argsBytes > 1024 ? <span className="text-xs text-zinc-500 dark:text-zinc-400"> ({formatBytes(task.argsBytes)})</span> : null}
            </td>
            <td className={`${cell} ${hiddenBelow.lg} max-w-48 text-xs break-all`}>
              {task.worker ? (
                <Link href={tasksHref(source, taskSearch({ ...emptyTaskFilter, worker: task.worker }))} className={link}>
                  {task.worker}
                </Link>
              ) : (
                <span className="text-zinc-500 dark:text-zinc-400">—</span>
              )}
            </td>
            <td className={`${cell} ${hiddenBelow.lg} text-xs break-all`}>
              <Link href={tasksHref(source, taskSearch({ ...emptyTaskFilter, queue: task.queue }))} className={link}>
                {task.queue}
              </Link>
            </td>
            <td className={`${cell} ${hiddenBelow.md}`}>
              <RelativeTime at={task.receivedAt ?? task.sentAt} />
            </td>
            <td className={`${cell} ${hiddenBelow.md}`}>
              <RelativeTime at={task.startedAt} />
            </td>
            <td className={cell}>
              <RelativeTime at={task.finishedAt} empty={task.runAt ? 'due later' : '—'} />
            </td>
          </tr>
        );
      })}
    </ListTable>
  );
}
