'use client';
import { useState } from 'react';
import { useConcurrency, useRateLimit } from '@/lib/client/actions';
import { formatDuration } from '@/lib/client/format';
import { useQueue } from '@/lib/client/hooks';
import type { Queue } from '@/lib/client/types';
import { ErrorBox } from '../error-box';
import { ControlButton, inputClass } from './control-button';
import { useControls } from './use-controls';

const positiveInt = (text: string): number | null => {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : null;
};

function Row({
  label,
  children,
  testId,
}: {
  label: string;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid={testId}>
      <span className="w-28 text-xs text-zinc-500 uppercase">{label}</span>
      {children}
    </div>
  );
}

function RateLimitRow({
  source,
  queue,
  editable,
}: {
  source: string;
  queue: Queue;
  editable: boolean;
}) {
  const mutation = useRateLimit(source, queue.name);
  const [editing, setEditing] = useState(false);
  const [max, setMax] = useState('');
  const [duration, setDuration] = useState('');
  const parsedMax = positiveInt(max);
  const parsedDuration = positiveInt(duration);
  const limit = queue.rateLimit;

  const start = () => {
    mutation.reset();
    mutation.newIntent();
    setMax(String(limit?.max ?? 10));
    setDuration(String(limit?.durationMs ?? 1000));
    setEditing(true);
  };
  const save = (value: { max: number; durationMs: number } | null) =>
    mutation.mutate(value, { onSuccess: () => setEditing(false) });

  return (
    <Row label="Rate limit" testId="rate-limit-row">
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (parsedMax && parsedDuration) save({ max: parsedMax, durationMs: parsedDuration });
          }}
        >
          <input
            aria-label="Jobs at most"
            className={`${inputClass} w-24`}
            type="number"
            min={1}
            value={max}
            onChange={(event) => setMax(event.target.value)}
            data-testid="rate-limit-max"
          />
          jobs per
          <input
            aria-label="Window in milliseconds"
            className={`${inputClass} w-28`}
            type="number"
            min={1}
            value={duration}
            onChange={(event) => setDuration(event.target.value)}
            data-testid="rate-limit-duration"
          />
          ms
          <ControlButton
            type="submit"
            tone="primary"
            disabled={!parsedMax || !parsedDuration || mutation.isPending}
            data-testid="rate-limit-save"
          >
            Save
          </ControlButton>
          {limit ? (
            <ControlButton
              tone="danger"
              disabled={mutation.isPending}
              onClick={() => save(null)}
              data-testid="rate-limit-remove"
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
          <span className="tabular font-medium" data-testid="rate-limit-value">
            {limit ? `${limit.max} per ${formatDurationMs(limit.durationMs)}` : 'none'}
          </span>
          {editable ? (
            <ControlButton onClick={start} data-testid="rate-limit-edit">
              Edit
            </ControlButton>
          ) : null}
        </>
      )}
      <span className="text-xs text-zinc-500" data-testid="limiter-ttl">
        {queue.rateLimitedForMs > 0
          ? `limited now: jobs wait ${formatDurationMs(queue.rateLimitedForMs)} more`
          : 'not limiting now'}
      </span>
      {mutation.error ? <ErrorBox error={mutation.error} title="Rate limit not saved" /> : null}
    </Row>
  );
}

function ConcurrencyRow({
  source,
  queue,
  editable,
}: {
  source: string;
  queue: Queue;
  editable: boolean;
}) {
  const mutation = useConcurrency(source, queue.name);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const parsed = positiveInt(value);

  const start = () => {
    mutation.reset();
    mutation.newIntent();
    setValue(String(queue.globalConcurrency ?? 1));
    setEditing(true);
  };
  const save = (concurrency: number | null) =>
    mutation.mutate(concurrency, { onSuccess: () => setEditing(false) });

  return (
    <Row label="Concurrency" testId="concurrency-row">
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (parsed) save(parsed);
          }}
        >
          <input
            aria-label="Jobs at once across all workers"
            className={`${inputClass} w-24`}
            type="number"
            min={1}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            data-testid="concurrency-input"
          />
          at once, across all workers
          <ControlButton
            type="submit"
            tone="primary"
            disabled={!parsed || mutation.isPending}
            data-testid="concurrency-save"
          >
            Save
          </ControlButton>
          {queue.globalConcurrency !== null ? (
            <ControlButton
              tone="danger"
              disabled={mutation.isPending}
              onClick={() => save(null)}
              data-testid="concurrency-remove"
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
          <span className="tabular font-medium" data-testid="concurrency-value">
            {queue.globalConcurrency === null ? 'unlimited' : String(queue.globalConcurrency)}
          </span>
          {editable ? (
            <ControlButton onClick={start} data-testid="concurrency-edit">
              Edit
            </ControlButton>
          ) : null}
        </>
      )}
      {mutation.error ? <ErrorBox error={mutation.error} title="Concurrency not saved" /> : null}
    </Row>
  );
}

/** Sub-second windows matter for rate limits; formatDuration rounds to seconds. */
function formatDurationMs(ms: number): string {
  return ms < 10_000 ? `${ms.toLocaleString('en-US')} ms` : formatDuration(ms);
}

/** The queue's global rate limit and concurrency, editable in place, with the limiter's TTL. */
export function LimitsEditor({ source, queue }: { source: string; queue: string }) {
  const controls = useControls(source);
  const { data } = useQueue(source, queue);
  if (!data) return null;
  return (
    <div className="space-y-2" data-testid="limits-editor">
      <RateLimitRow source={source} queue={data.queue} editable={controls.can('rateLimit')} />
      <ConcurrencyRow source={source} queue={data.queue} editable={controls.can('concurrency')} />
    </div>
  );
}
