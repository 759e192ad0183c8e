'use client';
/**
 * What the worker's heartbeats say (from the dashboard's index, live): status, last heartbeat,
 * running and processed counts, load, software, pid, pool as last inspected. An offline worker says
 * so, since when, and when it leaves the list; the tabs below then show what it last answered.
 */
import type { ReactNode } from 'react';
import type { Worker } from '@/lib/client/types';
import { RelativeTime } from '@/components/ui/relative-time';
import { WorkerStatusBadge, formatLoadAverage, formatPoolSize } from './worker-status';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="tabular break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export function WorkerHeader({ worker }: { worker: Worker | undefined }) {
  if (!worker) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="worker-no-heartbeat">
        No heartbeat from this worker is on record: what follows is only what it answers when asked.
      </p>
    );
  }
  const beat = worker.heartbeat;
  return (
    <div className="space-y-3">
      {worker.status !== 'online' ? (
        <p
          role="status"
          data-testid="worker-offline-notice"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
        >
          This worker is offline{beat ? (beat.saidOffline ? ' (it shut down)' : ` (no heartbeat within ${2 * beat.freq} s)`) : ''}; its last
          report was <RelativeTime at={beat?.at ?? null} />. Below is what it last told the dashboard
          {beat?.forgetAt ? (
            <>
              ; it leaves the workers list <RelativeTime at={beat.forgetAt} /> unless it reports again
            </>
          ) : null}
          .
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-7">
        <Fact label="Status">
          <WorkerStatusBadge worker={worker} />
        </Fact>
        <Fact label="Last heartbeat" testId="worker-last-heartbeat">
          <RelativeTime at={beat?.at ?? null} />
        </Fact>
        <Fact label="Running" testId="worker-active">
          {beat?.active ?? '—'}
        </Fact>
        <Fact label="Processed" testId="worker-processed-count">
          {beat?.processed?.toLocaleString('en-US') ?? '—'}
        </Fact>
        <Fact label="Pool">{formatPoolSize(worker.pool)}</Fact>
        <Fact label="Load average">{formatLoadAverage(beat?.loadAverage)}</Fact>
        <Fact label="Software">
          {beat?.software ?? '—'}
          {beat?.pid ? <span className="text-zinc-500 dark:text-zinc-400"> · pid {beat.pid}</span> : null}
        </Fact>
      </dl>
    </div>
  );
}
