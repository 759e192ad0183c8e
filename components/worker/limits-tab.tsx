'use client';
/**
 * The task types a worker runs (inspect `registered`) with the rate and time limits it applies now;
 * each row opens an editor. A limit is told to every worker of the source (Celery's rate_limit /
 * time_limit broadcast) and read back from this worker's `registered` answer.
 */
import { Fragment, useState } from 'react';
import type { TaskTypeLimitResponse } from '@/lib/api/schemas';
import { CeleryRate } from '@/lib/api/schemas';
import type { RegisteredTask } from '@/lib/adapters/types';
import { useTaskTypeLimit } from '@/lib/client/worker-actions';
import type { TaskTypeLimit } from '@/lib/client/worker-actions';
import { ControlButton, inputClass } from '@/components/ui/control-button';
import { ErrorBox } from '@/components/ui/error-box';
import { ListTable, cell } from '@/components/ui/list-table';
import { InspectState } from './inspect-state';
import type { WorkerTabProps } from './inspect-state';
import { WorkerRepliesStatus } from './worker-replies';

const seconds = (value: number | null) => (value === null ? '—' : `${value} s`);

function LimitEditor({ source, task, onDone }: { source: string; task: RegisteredTask; onDone: () => void }) {
  const limit = useTaskTypeLimit(source);
  const [rate, setRate] = useState(task.rateLimit ?? '');
  const [soft, setSoft] = useState(task.softTimeLimit === null ? '' : String(task.softTimeLimit));
  const [hard, setHard] = useState(task.timeLimit === null ? '' : String(task.timeLimit));
  const [answer, setAnswer] = useState<TaskTypeLimitResponse | null>(null);
  const rateValid = CeleryRate.safeParse(rate.trim()).success;
  const num = (text: string) => (text.trim() === '' ? null : Number(text));
  const softN = num(soft);
  const hardN = num(hard);
  const timeValid =
    (softN !== null || hardN !== null) &&
    [softN, hardN].every((value) => value === null || (Number.isFinite(value) && value > 0)) &&
    (softN === null || hardN === null || softN <= hardN);
  const send = (change: TaskTypeLimit) => {
    setAnswer(null);
    limit.mutate({ taskType: task.name, change }, { onSuccess: setAnswer });
  };
  return (
    <div className="space-y-3 rounded-md bg-zinc-50 p-3 dark:bg-zinc-950/50" data-testid="limit-editor">
      <form
        className="flex flex-wrap items-center gap-2"
        aria-label={`Rate limit of ${task.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          if (rateValid) send({ limit: 'rate-limit', rate: rate.trim() });
        }}
      >
        <label className="flex items-center gap-2 text-sm">
          Rate limit
          <input
            className={`${inputClass} w-28`}
            value={rate}
            onChange={(event) => setRate(event.target.value)}
            placeholder="10/m"
            aria-describedby={`rate-help-${task.name}`}
            data-testid="rate-input"
          />
        </label>
        <ControlButton type="submit" tone="primary" disabled={!rateValid || limit.isPending} data-testid="rate-set">
          Set rate
        </ControlButton>
        <ControlButton disabled={limit.isPending || task.rateLimit === null} onClick={() => send({ limit: 'rate-limit', rate: null })} data-testid="rate-remove">
          Remove
        </ControlButton>
        <span id={`rate-help-${task.name}`} className="text-xs text-zinc-500 dark:text-zinc-400">
          tasks per second, minute or hour (5/s, 10/m, 100/h), per worker: each worker applies it to itself
        </span>
      </form>
      <form
        className="flex flex-wrap items-center gap-2"
        aria-label={`Time limits of ${task.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          if (timeValid) send({ limit: 'time-limit', time: { soft: softN, hard: hardN } });
        }}
      >
        <label className="flex items-center gap-2 text-sm">
          Soft
          <input className={`${inputClass} w-20`} type="number" min={0} step="any" value={soft} onChange={(event) => setSoft(event.target.value)} data-testid="soft-input" />
        </label>
        <label className="flex items-center gap-2 text-sm">
          Hard
          <input className={`${inputClass} w-20`} type="number" min={0} step="any" value={hard} onChange={(event) => setHard(event.target.value)} data-testid="hard-input" />
        </label>
        <span className="text-sm">seconds</span>
        <ControlButton type="submit" tone="primary" disabled={!timeValid || limit.isPending} data-testid="time-set">
          Set time limits
        </ControlButton>
        <ControlButton
          disabled={limit.isPending || (task.timeLimit === null && task.softTimeLimit === null)}
          onClick={() => send({ limit: 'time-limit', time: null })}
          data-testid="time-remove"
        >
          Remove
        </ControlButton>
      </form>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Celery 5.2 stores new time limits on the task type at once (this table shows them), but a running worker hands
        tasks the limits its consumer read when it started: they apply to its tasks after the consumer restarts (a broker
        reconnect or a worker restart). Soft raises SoftTimeLimitExceeded in the task; hard kills the process (prefork only).
      </p>
      {limit.isError ? <ErrorBox error={limit.error} title="The limit was not set" /> : null}
      <WorkerRepliesStatus answer={answer} testId="limit-replies" />
      <div>
        <ControlButton onClick={onDone}>Close</ControlButton>
      </div>
    </div>
  );
}

export function LimitsTab({
  source,
  worker,
  detail,
  controls,
}: WorkerTabProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const editable = controls.can('taskType.rateLimit') || controls.can('taskType.timeLimit');
  return (
    <InspectState detail={detail} methods={['registered']} worker={worker}>
      {(data) =>
        data.registered.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{data.unanswered.includes('registered') ? '' : 'No task types registered.'}</p>
        ) : (
          <div className="space-y-2" data-testid="limits-tab">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Limits are told to every worker of the source; a worker started later does not know them.
            </p>
            <ListTable
              label="Task types"
              testId="task-types"
              columns={[
                { label: 'Task type' },
                { label: 'Rate limit' },
                { label: 'Soft time limit', align: 'right' },
                { label: 'Hard time limit', align: 'right' },
                ...(editable ? [{ label: 'Limits' }] : []),
              ]}
            >
              {data.registered.map((task) => (
                <Fragment key={task.name}>
                  <tr data-testid="task-type-row" data-name={task.name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                    <td className={`${cell} pl-0 font-medium break-all`}>{task.name}</td>
                    <td className={cell} data-testid="task-type-rate">
                      {task.rateLimit ?? 'none'}
                    </td>
                    <td className={`${cell} text-right`} data-testid="task-type-soft">
                      {seconds(task.softTimeLimit)}
                    </td>
                    <td className={`${cell} text-right`} data-testid="task-type-hard">
                      {seconds(task.timeLimit)}
                    </td>
                    {editable ? (
                      <td className={cell}>
                        <ControlButton
                          aria-expanded={editing === task.name}
                          aria-label={`Edit the limits of ${task.name}`}
                          onClick={() => setEditing(editing === task.name ? null : task.name)}
                          data-testid="edit-limits"
                        >
                          Edit
                        </ControlButton>
                      </td>
                    ) : null}
                  </tr>
                  {editing === task.name ? (
                    <tr>
                      <td colSpan={editable ? 5 : 4} className="py-2">
                        <LimitEditor source={source} task={task} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </ListTable>
          </div>
        )
      }
    </InspectState>
  );
}
