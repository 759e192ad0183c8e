'use client';
import { useState } from 'react';
import { useJobAction } from '@/lib/client/actions';
import { prettyJson } from '@/lib/client/format';
import type { JobDetail } from '@/lib/client/types';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { JsonTextarea } from '@/components/ui/fields';
import { parseJsonField } from '@/components/ui/json-field';

/**
 * Replace a job's input data. The JSON is checked in the browser before anything is sent; a payload
 * too large to have been shown whole cannot be edited here (it would be replaced by its truncation).
 */
export function EditDataDialog({
  source,
  job,
  onClose,
}: {
  source: string;
  job: JobDetail;
  onClose: (message: string | null) => void;
}) {
  const mutation = useJobAction(source, job.queue);
  const [text, setText] = useState(() =>
    job.data.truncated ? '' : prettyJson(job.data.json ?? null),
  );
  const parsed = parseJsonField(text, 'Data');
  return (
    <ConfirmDialog
      open
      title={`Edit the data of job ${job.id}`}
      confirmLabel="Save data"
      tone="primary"
      pending={mutation.isPending}
      error={mutation.error}
      confirmDisabled={!parsed.ok || job.data.truncated}
      onCancel={() => onClose(null)}
      onConfirm={() => {
        if (!parsed.ok) return;
        mutation.mutate(
          { job: job.id, request: { action: 'update-data', body: { data: parsed.value } } },
          { onSuccess: () => onClose(`Saved the new data of job ${job.id}.`) },
        );
      }}
      testId="edit-data-dialog"
    >
      {job.data.truncated ? (
        <p>This payload is too large to edit in the browser.</p>
      ) : (
        <>
          <p>
            The new data replaces the old one whole; a waiting job runs with it, a failed one after
            a retry.
          </p>
          <JsonTextarea
            label="Data (JSON)"
            value={text}
            onChange={setText}
            rows={10}
            invalid={!parsed.ok}
            testId="edit-data-input"
          />
          {!parsed.ok ? (
            <p className="text-red-700 dark:text-red-400" data-testid="edit-data-invalid">
              {parsed.error}
            </p>
          ) : null}
        </>
      )}
    </ConfirmDialog>
  );
}
