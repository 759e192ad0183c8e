'use client';
/** Shut the worker down (admin): a confirmation that names it, then what the dashboard saw happen. */
import { useState } from 'react';
import type { WorkerControlResponse } from '@/lib/api/schemas';
import { useWorkerControl } from '@/lib/client/worker-actions';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton } from '@/components/ui/control-button';
import { WorkerRepliesStatus } from './worker-replies';

export function ShutdownControl({ source, worker, disabled }: { source: string; worker: string; disabled: boolean }) {
  const control = useWorkerControl(source, worker);
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<WorkerControlResponse | null>(null);
  return (
    <>
      <ControlButton tone="danger" disabled={disabled} onClick={() => setOpen(true)} data-testid="worker-shutdown">
        Shut down…
      </ControlButton>
      <ConfirmDialog
        open={open}
        title={`Shut down ${worker}?`}
        confirmLabel={`Shut down ${worker}`}
        pending={control.isPending}
        error={control.error}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          control.mutate(
            { action: 'shutdown' },
            {
              onSuccess: (result) => {
                setAnswer(result);
                setOpen(false);
              },
            },
          )
        }
      >
        <p>
          <strong className="break-all">{worker}</strong> finishes the tasks it is running (a warm shutdown), stops taking
          new ones and exits. It comes back only if something outside Yardmaster restarts it.
        </p>
        <p className="text-zinc-500 dark:text-zinc-400">A worker does not answer a shutdown: the dashboard waits up to 30 s to see it go offline.</p>
      </ConfirmDialog>
      <WorkerRepliesStatus answer={answer} testId="shutdown-replies" />
    </>
  );
}
