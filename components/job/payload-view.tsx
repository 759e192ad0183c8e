'use client';
import { useMemo, useState } from 'react';
import { formatBytes } from '@/lib/client/format';
import { usePayload } from '@/lib/client/hooks';
import type { Payload, PayloadFieldName } from '@/lib/client/types';
import { ErrorBox } from '@/components/ui/error-box';
import { JsonView } from '@/components/ui/json-view';
import { TextBlock } from '@/components/ui/text-block';

/** The payload's value when it is whole JSON (shown as a tree); undefined for cut or non-JSON text. */
function parsedJson(payload: Payload): { value: unknown } | undefined {
  if (payload.truncated || payload.text === null) return undefined;
  if (payload.json !== undefined && payload.json !== null) return { value: payload.json };
  try {
    return { value: JSON.parse(payload.text) };
  } catch {
    return undefined;
  }
}

const rootNames: Record<PayloadFieldName, string> = { data: 'data', returnValue: 'returnValue' };

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
  const parsed = useMemo(() => parsedJson(shown), [shown]);

  if (payload.text === null) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid={`payload-${field}-empty`}>
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
      {parsed ? (
        <JsonView
          label={`${label} · ${formatBytes(shown.bytes)}`}
          value={parsed.value}
          rootName={rootNames[field]}
          notice={notice}
          testId={`payload-${field}`}
        />
      ) : (
        // Cut short or not JSON: the raw text exactly as stored.
        <TextBlock label={`${label} · ${formatBytes(shown.bytes)}`} text={shown.text ?? ''} notice={notice} testId={`payload-${field}`} />
      )}
    </div>
  );
}
