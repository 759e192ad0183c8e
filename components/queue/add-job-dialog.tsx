'use client';
import { useState } from 'react';
import { AddJobBody } from '@/lib/api/schemas';
import { useAddJob } from '@/lib/client/actions';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { inputClass } from '@/components/ui/control-button';
import { JsonTextarea } from '@/components/ui/fields';
import { parseJsonField } from '@/components/ui/json-field';

/** What is wrong with the form, checked with the server's own schema before anything is sent. */
function validate(name: string, dataText: string, optsText: string) {
  const data = parseJsonField(dataText, 'Data', {});
  const opts = parseJsonField(optsText, 'Options', {});
  if (!data.ok) return { ok: false as const, error: data.error };
  if (!opts.ok) return { ok: false as const, error: opts.error };
  const body = AddJobBody.safeParse({ name: name.trim(), data: data.value, opts: opts.value });
  if (!body.success) {
    const issue = body.error.issues[0]!;
    return { ok: false as const, error: `${issue.path.join('.') || 'job'}: ${issue.message}` };
  }
  return { ok: true as const, body: body.data };
}

/** Add one job: a name, JSON data and the job options the API accepts (delay, priority, attempts…). */
export function AddJobDialog({
  source,
  queue,
  onClose,
}: {
  source: string;
  queue: string;
  onClose: (message: string | null) => void;
}) {
  const mutation = useAddJob(source, queue);
  const [name, setName] = useState('');
  const [data, setData] = useState('{}');
  const [opts, setOpts] = useState('{}');
  const [touched, setTouched] = useState(false);
  const checked = validate(name, data, opts);
  // Errors show once the operator has typed something, not on the empty form.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setTouched(true);
  };
  return (
    <ConfirmDialog
      open
      title={`Add a job to ${queue}`}
      confirmLabel="Add job"
      tone="primary"
      pending={mutation.isPending}
      error={mutation.error}
      confirmDisabled={!checked.ok}
      onCancel={() => onClose(null)}
      onConfirm={() => {
        if (!checked.ok) return;
        mutation.mutate(checked.body, {
          onSuccess: (answer) =>
            onClose(`Added job ${answer.job.id} (${answer.state ?? 'unknown state'}).`),
        });
      }}
      testId="add-job-dialog"
    >
      <label className="block">
        <span className="text-xs text-zinc-500 dark:text-zinc-400 uppercase">Name</span>
        <input
          className={`${inputClass} mt-1 block w-full`}
          value={name}
          onChange={(event) => edit(setName)(event.target.value)}
          data-testid="add-job-name"
        />
      </label>
      <JsonTextarea
        label="Data (JSON)"
        value={data}
        onChange={edit(setData)}
        rows={6}
        testId="add-job-data"
      />
      <JsonTextarea
        label="Options (JSON: jobId, delay, priority, attempts, backoff, lifo, removeOnComplete, removeOnFail)"
        value={opts}
        onChange={edit(setOpts)}
        rows={3}
        testId="add-job-opts"
      />
      {!checked.ok && touched ? (
        <p className="text-red-700 dark:text-red-400" data-testid="add-job-invalid">
          {checked.error}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
