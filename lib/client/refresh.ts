/**
 * How the browser keeps server data fresh. Today: polling, in this one place, so the live
 * feed (SSE applied to the query cache) can replace it without touching a hook or a component.
 */
export const POLL_INTERVAL_MS = 3_000;

/** Query options for data that changes while you look at it (counts, lists, job state). */
export const liveRefresh = {
  refetchInterval: POLL_INTERVAL_MS,
  refetchIntervalInBackground: false,
} as const;

/** Query options for data that is fetched once per view (full payloads). */
export const noRefresh = {
  refetchInterval: false,
  staleTime: Infinity,
} as const;
