/**
 * The resources a page can be given from the server with its HTML (lib/server/prefetch.ts) and that
 * the browser otherwise reads itself (lib/client/hooks.ts): for each, its query key, its API path and
 * the schema its answer is parsed with. One definition for both sides is what lets server data
 * land in the browser's cache under exactly the key the hook reads.
 */
import type { z } from 'zod';
import {
  JobLookupResponse,
  JobResponse,
  JobsResponse,
  MeResponse,
  QueueResponse,
  QueuesResponse,
  SourcesResponse,
  TasksResponse,
} from '@/lib/api/schemas';
import { apiPath, fetchJson } from './api';
import { queryKeys } from './query-keys';
import type { JobState } from './types';

export interface Resource<Schema extends z.ZodType = z.ZodType> {
  queryKey: readonly unknown[];
  /** From apiPath: `/api/v1/…`, without the mount prefix. */
  path: string;
  schema: Schema;
}

export interface JobsPageRequest {
  state: JobState;
  cursor: string | null;
  limit: number;
}

const sourcePath = (source: string) => ['sources', source];
const queuePath = (source: string, queue: string) => [...sourcePath(source), 'queues', queue];

export const resources = {
  sources: () => ({
    queryKey: queryKeys.sources(),
    path: apiPath(['sources']),
    schema: SourcesResponse,
  }),
  me: () => ({ queryKey: queryKeys.me(), path: apiPath(['me']), schema: MeResponse }),
  queues: (source: string) => ({
    queryKey: queryKeys.queues(source),
    path: apiPath([...sourcePath(source), 'queues']),
    schema: QueuesResponse,
  }),
  queue: (source: string, queue: string) => ({
    queryKey: queryKeys.queue(source, queue),
    path: apiPath(queuePath(source, queue)),
    schema: QueueResponse,
  }),
  jobs: (source: string, queue: string, { state, cursor, limit }: JobsPageRequest) => ({
    queryKey: queryKeys.jobs(source, queue, state, cursor, limit),
    path: apiPath([...queuePath(source, queue), 'jobs'], { state, limit, cursor }),
    schema: JobsResponse,
  }),
  job: (source: string, queue: string, job: string) => ({
    queryKey: queryKeys.job(source, queue, job),
    path: apiPath([...queuePath(source, queue), 'jobs', job]),
    schema: JobResponse,
  }),
  /** One page of a source's task list; `query` from task-filter.ts's toTasksQuery. */
  tasks: (source: string, query: Record<string, string>) => ({
    queryKey: queryKeys.tasks(source, query),
    path: apiPath([...sourcePath(source), 'tasks'], query),
    schema: TasksResponse,
  }),
  taskLookup: (source: string, task: string) => ({
    queryKey: queryKeys.taskLookup(source, task),
    path: apiPath([...sourcePath(source), 'jobs', task]),
    schema: JobLookupResponse,
  }),
} satisfies Record<string, (...args: never[]) => Resource>;

/** The key and fetch function of a resource, for useQuery. */
export function resourceQuery<Schema extends z.ZodType>(resource: Resource<Schema>) {
  return {
    queryKey: resource.queryKey,
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<z.infer<Schema>> =>
      fetchJson(resource.path, resource.schema, { signal }),
  };
}
