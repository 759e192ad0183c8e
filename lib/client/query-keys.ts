/**
 * Every TanStack Query key the UI uses, built in one place so the live feed can
 * invalidate exactly what an event touched (a source, a queue, a job).
 */
import type { JobState, PayloadFieldName } from './types';

export const queryKeys = {
  sources: () => ['sources'] as const,
  /** The principal of this browser and the app's read-only mode (GET /me, issue 3). */
  me: () => ['me'] as const,
  source: (source: string) => ['source', source] as const,
  queues: (source: string) => ['source', source, 'queues'] as const,
  workers: (source: string) => ['source', source, 'workers'] as const,
  schedules: (source: string) => ['source', source, 'schedules'] as const,
  queue: (source: string, queue: string) => ['source', source, 'queue', queue] as const,
  jobs: (source: string, queue: string, state: JobState, cursor: string | null, limit: number) =>
    ['source', source, 'queue', queue, 'jobs', state, cursor, limit] as const,
  job: (source: string, queue: string, job: string) => ['source', source, 'queue', queue, 'job', job] as const,
  jobLogs: (source: string, queue: string, job: string, offset: number, limit: number) =>
    ['source', source, 'queue', queue, 'job', job, 'logs', offset, limit] as const,
  payload: (source: string, queue: string, job: string, field: PayloadFieldName) =>
    ['source', source, 'queue', queue, 'job', job, 'payload', field] as const,
  flow: (source: string, queue: string, job: string) => ['source', source, 'queue', queue, 'job', job, 'flow'] as const,
  timeline: (source: string, queue: string, job: string) =>
    ['source', source, 'queue', queue, 'job', job, 'timeline'] as const,
  // Issue 3 (controls): searches sit under their queue, so acting on a queue refreshes them too.
  search: (source: string, queue: string, query: Record<string, string | number | undefined>) =>
    ['source', source, 'queue', queue, 'search', query] as const,
  deadLetters: (query: Record<string, string | undefined>, cursor: string | null) =>
    ['dead-letters', query, cursor] as const,
  audit: (cursor: string | null) => ['audit', cursor] as const,
  /** A source-wide task list (Celery): filter query (task-filter.ts), page cursor and size. */
  tasks: (source: string, query: Record<string, string>) => ['source', source, 'tasks', query] as const,
  /** Which queue a task is in, with its detail (GET /sources/{s}/jobs/{id}): the task page's first read. */
  taskLookup: (source: string, task: string) => ['source', source, 'task', task] as const,
  /** Per-minute throughput of every queue of a source (the overview's sparklines, issue 7). */
  metrics: (source: string, points: number) => ['source', source, 'metrics', points] as const,
  // Issue 8 (Celery workers and broker).
  /** One worker from its inspect answers (under the source: a control on it refreshes it). */
  workerDetail: (source: string, worker: string) => ['source', source, 'worker', worker, 'detail'] as const,
  broker: (source: string) => ['source', source, 'broker'] as const,
  brokerMessages: (source: string, queue: string, limit: number) =>
    ['source', source, 'broker', 'messages', queue, limit] as const,
};
