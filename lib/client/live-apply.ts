/**
 * What the live feed does to the TanStack Query cache, and which topics the cache needs: pure
 * functions of a QueryClient, so they are tested without a browser. Counts are set in place; lists
 * and details are invalidated only when an event concerns them (and only on-screen ones refetch).
 */
import type { Query, QueryClient } from '@tanstack/react-query';
import type { QueueResponse, QueuesResponse, SourcesResponse, WorkersResponse } from '@/lib/api/schemas';
import type { Queue } from '@/lib/adapters/types';
import type { LiveEvent } from '@/lib/live/events';
import { jobTopic, queueTopic, sourceTopic, workersTopic } from '@/lib/live/topics';
import { isApiError } from './api';
import { queryKeys } from './query-keys';

type LiveQueue = Extract<LiveEvent, { type: 'counts' }>['queue'];

/**
 * Whether a query is about something seen to exist: it has data, and its last answer was not a
 * 404. A mistyped URL's queries never get data, so the feed never names what does not exist (an
 * unknown source would make the whole stream answer 404). A source that is down (503) keeps its
 * old data and its topic, so the feed says when it is back. Waiting for data costs nothing: the
 * stream is reopened with its Last-Event-ID, and the hub replays what the new topics missed.
 */
export function seenToExist(query: Pick<Query, 'state'>): boolean {
  const { data, error } = query.state;
  return data !== undefined && !isApiError(error, 'not_found');
}

/** Topics for what is on screen: every query with an observer maps to the narrowest topic it needs. */
export function topicsFor(queries: readonly Pick<Query, 'queryKey' | 'state' | 'getObserversCount'>[]): string[] {
  const topics = new Set<string>();
  for (const query of queries) {
    if (query.getObserversCount() === 0 || !seenToExist(query)) continue;
    const key = query.queryKey;
    if (key[0] === 'sources') {
      const data = query.state.data as SourcesResponse | undefined;
      for (const source of data?.sources ?? []) topics.add(sourceTopic(source.id));
      continue;
    }
    if (key[0] !== 'source' || typeof key[1] !== 'string') continue;
    const source = key[1];
    if (key[2] === 'queue' && typeof key[3] === 'string') {
      topics.add(
        key[4] === 'job' && typeof key[5] === 'string'
          ? jobTopic(source, key[3], key[5])
          : queueTopic(source, key[3]),
      );
    } else {
      topics.add(sourceTopic(source));
      // The workers list and a worker's page follow the source's workers as they change.
      if (key[2] === 'workers' || key[2] === 'worker') topics.add(workersTopic(source));
    }
  }
  return [...topics].sort();
}

function sameCounts(a: Queue['counts'], b: Queue['counts']): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Queue['counts']>;
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

/** Meta fields a Celery queue's counts carry from the broker: when they move, the broker view is stale. */
const BROKER_META = ['brokerWaiting', 'brokerInFlight', 'brokerUnacked', 'oldestUnackedAgeMs'] as const;

function brokerFactsChanged(previous: Queue | undefined, next: LiveQueue): boolean {
  if (next.meta.kind !== 'celery') return false;
  if (!previous) return true;
  return BROKER_META.some((field) => previous.meta[field] !== next.meta[field]) ||
    Object.keys(next.meta).some((field) => field.startsWith('priority') && previous.meta[field] !== next.meta[field]);
}

function mergeQueue(old: Queue, next: LiveQueue): Queue {
  return { ...old, ...next, workerCount: next.workerCount !== undefined ? next.workerCount : old.workerCount };
}

export function applyLiveEvent(client: QueryClient, event: LiveEvent): void {
  switch (event.type) {
    case 'hello':
      return;
    case 'counts': {
      const { source, queue } = event;
      let unknownQueue = false;
      let workersChanged = false;
      // Unknown until the queues list says otherwise: a task list must not miss a move.
      let countsMoved = true;
      let brokerChanged = queue.meta.kind === 'celery';
      client.setQueryData<QueuesResponse>(queryKeys.queues(source), (old) => {
        if (!old) return old;
        const index = old.queues.findIndex((entry) => entry.name === queue.name);
        if (index < 0) {
          unknownQueue = true;
          return old;
        }
        const previous = old.queues[index]!;
        countsMoved = !sameCounts(previous.counts, queue.counts);
        brokerChanged = brokerFactsChanged(previous, queue);
        workersChanged = queue.workerCount !== undefined && queue.workerCount !== previous.workerCount;
        const queues = [...old.queues];
        queues[index] = mergeQueue(previous, queue);
        return { ...old, queues };
      });
      client.setQueryData<QueueResponse>(queryKeys.queue(source, queue.name), (old) =>
        old ? { ...old, queue: mergeQueue(old.queue, queue) } : old,
      );
      if (unknownQueue) void client.invalidateQueries({ queryKey: queryKeys.queues(source) });
      if (workersChanged) void client.invalidateQueries({ queryKey: queryKeys.workers(source) });
      // A source-wide task list (Celery) has no topic of its own: a task changed state when a
      // queue's counts moved. A refetch under way is let finish rather than restarted by the next one.
      if (countsMoved)
        void client.invalidateQueries({ queryKey: [...queryKeys.source(source), 'tasks'] }, { cancelRefetch: false });
      if (brokerChanged) void client.invalidateQueries({ queryKey: queryKeys.broker(source), exact: true });
      return;
    }
    case 'workers': {
      // Only where the list is held: an event never creates a query nobody asked for.
      client.setQueryData<WorkersResponse>(queryKeys.workers(event.source), (old) =>
        old ? { known: true, workers: event.workers } : old,
      );
      return;
    }
    case 'jobs': {
      for (const state of event.states)
        void client.invalidateQueries({ queryKey: [...queryKeys.queue(event.source, event.queue), 'jobs', state] });
      if (event.states.includes('failed')) void client.invalidateQueries({ queryKey: ['dead-letters'] });
      return;
    }
    case 'job': {
      const key = queryKeys.job(event.source, event.queue, event.id);
      if (event.event === 'progress' && event.progress !== undefined) {
        const progress = event.progress;
        client.setQueryData<{ job: { progress: unknown } }>(key, (old) =>
          old ? { ...old, job: { ...old.job, progress } } : old,
        );
        return;
      }
      // Detail, timeline, logs and flow of that job (all keyed under it).
      void client.invalidateQueries({ queryKey: key });
      return;
    }
    case 'queue':
      void client.invalidateQueries({ queryKey: queryKeys.queue(event.source, event.queue), exact: true });
      return;
    case 'source': {
      client.setQueryData<SourcesResponse>(queryKeys.sources(), (old) =>
        old
          ? {
              ...old,
              sources: old.sources.map((source) => {
                if (source.id !== event.source) return source;
                const { error: _previous, ...rest } = source;
                return event.status === 'down'
                  ? { ...rest, status: 'down', error: event.error ?? 'the source does not answer' }
                  : { ...rest, status: 'up' };
              }),
            }
          : old,
      );
      // Back up: refetch what is shown of it (events missed while it was down are in Redis, not here).
      if (event.status === 'up') void client.invalidateQueries({ queryKey: queryKeys.source(event.source) });
      return;
    }
    case 'reset':
      void client.invalidateQueries();
      return;
  }
}
