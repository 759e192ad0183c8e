'use client';
/** TanStack Query hooks over the REST API: one hook per resource, parsed by the wire schemas. */
import { keepPreviousData } from '@tanstack/react-query';
import { useQueries, useQuery } from './use-query';
import {
  AuditResponse,
  DeadLettersResponse,
  FlowResponse,
  LogsResponse,
  PayloadResponse,
  SchedulesResponse,
  SearchResponse,
  SourceMetricsResponse,
  TimelineResponse,
} from '@/lib/api/schemas';
import { apiPath, fetchJson } from './api';
import { queryKeys } from './query-keys';
import { resourceQuery, resources } from './resources';
import { workerResources } from './worker-resources';
import type { JobsPageRequest } from './resources';
import { liveRefresh, minuteRefresh, noRefresh } from './refresh';
import type { PayloadFieldName } from './types';

const sourcePath = (source: string) => ['sources', source];
const queuePath = (source: string, queue: string) => [...sourcePath(source), 'queues', queue];
const jobPath = (source: string, queue: string, job: string) => [
  ...queuePath(source, queue),
  'jobs',
  job,
];

export function useSources() {
  return useQuery({ ...resourceQuery(resources.sources()), ...liveRefresh });
}

export function useQueues(source: string) {
  return useQuery({ ...resourceQuery(resources.queues(source)), ...liveRefresh });
}

export function useQueue(source: string, queue: string) {
  return useQuery({ ...resourceQuery(resources.queue(source, queue)), ...liveRefresh });
}

export type { JobsPageRequest } from './resources';

export function useJobs(source: string, queue: string, page: JobsPageRequest) {
  return useQuery({
    ...resourceQuery(resources.jobs(source, queue, page)),
    // Keep the old page on screen while the next one loads, so paging does not flash a skeleton.
    placeholderData: keepPreviousData,
    ...liveRefresh,
  });
}

export function useJob(source: string, queue: string, job: string) {
  return useQuery({ ...resourceQuery(resources.job(source, queue, job)), ...liveRefresh });
}

/** One page of a source's task list; live: refetched when the source's counts move (live-apply.ts). */
export function useTasks(source: string, query: Record<string, string>) {
  return useQuery({
    ...resourceQuery(resources.tasks(source, query)),
    placeholderData: keepPreviousData,
    ...liveRefresh,
  });
}

/** Where a task is (its queue) and its detail: the task page reads the detail on by its queue. */
export function useTaskLookup(source: string, task: string) {
  return useQuery({ ...resourceQuery(resources.taskLookup(source, task)), ...noRefresh });
}

export function useJobLogs(
  source: string,
  queue: string,
  job: string,
  page: { offset: number; limit: number },
) {
  return useQuery({
    queryKey: queryKeys.jobLogs(source, queue, job, page.offset, page.limit),
    queryFn: ({ signal }) =>
      fetchJson(apiPath([...jobPath(source, queue, job), 'logs'], page), LogsResponse, { signal }),
    placeholderData: keepPreviousData,
    ...liveRefresh,
  });
}

/** The whole of a payload the job detail truncated; fetched only once asked for. */
export function usePayload(
  source: string,
  queue: string,
  job: string,
  field: PayloadFieldName,
  enabled: boolean,
) {
  return useQuery({
    queryKey: queryKeys.payload(source, queue, job, field),
    queryFn: ({ signal }) =>
      fetchJson(apiPath([...jobPath(source, queue, job), 'payload', field]), PayloadResponse, {
        signal,
      }),
    enabled,
    ...noRefresh,
  });
}

export function useFlow(source: string, queue: string, job: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.flow(source, queue, job),
    queryFn: ({ signal }) =>
      fetchJson(apiPath([...jobPath(source, queue, job), 'flow']), FlowResponse, { signal }),
    enabled,
    ...liveRefresh,
  });
}

export function useTimeline(source: string, queue: string, job: string) {
  return useQuery({
    queryKey: queryKeys.timeline(source, queue, job),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath([...sourcePath(source), 'jobs', job, 'timeline'], { queue }),
        TimelineResponse,
        { signal },
      ),
    ...liveRefresh,
  });
}

export function useWorkers(source: string) {
  // The live feed sets workers in place (`workers` events) where the source reports them.
  return useQuery({ ...resourceQuery(workerResources.workers(source)), ...liveRefresh });
}

export function useSchedules(source: string) {
  return useQuery({
    queryKey: queryKeys.schedules(source),
    queryFn: ({ signal }) =>
      fetchJson(apiPath([...sourcePath(source), 'schedules']), SchedulesResponse, { signal }),
    ...liveRefresh,
  });
}

// ---- issue 3 (controls): bounded search, dead letters, audit ---------------------------

/** A bounded search of one state of a queue; `query` from job-filter.ts, null until asked. */
export function useJobSearch(
  source: string,
  queue: string,
  query: Record<string, string | number | undefined> | null,
) {
  return useQuery({
    queryKey: queryKeys.search(source, queue, query ?? {}),
    queryFn: ({ signal }) =>
      fetchJson(apiPath([...queuePath(source, queue), 'search'], query ?? {}), SearchResponse, {
        signal,
      }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    // A search scans up to 100,000 jobs: run it when asked (and after an action), not on a timer.
    ...noRefresh,
  });
}

export function useDeadLetters(
  query: Record<string, string | undefined>,
  cursor: string | null,
  limit = 50,
) {
  return useQuery({
    queryKey: queryKeys.deadLetters({ ...query, limit: String(limit) }, cursor),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(['dead-letters'], { ...query, limit, cursor }), DeadLettersResponse, {
        signal,
      }),
    placeholderData: keepPreviousData,
    ...liveRefresh,
  });
}

export function useAudit(cursor: string | null, limit = 50) {
  return useQuery({
    queryKey: queryKeys.audit(cursor),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(['audit'], { limit, cursor }), AuditResponse, { signal }),
    placeholderData: keepPreviousData,
    ...liveRefresh,
  });
}

// ---- issue 7 (shell): the command palette lists every source's queues ----------------

/** The queues of several sources at once: the same queries (keys, fetch) as useQueues. */
export function useQueuesOfSources(sources: readonly string[]) {
  return useQueries(sources.map((source) => ({ ...resourceQuery(resources.queues(source)), ...liveRefresh })));
}

// ---- issue 7 (overview at a glance) ----------------------------------------------------

/** Every queue's completed/failed jobs per minute over the last `points` minutes (sparklines). */
export function useSourceMetrics(source: string, points = 60) {
  return useQuery({
    queryKey: queryKeys.metrics(source, points),
    queryFn: ({ signal }) =>
      fetchJson(apiPath([...sourcePath(source), 'metrics'], { points }), SourceMetricsResponse, {
        signal,
      }),
    ...minuteRefresh,
  });
}
