'use client';
import { useState } from 'react';
import { useSourcePaused } from '@/lib/client/actions';
import { useQueues } from '@/lib/client/hooks';
import { ActionStatus, plural } from '@/components/ui/action-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton } from '@/components/ui/control-button';
import { useControls } from '@/components/access/use-controls';

/** Pause or resume every queue of a source at once, naming how many queues it will touch. */
export function SourceControls({ source }: { source: string }) {
  const controls = useControls(source);
  const queues = useQueues(source);
  const mutation = useSourcePaused(source);
  const [asking, setAsking] = useState<boolean | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  if (!controls.can('queue.pauseAll') || !queues.data) return null;

  const all = queues.data.queues;
  const touches = asking === null ? 0 : all.filter((queue) => queue.paused !== asking).length;
  const open = (pause: boolean) => {
    mutation.reset();
    mutation.newIntent();
    setStatus(null);
    setAsking(pause);
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-testid="source-controls">
      <ActionStatus message={status} testId="source-action-status" />
      <ControlButton onClick={() => open(true)} data-testid="source-pause-all">
        Pause all
      </ControlButton>
      <ControlButton onClick={() => open(false)} data-testid="source-resume-all">
        Resume all
      </ControlButton>
      <ConfirmDialog
        open={asking !== null}
        title={`${asking ? 'Pause' : 'Resume'} ${plural(touches, 'queue')} of ${source}?`}
        confirmLabel={asking ? 'Pause all' : 'Resume all'}
        tone={asking ? 'danger' : 'primary'}
        pending={mutation.isPending}
        error={mutation.error}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking === null) return;
          mutation.mutate(asking, {
            onSuccess: (answer) => {
              setAsking(null);
              setStatus(
                `${answer.action === 'pause' ? 'Paused' : 'Resumed'} ${plural(answer.queues.length, 'queue')}.`,
              );
            },
          });
        }}
      >
        <p>
          {asking
            ? 'Workers stop taking new jobs from these queues; running jobs finish.'
            : 'Workers start taking jobs from these queues again.'}{' '}
          {all.length - touches > 0
            ? `${plural(all.length - touches, 'queue')} already ${asking ? 'paused' : 'running'}.`
            : ''}
        </p>
      </ConfirmDialog>
    </span>
  );
}
