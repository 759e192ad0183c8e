'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useJobAction } from '@/lib/client/actions';
import { jobOrTaskHref } from '@/lib/client/routes';
import type { DeadLetter } from '@/lib/api/schemas';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton } from '@/components/ui/control-button';
import { useControls } from '@/components/access/use-controls';

/**
 * Retry one dead letter through its source's own `job.retry` (BullMQ: the job runs again; Celery: a
 * new task with the same args, this one its parent), after a confirmation; then a link to what runs.
 */
export function DeadLetterRetry({ job }: { job: DeadLetter }) {
  const controls = useControls(job.source);
  const action = useJobAction(job.source, job.queue);
  const [asking, setAsking] = useState(false);
  const [retried, setRetried] = useState<{ queue: string; id: string } | null>(null);
  if (!controls.can('job.retry') || !controls.appliesTo('retry', 'failed')) return null;
  if (retried) {
    return (
      <Link
        href={jobOrTaskHref(controls.kind, job.source, retried.queue, retried.id)}
        className="text-xs whitespace-nowrap text-sky-700 hover:underline dark:text-sky-400"
        data-testid="dead-letter-retried"
      >
        {retried.id === job.id ? 'retried' : 'retried as new'}
      </Link>
    );
  }
  return (
    <>
      <ControlButton
        onClick={() => {
          action.reset();
          action.newIntent();
          setAsking(true);
        }}
        data-testid="dead-letter-retry"
      >
        Retry
      </ControlButton>
      <ConfirmDialog
        open={asking}
        title={controls.kind === 'celery' ? 'Retry this failed task?' : 'Retry this failed job?'}
        confirmLabel="Retry"
        tone="primary"
        pending={action.isPending}
        error={action.error}
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          action.mutate(
            { job: job.id, request: { action: 'retry' } },
            {
              onSuccess: (answer) => {
                setAsking(false);
                setRetried(answer.job);
              },
            },
          )
        }
        testId="dead-letter-retry-dialog"
      >
        <p>
          <span className="font-mono break-all">{job.id}</span> ({job.name}) in {job.source} / {job.queue}.
        </p>
        <p>
          {controls.kind === 'celery'
            ? 'A new task is sent with the same arguments; it names this one as its parent.'
            : 'It goes back to waiting and runs again on the next free worker.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
