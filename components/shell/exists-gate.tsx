'use client';
/**
 * Gates a page on the existence of what its URL names: the page's view renders at once (no extra
 * round trip), and is replaced by ONE not-found page when the view's own first read answers 404 —
 * instead of every widget showing the error. A source that is down answers 503, not 404: that is
 * not "not found", and the view shows it as down. The probes share their query keys with the
 * views, so a gate costs no request of its own.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError } from '@/lib/client/api';
import { useJob, useQueue, useQueues, useSources, useTaskLookup } from '@/lib/client/hooks';
import { missingPart } from '@/lib/client/not-found';
import type { PageSubject } from '@/lib/client/not-found';
import { NotFoundState } from '@/components/ui/not-found-state';
import { Skeleton } from '@/components/ui/skeleton';

function MissingInSource({ subject, sources }: { subject: PageSubject; sources: { id: string; label: string }[] }) {
  const queues = useQueues(subject.source);
  if (queues.isPending) return <Skeleton rows={4} />;
  const missing = missingPart(subject, { sources, queues: queues.data?.queues.map((queue) => queue.name) ?? null });
  return <NotFoundState {...missing} />;
}

/** Which part of the URL does not exist: the source list first, then (if it does) the source's queues. */
function MissingPage({ subject }: { subject: PageSubject }) {
  const sources = useSources();
  if (sources.isPending) return <Skeleton rows={4} />;
  const list = sources.data?.sources ?? [];
  if (!list.some((source) => source.id === subject.source) || subject.queue === undefined)
    return <NotFoundState {...missingPart(subject, { sources: list, queues: null })} />;
  return <MissingInSource subject={subject} sources={list} />;
}

function Gate({ probe, subject, children }: { probe: UseQueryResult; subject: PageSubject; children: ReactNode }) {
  if (isApiError(probe.error, 'not_found')) return <MissingPage subject={subject} />;
  return <>{children}</>;
}

export function SourceGate({ source, children }: { source: string; children: ReactNode }) {
  return (
    <Gate probe={useQueues(source)} subject={{ source }}>
      {children}
    </Gate>
  );
}

export function QueueGate({ source, queue, children }: { source: string; queue: string; children: ReactNode }) {
  return (
    <Gate probe={useQueue(source, queue)} subject={{ source, queue }}>
      {children}
    </Gate>
  );
}

export function JobGate({ source, queue, job, children }: { source: string; queue: string; job: string; children: ReactNode }) {
  return (
    <Gate probe={useJob(source, queue, job)} subject={{ source, queue, job }}>
      {children}
    </Gate>
  );
}

/** A Celery task page, whose URL names no queue: its lookup (the page's first read) answers 404. */
export function TaskGate({ source, task, children }: { source: string; task: string; children: ReactNode }) {
  return (
    <Gate probe={useTaskLookup(source, task)} subject={{ source, job: task }}>
      {children}
    </Gate>
  );
}
