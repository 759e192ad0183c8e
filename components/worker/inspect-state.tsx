'use client';
/**
 * What a tab of the worker page shows around its part of the inspect answers: a skeleton while the
 * worker is asked (saying how long it may take), the error when the read failed, and — when the
 * worker did not answer this part in time — a sentence saying so instead of an empty table.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { WorkerDetailResponse } from '@/lib/api/schemas';
import type { WorkerDetail } from '@/lib/adapters/types';
import { ErrorBox } from '@/components/ui/error-box';
import { Skeleton } from '@/components/ui/skeleton';
import type { Controls } from '@/components/access/use-controls';

/** What every tab of the worker page is given: whose it is, the worker's answers, who may act. */
export interface WorkerTabProps {
  source: string;
  worker: string;
  detail: UseQueryResult<WorkerDetailResponse>;
  controls: Controls;
}

export function InspectState({
  detail,
  methods,
  worker,
  children,
}: {
  detail: UseQueryResult<WorkerDetailResponse>;
  /** The inspect methods this tab shows (`stats`, `active_queues`, ...). */
  methods: readonly string[];
  worker: string;
  children: (detail: WorkerDetail) => ReactNode;
}) {
  if (detail.isPending)
    return (
      <div data-testid="inspect-pending">
        <p className="mb-2 text-sm text-zinc-500 dark:text-zinc-400">Asking {worker} (it has up to 2 s to answer)…</p>
        <Skeleton rows={4} label={`Asking ${worker}`} />
      </div>
    );
  if (detail.data === undefined) return <ErrorBox error={detail.error} />;
  const data = detail.data.detail;
  const missing = methods.filter((method) => data.unanswered.includes(method));
  return (
    <>
      {detail.isError ? <ErrorBox error={detail.error} /> : null}
      {missing.length ? (
        <p
          role="status"
          data-testid="inspect-unanswered"
          className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
        >
          {worker} did not answer {missing.map((method) => `“${method}”`).join(', ')} within {data.deadlineMs / 1000} s
          {data.answered ? '' : ' (it answered nothing: it is down, busy or unreachable)'}. What is shown is what the
          dashboard last knew from its heartbeats.
        </p>
      ) : null}
      {children(data)}
    </>
  );
}

/** A two-column table of facts: name, value (text). */
export function FactTable({ rows, testId, label }: { rows: ReadonlyArray<readonly [string, ReactNode]>; testId?: string; label: string }) {
  return (
    <table className="tabular w-full text-sm" data-testid={testId} aria-label={label}>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
            <th scope="row" className="w-1/3 py-1.5 pr-3 text-left align-top font-medium text-zinc-500 dark:text-zinc-400">
              {name}
            </th>
            <td className="py-1.5 align-top break-all" data-testid={testId ? `${testId}-${name}` : undefined}>
              {value}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A value from an inspect answer as text (JSON for anything but strings). */
export function factText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
