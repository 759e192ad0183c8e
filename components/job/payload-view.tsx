'use client';
import { useState } from 'react';
import { formatBytes, prettyJson } from '@/lib/client/format';
import { usePayload } from '@/lib/client/hooks';
import type { Payload, PayloadFieldName } from '@/lib/client/types';
import { ErrorBox } from '@/components/ui/error-box';
import { TextBlock } from '@/components/ui/text-block';

/** JSON pretty-printed when it parsed whole; otherwise the raw text exactly as stored. */
function payloadText(payload: Payload): string {
  if (payload.json !== undefined) return prettyJson(payload.json);
  if (payload.text === null) return '';
  if (!payload.truncated) {
    try {
      return prettyJson(JSON.parse(payload.text));
    } catch {
      return payload.text;
    }
  }
  return payload.text;
}

export function PayloadView({
  source,
  queue,
  job,
  field,
  payload,
  label,
}: {
  source: string;
  queue: string;
  job: string;
  field: PayloadFieldName;
  payload: Payload;
  label: string;
}) {
  const [loadAll, setLoadAll] = useState(false);
  const whole = usePayload(source, queue, job, field, loadAll && payload.truncated);
  const shown = whole.data ?? payload;

  if (payload.text === null && payload.json === undefined) {
    return (
      <p className="text-sm text-zinc-500" data-testid={`payload-${field}-empty`}>
        No {label.toLowerCase()}.
      </p>
    );
  }

  const notice = shown.truncated ? (
    <div
      className="flex flex-wrap items-center gap-2 border-b border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
      data-testid="payload-truncated"
    >
      Showing {formatBytes(new TextEncoder().encode(shown.text ?? '').length)} of {formatBytes(shown.bytes)}
      <button
        type="button"
        className="rounded border border-amber-400 px-2 py-0.5 hover:bg-amber-100 disabled:opacity-50 dark:border-amber-700 dark:hover:bg-amber-900"
        onClick={() => setLoadAll(true)}
        disabled={whole.isFetching}
        data-testid="payload-load-all"
      >
        {whole.isFetching ? 'Loading…' : 'Load all'}
      </button>
    </div>
  ) : null;

  return (
    <div className="space-y-2">
      {whole.isError ? <ErrorBox error={whole.error} /> : null}
      <TextBlock
        label={`${label} · ${formatBytes(shown.bytes)}`}
        text={payloadText(shown)}
        notice={notice}
        testId={`payload-${field}`}
      />
    </div>
  );
}
