'use client';
/**
 * Data the server read while rendering a page, handed to the browser with the HTML: it seeds the
 * query cache (TanStack's HydrationBoundary) and, while React hydrates, is what every hook answers
 * (lib/client/use-query.ts) — exactly what the server rendered, even when a fresher answer has
 * reached the cache in the meantime. So a page's first paint already shows its rows, with no
 * round trip after the scripts run, and hydration never meets different text.
 */
import { HydrationBoundary, hashKey } from '@tanstack/react-query';
import type { DehydratedState, QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';

const ServerDataContext = createContext<ReadonlyMap<string, unknown>>(new Map());

export function ServerData({ state, children }: { state: DehydratedState; children: ReactNode }) {
  const outer = useContext(ServerDataContext);
  const served = useMemo(
    () =>
      new Map([
        ...outer,
        ...state.queries.map((query) => [query.queryHash, query.state.data] as const),
      ]),
    [outer, state],
  );
  return (
    <HydrationBoundary state={state}>
      <ServerDataContext.Provider value={served}>{children}</ServerDataContext.Provider>
    </HydrationBoundary>
  );
}

export type ServedLookup = (queryKey: QueryKey) => { data: unknown } | undefined;

/** What the server rendered for a query key: `{ data }` when it read it, undefined otherwise. */
export function useServerData(): ServedLookup {
  const served = useContext(ServerDataContext);
  return (queryKey) => {
    const hash = hashKey(queryKey);
    return served.has(hash) ? { data: served.get(hash) } : undefined;
  };
}
