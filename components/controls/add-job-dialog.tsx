'use client';
import { useState } from 'react';
import { AddJobBody } from '@/lib/api/schemas';
import { useAddJob } from '@/lib/client/actions';
import { ConfirmDialog } from './confirm-dialog';
import { inputClass } from './control-button';
import { parseJsonField } from './json-field';

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
        <span className="text-xs text-zinc-500 uppercase">Name</span>
        <input
          className={`${inputClass} mt-1 block w-full`}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setTouched(true);
          }}
          data-testid="add-job-name"
        />
      </label>
      <label className="block">
        <span className="text-xs text-zinc-500 uppercase">Data (JSON)</span>
        <textarea
          className={`${inputClass} mt-1 block w-full font-mono text-xs`}
          rows={6}
          spellCheck={false}
          value={data}
          onChange={(event) => {
            setData(event.target.value);
            setTouched(true);
          }}
          data-testid="add-job-data"
        />
      </label>
      <label className="block">
        <span className="text-xs text-zinc-500 uppercase">
          Options (JSON: jobId, delay, priority, attempts, backoff, lifo, removeOnComplete,
          removeOnFail)
        </span>
        <textarea
          className={`${inputClass} mt-1 block w-full font-mono text-xs`}
          rows={3}
          spellCheck={false}
          value={opts}
          onChange={(event) => {
            setOpts(event.target.value);
            setTouched(true);
          }}
          data-testid="add-job-opts"
        />
      </label>
      {!checked.ok && touched ? (
        <p className="text-red-700 dark:text-red-400" data-testid="add-job-invalid">
          {checked.error}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
