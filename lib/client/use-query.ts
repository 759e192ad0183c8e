'use client';
/**
 * TanStack's useQuery, made hydration-safe: while React hydrates server HTML it reports "pending"
 * (what the server rendered, having no data), and the real result from the next render on.
 *
 * Why: React hydrates each server-rendered Suspense boundary in a later pass than the tree around
 * it (at offscreen priority). The outer tree's queries start in its effects; when an answer lands
 * before an inner boundary hydrates, useQuery there reads it from the cache at once and renders
 * rows where the server rendered a skeleton — React error #418, on about one load in two of the
 * queue and source pages. Every data hook goes through this one, so no page can hydrate with data.
 */
import { useQuery as useTanstackQuery } from '@tanstack/react-query';
import type { DefaultError, QueryKey, UseQueryOptions, UseQueryResult } from '@tanstack/react-query';
import { useHydrating } from './use-hydrating';

export function useQuery<TQueryFnData = unknown, TError = DefaultError, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey>(
  options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): UseQueryResult<TData, TError> {
  const result = useTanstackQuery(options);
  const hydrating = useHydrating();
  if (!hydrating) return result;
  // Built from constants, not by spreading `result`: reading each of its fields would subscribe the
  // component to every one of them (TanStack tracks which fields a component reads).
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
