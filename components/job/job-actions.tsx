'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useCancelJob, useJobAction } from '@/lib/client/actions';
import type { JobActionRequest } from '@/lib/client/actions';
import { jobHref, queueHref } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';
import type { JobVerb } from '@/lib/api/schemas';
import { ActionStatus } from '@/components/ui/action-status';
import type { ActionTone } from '@/components/ui/action-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton } from '@/components/ui/control-button';
import { EditDataDialog } from '@/components/job/edit-data-dialog';
import { useControls, useMe } from '@/components/access/use-controls';

type JobActionName = Exclude<JobVerb, 'updateData'>;

/**
 * How the UI offers one job verb. Which verbs a job gets, and in which of its states, is what its
 * source declares (`job.<verb>` capabilities and `jobActionStates`); the words here may differ by
 * the source's kind where the verb does something else there (a Celery retry sends a new task).
 */
interface ActionSpec {
  label: string;
  /** The confirm dialog's buttons, when the label alone would read wrong there. */
  confirmLabel?: string;
  dismissLabel?: (job: JobDetail) => string;
  tone: 'primary' | 'danger';
  confirmTitle: (job: JobDetail) => string;
  explain: (job: JobDetail, kind: string | undefined) => string;
}

/** An action confirmed as "<Label> 1 <state> job?". */
const plain = (label: string, explain: ActionSpec['explain']): ActionSpec => ({
  label,
  tone: 'primary',
  confirmTitle: (job) => `${label} 1 ${job.state} job?`,
  explain,
});

const specs: Record<JobActionName, ActionSpec> = {
  retry: plain('Retry', (_job, kind) =>
    kind === 'celery'
      ? 'A new task is sent with the same arguments; it names this one as its parent.'
      : 'It goes back to waiting and runs again on the next free worker.',
  ),
  promote: plain('Promote', () => 'It stops waiting for its delay and becomes runnable now.'),
  cancel: {
    // "Cancel" alone is also what every dialog's way out is called.
    label: 'Cancel job',
    confirmLabel: 'Cancel job',
    dismissLabel: (job) => (job.state === 'active' ? 'Keep running' : 'Keep it'),
    tone: 'danger',
    confirmTitle: (job) => `Cancel 1 ${job.state === 'active' ? 'running' : job.state} job?`,
    explain: (job, kind) =>
      kind === 'celery'
        ? job.state === 'active'
          ? 'Every worker is told to revoke it; the process running it is sent SIGTERM.'
          : 'Every worker is told to revoke it: it is dropped when a worker takes it.'
        : 'Its worker is asked to abort it (the processor sees its AbortSignal fire). Workers without ' +
          'the Yardmaster cancel helper (attachCancelListener) do not answer, and the job keeps running.',
  },
  duplicate: {
    label: 'Duplicate',
    tone: 'primary',
    confirmTitle: () => 'Add 1 copy of this job?',
    explain: () => 'A new job with the same name, data and options is added to the queue.',
  },
  remove: {
    label: 'Remove',
    tone: 'danger',
    confirmTitle: (job) =>
      job.children.length > 0
        ? `Remove 1 job and its ${job.children.length} flow children?`
        : 'Remove 1 job?',
    explain: () => 'The job and its logs are deleted from Redis. This cannot be undone.',
  },
};

const order: JobActionName[] = ['retry', 'promote', 'cancel', 'duplicate', 'remove'];

/** The actions an operator can take on one job, each behind a confirmation naming what it touches. */
export function JobActions({ source, job }: { source: string; job: JobDetail }) {
  const controls = useControls(source);
  const router = useRouter();
  const action = useJobAction(source, job.queue);
  const cancel = useCancelJob(source, job.queue);
  const [asking, setAsking] = useState<JobActionName | null>(null);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<{
    text: string;
    tone?: ActionTone;
    link?: { href: string; label: string };
  } | null>(null);

  // Until the source and the principal are known, the buttons this job's state allows hold their
  // place, disabled: the row neither appears late nor pushes the page down (defect: layout shift).
  const me = useMe();
  const known = controls.ready && !me.isPending;
  const applicable = order.filter((name) => controls.appliesTo(name, job.state));
  if (!known) {
    return (
      <div className="flex min-h-8 flex-wrap gap-2" data-testid="job-actions-pending" aria-busy="true">
        {applicable.map((name) => (
          <ControlButton key={name} tone={specs[name].tone === 'danger' ? 'danger' : 'neutral'} disabled>
            {specs[name].label}
          </ControlButton>
        ))}
        {controls.appliesTo('updateData', job.state) ? (
          <ControlButton disabled>Edit data</ControlButton>
        ) : null}
      </div>
    );
  }

  const available = applicable.filter((name) => controls.can(`job.${name}`));
  const canEdit = controls.can('job.updateData') && controls.appliesTo('updateData', job.state);
  if (available.length === 0 && !canEdit) {
    return (
      <p className="flex min-h-8 items-center text-sm text-zinc-500 dark:text-zinc-400" data-testid="job-actions-none">
        {controls.readOnly ? 'This source is read-only: no actions.' : 'No actions you may take on this job.'}
      </p>
    );
  }

  const open = (name: JobActionName) => {
    action.reset();
    cancel.reset();
    action.newIntent();
    cancel.newIntent();
    setStatus(null);
    setAsking(name);
  };

  const confirm = () => {
    if (asking === null) return;
    if (asking === 'cancel') {
      // Revoking a running Celery task without terminate would leave it running to its end.
      const terminate = controls.kind === 'celery' && job.state === 'active';
      cancel.mutate(
        { job: job.id, body: terminate ? { terminate: true } : {} },
        {
          onSuccess: (answer) => {
            setAsking(null);
            // Requested is not done: without a worker's acknowledgement the job keeps running.
            setStatus({ text: answer.message, tone: answer.acknowledged ? 'success' : 'warning' });
          },
        },
      );
      return;
    }
    const request: JobActionRequest = { action: asking };
    action.mutate(
      { job: job.id, request },
      {
        onSuccess: (answer) => {
          setAsking(null);
          if (answer.action === 'remove') {
            router.push(queueHref(source, job.queue));
            return;
          }
          if (answer.action === 'duplicate' || answer.job.id !== job.id) {
            setStatus({
              text: answer.action === 'duplicate' ? 'Duplicated:' : 'Retried as a new job:',
              link: {
                href: jobHref(source, answer.job.queue, answer.job.id),
                label: `job ${answer.job.id}`,
              },
            });
            return;
          }
          setStatus({ text: `Done: job ${answer.job.id} is now ${answer.state ?? 'gone'}.` });
        },
      },
    );
  };

  const pending = action.isPending || cancel.isPending;
  const spec = asking ? specs[asking] : null;
  return (
    <div className="space-y-2" data-testid="job-actions">
      <div className="flex min-h-8 flex-wrap gap-2">
        {available.map((name) => (
          <ControlButton
            key={name}
            tone={specs[name].tone === 'danger' ? 'danger' : 'neutral'}
            onClick={() => open(name)}
            data-testid={`job-action-${name}`}
          >
            {specs[name].label}
          </ControlButton>
        ))}
        {canEdit ? (
          <ControlButton
            onClick={() => {
              setStatus(null);
              setEditing(true);
            }}
            data-testid="job-action-edit-data"
          >
            Edit data
          </ControlButton>
        ) : null}
      </div>
      {status ? (
        <ActionStatus message={status.text} tone={status.tone} testId="job-action-status">
          {status.link ? (
            <Link
              href={status.link.href}
              className="text-sky-700 hover:underline dark:text-sky-400"
              data-testid="job-action-link"
            >
              {status.link.label}
            </Link>
          ) : null}
        </ActionStatus>
      ) : null}
      <ConfirmDialog
        open={spec !== null}
        title={spec ? spec.confirmTitle(job) : ''}
        confirmLabel={spec?.confirmLabel ?? spec?.label ?? ''}
        dismissLabel={spec?.dismissLabel?.(job)}
        tone={spec?.tone ?? 'danger'}
        pending={pending}
        error={action.error ?? cancel.error}
        onConfirm={confirm}
        onCancel={() => setAsking(null)}
      >
        <p>
          Job <span className="font-mono">{job.id}</span> ({job.name}) in queue{' '}
          <span className="font-mono">{job.queue}</span>.
        </p>
        {spec ? <p>{spec.explain(job, controls.kind)}</p> : null}
      </ConfirmDialog>
      {editing ? (
        <EditDataDialog
          source={source}
          job={job}
          onClose={(message) => {
            setEditing(false);
            if (message) setStatus({ text: message });
          }}
        />
      ) : null}
    </div>
  );
}
