'use client';
/**
 * TanStack's useQuery, made hydration-safe: while React hydrates server HTML it reports what the
 * server rendered — the data the server read for the page (lib/client/server-data.tsx), else
 * "pending" — and the real result from the next render on.
 *
 * Why: React hydrates each server-rendered Suspense boundary in a later pass than the tree around
 * it (at offscreen priority). The outer tree's queries start in its effects; when an answer lands
 * before an inner boundary hydrates, useQuery there reads it from the cache at once and renders
 * rows where the server rendered a skeleton — React error #418, on about one load in two of the
 * queue and source pages. Every data hook goes through this one, so no page can hydrate with data.
 */
import { useQueries as useTanstackQueries, useQuery as useTanstackQuery } from '@tanstack/react-query';
import type { DefaultError, QueryKey, UseQueryOptions, UseQueryResult } from '@tanstack/react-query';
import { useServerData } from './server-data';
import { useHydrating } from './use-hydrating';

export function useQuery<TQueryFnData = unknown, TError = DefaultError, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey>(
  options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): UseQueryResult<TData, TError> {
  const result = useTanstackQuery(options);
  const hydrating = useHydrating();
  const served = useServerData();
  if (!hydrating) return result;
  return asServerRendered(served(options.queryKey), result);
}

/** useQueries, made hydration-safe the same way: each result is what the server rendered for it. */
export function useQueries<TData = unknown, TError = DefaultError>(
  queries: readonly UseQueryOptions<TData, TError, TData, QueryKey>[],
): UseQueryResult<TData, TError>[] {
  const results = useTanstackQueries({ queries: [...queries] }) as UseQueryResult<TData, TError>[];
  const hydrating = useHydrating();
  const served = useServerData();
  if (!hydrating) return results;
  return results.map((result, index) => asServerRendered(served(queries[index]!.queryKey), result));
}

/**
 * The server's data when it read the query, else "pending". Built from constants, not by spreading
 * `result`: reading each of its fields would subscribe the component to every one of them
 * (TanStack tracks which fields a component reads).
 */
function asServerRendered<TData, TError>(
  served: { data: unknown } | undefined,
  result: UseQueryResult<TData, TError>,
): UseQueryResult<TData, TError> {
  if (served) return { ...successResult, data: served.data, refetch: result.refetch } as UseQueryResult<TData, TError>;
  return { ...pendingResult, refetch: result.refetch } as UseQueryResult<TData, TError>;
}

const pendingResult = {
  data: undefined,
  dataUpdatedAt: 0,
  error: null,
  errorUpdatedAt: 0,
  errorUpdateCount: 0,
  failureCount: 0,
  failureReason: null,
  fetchStatus: 'idle',
  isEnabled: true,
  isError: false,
  isFetched: false,
  isFetchedAfterMount: false,
  isFetching: false,
  isInitialLoading: false,
  isLoading: false,
  isLoadingError: false,
  isPaused: false,
  isPending: true,
  isPlaceholderData: false,
  isRefetchError: false,
  isRefetching: false,
  isStale: true,
  isSuccess: false,
  status: 'pending',
} as const;

const successResult = {
  ...pendingResult,
  fetchStatus: 'idle',
  isFetched: true,
  isPending: false,
  isSuccess: true,
  isStale: false,
  status: 'success',
} as const;
