'use client';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useConcurrency, useRateLimit } from '@/lib/client/actions';
import { formatDuration, formatRateLimit } from '@/lib/client/format';
import { useQueue } from '@/lib/client/hooks';
import type { Queue } from '@/lib/client/types';
import { ErrorBox } from '@/components/ui/error-box';
import { ControlButton } from '@/components/ui/control-button';
import { NumberInput } from '@/components/ui/fields';
import { useControls } from '@/components/access/use-controls';

const positiveInt = (text: string): number | null => {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : null;
};

/** The part of a limit's mutation the editor drives; `null` removes the limit. */
interface LimitMutation<Value> {
  isPending: boolean;
  error: Error | null;
  reset(): void;
  newIntent(): void;
  mutate(value: Value | null, options: { onSuccess: () => void }): void;
}

/**
 * One queue limit shown as a value with Edit, and edited in place: Save (when `draft` parses),
 * Remove (when a limit is set) and Cancel. Test ids are `<name>-row`, `<name>-value`, `<name>-edit`,
 * `<name>-save`, `<name>-remove`.
 */
function EditableLimit<Value>({
  name,
  label,
  shown,
  isSet,
  editable,
  mutation,
  draft,
  beginEdit,
  fields,
  errorTitle,
  children,
}: {
  name: string;
  label: string;
  /** The current limit as text. */
  shown: string;
  isSet: boolean;
  editable: boolean;
  mutation: LimitMutation<Value>;
  /** The typed fields parsed, or null while they do not make a limit. */
  draft: Value | null;
  /** Fill the fields from the current limit. */
  beginEdit: () => void;
  fields: ReactNode;
  errorTitle: string;
  /** Shown after the value or the form (the limiter's TTL). */
  children?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const start = () => {
    mutation.reset();
    mutation.newIntent();
    beginEdit();
    setEditing(true);
  };
  const save = (value: Value | null) =>
    mutation.mutate(value, { onSuccess: () => setEditing(false) });

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid={`${name}-row`}>
      <span className="w-28 text-xs text-zinc-500 dark:text-zinc-400 uppercase">{label}</span>
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (draft !== null) save(draft);
          }}
        >
          {fields}
          <ControlButton
            type="submit"
            tone="primary"
            disabled={draft === null || mutation.isPending}
            data-testid={`${name}-save`}
          >
            Save
          </ControlButton>
          {isSet ? (
            <ControlButton
              tone="danger"
              disabled={mutation.isPending}
              onClick={() => save(null)}
              data-testid={`${name}-remove`}
            >
              Remove
            </ControlButton>
          ) : null}
          <ControlButton onClick={() => setEditing(false)} disabled={mutation.isPending}>
            Cancel
          </ControlButton>
        </form>
      ) : (
        <>
          <span className="tabular font-medium" data-testid={`${name}-value`}>
            {shown}
          </span>
          {editable ? (
            <ControlButton onClick={start} data-testid={`${name}-edit`}>
              Edit
            </ControlButton>
          ) : null}
        </>
      )}
      {children}
      {mutation.error ? <ErrorBox error={mutation.error} title={errorTitle} /> : null}
    </div>
  );
}

interface LimitRowProps {
  source: string;
  queue: Queue;
  editable: boolean;
}

function RateLimitRow({ source, queue, editable }: LimitRowProps) {
  const mutation = useRateLimit(source, queue.name);
  const [max, setMax] = useState('');
  const [duration, setDuration] = useState('');
  const parsedMax = positiveInt(max);
  const parsedDuration = positiveInt(duration);
  const limit = queue.rateLimit;

  return (
    <EditableLimit
      name="rate-limit"
      label="Rate limit"
      shown={limit ? formatRateLimit(limit) : 'none'}
      isSet={Boolean(limit)}
      editable={editable}
      mutation={mutation}
      draft={parsedMax && parsedDuration ? { max: parsedMax, durationMs: parsedDuration } : null}
      beginEdit={() => {
        setMax(String(limit?.max ?? 10));
        setDuration(String(limit?.durationMs ?? 1000));
      }}
      fields={
        <>
          <NumberInput
            ariaLabel="Jobs at most"
            value={max}
            onChange={setMax}
            testId="rate-limit-max"
          />
          jobs per
          <NumberInput
            ariaLabel="Window in milliseconds"
            width="w-28"
            value={duration}
            onChange={setDuration}
            testId="rate-limit-duration"
          />
          ms
        </>
      }
      errorTitle="Rate limit not saved"
    >
      <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="limiter-ttl">
        {queue.rateLimitedForMs > 0
          ? `limited now: jobs wait ${formatDuration(queue.rateLimitedForMs)} more`
          : 'not limiting now'}
      </span>
    </EditableLimit>
  );
}

function ConcurrencyRow({ source, queue, editable }: LimitRowProps) {
  const mutation = useConcurrency(source, queue.name);
  const [value, setValue] = useState('');

  return (
    <EditableLimit
      name="concurrency"
      label="Concurrency"
      shown={queue.globalConcurrency === null ? 'unlimited' : String(queue.globalConcurrency)}
      isSet={queue.globalConcurrency !== null}
      editable={editable}
      mutation={mutation}
      draft={positiveInt(value)}
      beginEdit={() => setValue(String(queue.globalConcurrency ?? 1))}
      fields={
        <>
          <NumberInput
            ariaLabel="Jobs at once across all workers"
            value={value}
            onChange={setValue}
            testId="concurrency-input"
          />
          at once, across all workers
        </>
      }
      errorTitle="Concurrency not saved"
    />
  );
}

/**
 * The queue's global rate limit and concurrency, editable in place, with the limiter's TTL; only
 * the limits the source declares (a Celery queue has none: its limits are per task type).
 */
export function LimitsEditor({ source, queue }: { source: string; queue: string }) {
  const controls = useControls(source);
  const { data } = useQueue(source, queue);
  if (!data) return null;
  const rateLimit = controls.has('queueLimit.rateLimit');
  const concurrency = controls.has('queueLimit.concurrency');
  if (!rateLimit && !concurrency) return null;
  return (
    <div className="space-y-2" data-testid="limits-editor">
      {rateLimit ? (
        <RateLimitRow source={source} queue={data.queue} editable={controls.can('queueLimit.rateLimit')} />
      ) : null}
      {concurrency ? (
        <ConcurrencyRow source={source} queue={data.queue} editable={controls.can('queueLimit.concurrency')} />
      ) : null}
    </div>
  );
}
