/**
 * How the browser keeps server data fresh: the live feed (lib/client/live.ts) applies server events
 * to the query cache, so nothing polls while its stream is healthy; when it is not (reconnecting,
 * offline, or a source without a live feed), queries fall back to slow polling.
 */
import type { Query } from '@tanstack/react-query';
import { liveFeed } from './live';

/** Polling period while the live stream is down. */
export const FALLBACK_POLL_MS = 10_000;

/** Query options for data that changes while you look at it (counts, lists, job state). */
export const liveRefresh = {
  refetchInterval: (query: Pick<Query, 'queryKey'>) =>
    liveFeed.covers(query.queryKey) ? false : FALLBACK_POLL_MS,
  refetchIntervalInBackground: false,
} as const;

/** Query options for data that is fetched once per view (full payloads). */
export const noRefresh = {
  refetchInterval: false,
  staleTime: Infinity,
} as const;

/** Metrics have minute granularity: read them once a minute, live feed or not (issue 7). */
export const METRICS_POLL_MS = 60_000;
export const minuteRefresh = {
  refetchInterval: METRICS_POLL_MS,
  refetchIntervalInBackground: false,
  staleTime: METRICS_POLL_MS / 2,
} as const;
