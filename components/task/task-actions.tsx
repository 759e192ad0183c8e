'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useCancelJob, useJobAction } from '@/lib/client/actions';
import { taskHref } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';
import { ActionStatus } from '@/components/ui/action-status';
import type { ActionTone } from '@/components/ui/action-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton } from '@/components/ui/control-button';
import { ChoiceSelect, InlineField } from '@/components/ui/fields';
import { useControls, useMe } from '@/components/access/use-controls';

type TaskAction = 'retry' | 'revoke' | 'terminate';

/** Signals a terminate may send: Celery's default, the one that cannot be caught, and the soft ones. */
const signals = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGUSR1'] as const;
type Signal = (typeof signals)[number];

const labels: Record<TaskAction, string> = { retry: 'Retry', revoke: 'Revoke', terminate: 'Terminate' };

/**
 * Retry (failed or revoked tasks: a NEW task with the same args, this one its parent), Revoke
 * (waiting or scheduled: dropped when a worker takes it) and Terminate (running: the pool process
 * is signalled) — through the job action paths the source declares (`job.retry`, `job.cancel`),
 * each confirmed first. A retry the backend cannot make exactly answers 409, shown in the dialog.
 */
export function TaskActions({ source, task }: { source: string; task: JobDetail }) {
  const controls = useControls(source);
  const me = useMe();
  const retry = useJobAction(source, task.queue);
  const cancel = useCancelJob(source, task.queue);
  const [asking, setAsking] = useState<TaskAction | null>(null);
  const [signal, setSignal] = useState<Signal>('SIGTERM');
  const [status, setStatus] = useState<{ text: string; tone?: ActionTone; link?: string; linkLabel?: string } | null>(null);

  const offered: TaskAction[] = [];
  if (controls.appliesTo('retry', task.state)) offered.push('retry');
  if (controls.appliesTo('cancel', task.state)) offered.push(task.state === 'active' ? 'terminate' : 'revoke');
  const verbOf = (action: TaskAction): 'job.retry' | 'job.cancel' => (action === 'retry' ? 'job.retry' : 'job.cancel');

  if (!controls.ready || me.isPending) {
    return (
      <div className="flex min-h-8 flex-wrap gap-2" aria-busy="true" data-testid="task-actions-pending">
        {offered.map((action) => (
          <ControlButton key={action} disabled tone={action === 'retry' ? 'neutral' : 'danger'}>
            {labels[action]}
          </ControlButton>
        ))}
      </div>
    );
  }
  const available = offered.filter((action) => controls.can(verbOf(action)));
  const open = (action: TaskAction) => {
    retry.reset();
    cancel.reset();
    retry.newIntent();
    cancel.newIntent();
    setStatus(null);
    setAsking(action);
  };
  const confirm = () => {
    if (asking === 'retry') {
      retry.mutate(
        { job: task.id, request: { action: 'retry' } },
        {
          onSuccess: (answer) => {
            setAsking(null);
            setStatus({ text: 'Retried as a new task:', link: taskHref(source, answer.job.id), linkLabel: answer.job.id });
          },
        },
      );
    } else if (asking) {
      const body = asking === 'terminate' ? { terminate: true, signal } : {};
      cancel.mutate(
        { job: task.id, body },
        {
          onSuccess: (answer) => {
            setAsking(null);
            setStatus({ text: answer.message, tone: answer.acknowledged ? 'success' : 'warning' });
          },
        },
      );
    }
  };

  return (
    <div className="space-y-2" data-testid="task-actions">
      {available.length === 0 ? (
        <p className="flex min-h-8 items-center text-sm text-zinc-500 dark:text-zinc-400" data-testid="task-actions-none">
          {controls.readOnly
            ? 'This source is read-only: no actions.'
            : offered.length === 0
              ? `No action applies to a ${task.state} task.`
              : 'No actions you may take on this task.'}
        </p>
      ) : (
        <div className="flex min-h-8 flex-wrap items-center gap-2">
          {available.map((action) => (
            <ControlButton
              key={action}
              tone={action === 'retry' ? 'neutral' : 'danger'}
              onClick={() => open(action)}
              data-testid={`task-action-${action}`}
            >
              {labels[action]}
              {action === 'retry' || action === 'revoke' ? '' : '…'}
            </ControlButton>
          ))}
        </div>
      )}
      {status ? (
        <ActionStatus message={status.text} tone={status.tone} testId="task-action-status">
          {status.link ? (
            <Link href={status.link} className="font-mono break-all text-sky-700 hover:underline dark:text-sky-400" data-testid="task-action-link">
              {status.linkLabel}
            </Link>
          ) : null}
        </ActionStatus>
      ) : null}
      <ConfirmDialog
        open={asking !== null}
        title={
          asking === 'retry'
            ? `Retry this ${task.state} task?`
            : asking === 'terminate'
              ? 'Terminate this running task?'
              : `Revoke this ${task.state} task?`
        }
        confirmLabel={asking ? labels[asking] : ''}
        dismissLabel={asking === 'retry' ? undefined : 'Keep it'}
        tone={asking === 'retry' ? 'primary' : 'danger'}
        pending={retry.isPending || cancel.isPending}
        error={retry.error ?? cancel.error}
        onConfirm={confirm}
        onCancel={() => setAsking(null)}
        testId="task-action-dialog"
      >
        <p>
          Task <span className="font-mono break-all">{task.id}</span> ({task.name}) in queue{' '}
          <span className="font-mono">{task.queue}</span>.
        </p>
        {asking === 'retry' ? (
          <p>A new task is sent to the same queue with the same arguments; it names this one as its parent.</p>
        ) : asking === 'terminate' ? (
          <>
            <p>Every worker is told to revoke it, and the pool process running it is sent the signal.</p>
            <InlineField label={<span>Signal</span>}>
              <ChoiceSelect value={signal} choices={signals} onChange={setSignal} testId="task-terminate-signal" />
            </InlineField>
          </>
        ) : (
          <p>Every worker is told to revoke it: it is dropped when a worker takes it, and never runs.</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
