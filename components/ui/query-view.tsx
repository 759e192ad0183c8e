'use client';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBox } from '@/components/ui/error-box';
import { Skeleton } from '@/components/ui/skeleton';

/**
 * Loading skeleton, error box or content for one query. When a refresh fails after data was
 * shown, the last data stays on screen under the error so an operator does not lose context.
 */
export function QueryView<T>({
  query,
  children,
  skeletonRows = 3,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  skeletonRows?: number;
}) {
  if (query.isPending) return <Skeleton rows={skeletonRows} />;
  if (query.isError && query.data === undefined) return <ErrorBox error={query.error} />;
  return (
    <>
      {query.isError ? <ErrorBox error={query.error} /> : null}
      {query.data !== undefined ? children(query.data) : null}
    </>
  );
}
