/**
 * What each page is given with its HTML (see prefetch.ts): the shell's sidebar on every page, the
 * queue page's counts and the first page of the state it opens on, the job page's job.
 */
import 'server-only';
import type { DehydratedState } from '@tanstack/react-query';
import { getRegistry } from '@/lib/adapters/registry';
import type { JobLookupResponse, QueueResponse } from '@/lib/api/schemas';
import { resources } from '@/lib/client/resources';
import { currentCursor, openingState, parseQueueView } from '@/lib/client/routes';
import { parseTaskCursors, parseTaskFilter, toTasksQuery } from '@/lib/client/task-filter';
import { dehydrateReads, readResources } from './prefetch';

/** The sources, who is asking, and every source's queues (the sidebar and the overview). */
export async function shellData(): Promise<DehydratedState> {
  let sourceIds: string[] = [];
  try {
    sourceIds = getRegistry()
      .list()
      .map((source) => source.adapter.id);
  } catch {
    // A bad configuration: the page's own reads show the error.
  }
  const reads = await readResources([
    resources.sources(),
    resources.me(),
    ...sourceIds.map((id) => resources.queues(id)),
  ]);
  return dehydrateReads(reads);
}

/** The queue's facts, then the page of jobs its link names — or the state it opens on. */
export async function queuePageData(
  source: string,
  queue: string,
  search: URLSearchParams,
): Promise<DehydratedState> {
  const [queueRead] = await readResources([resources.queue(source, queue)]);
  const request = parseQueueView(search);
  const counts = (queueRead?.data as QueueResponse | undefined)?.queue.counts;
  const state = request.state ?? (counts ? openingState(counts) : null);
  const jobsReads =
    state === null
      ? []
      : await readResources([
          resources.jobs(source, queue, {
            state,
            cursor: currentCursor(request),
            limit: request.limit,
          }),
        ]);
  return dehydrateReads([...(queueRead ? [queueRead] : []), ...jobsReads]);
}

export async function jobPageData(
  source: string,
  queue: string,
  job: string,
): Promise<DehydratedState> {
  return dehydrateReads(await readResources([resources.job(source, queue, job)]));
}

/** The Tasks page: the page of tasks its link names. */
export async function tasksPageData(source: string, search: URLSearchParams): Promise<DehydratedState> {
  const query = toTasksQuery(parseTaskFilter(search), parseTaskCursors(search).at(-1) ?? null);
  return dehydrateReads(await readResources([resources.tasks(source, query)]));
}

/**
 * The task page: where the task is, and its detail under the job key the page reads it by (the
 * lookup already answered it, so the detail costs no second read).
 */
export async function taskPageData(source: string, task: string): Promise<DehydratedState> {
  const [lookup] = await readResources([resources.taskLookup(source, task)]);
  const found = lookup?.data as JobLookupResponse | undefined;
  const reads = lookup ? [lookup] : [];
  if (found) reads.push({ resource: resources.job(source, found.ref.queue, task), data: { job: found.job } });
  return dehydrateReads(reads);
}

/** Next's `searchParams` prop as URLSearchParams (a repeated name is an array). */
export function toSearchParams(
  params: Record<string, string | string[] | undefined>,
): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      search.append(name, item);
  }
  return search;
}
