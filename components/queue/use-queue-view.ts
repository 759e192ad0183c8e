'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useQueue } from '@/lib/client/hooks';
import { queryKeys } from '@/lib/client/query-keys';
import { useHydrating } from '@/lib/client/use-hydrating';
import { openingState, parseQueueView } from '@/lib/client/routes';
import type { QueueView } from '@/lib/client/routes';
import type { JobState } from '@/lib/client/types';
import type { QueuesResponse } from '@/lib/api/schemas';

/**
 * The job list the page shows: the state its link names, or — when it names none — the state the
 * queue opens on (routes.ts `openingState`), picked once from the first counts and then kept, so
 * the list does not jump to another tab while the operator reads it. Null until the counts load.
 */
export function useQueueView(source: string, queue: string): QueueView | null {
  const request = parseQueueView(useSearchParams());
  const { data, isError } = useQueue(source, queue);
  const client = useQueryClient();
  const [opened, setOpened] = useState<JobState | null>(null);
  const hydrating = useHydrating();
  if (request.state !== null) return { ...request, state: request.state };

  // Arriving from a page that listed the source's queues (overview, sidebar), their counts are
  // already cached: pick from them rather than wait for this queue's own read before the list's.
  // Not while hydrating: then the pick must be the server's (from the counts it was given, which
  // `data` is then), or the tabs would keep the server's attributes — React does not patch a
  // mismatched attribute — and never show the state the list is on.
  const cached = hydrating
    ? undefined
    : client
        .getQueryData<QueuesResponse>(queryKeys.queues(source))
        ?.queues.find((entry) => entry.name === queue)?.counts;
  const counts = data?.queue.counts ?? cached;
  // Without counts (the queue cannot be read) fall back to waiting: the list shows why.
  const state = opened ?? (counts ? openingState(counts) : isError ? 'waiting' : null);
  // Picked during render (React re-renders at once), so the first list shown is already the right one.
  if (state !== null && opened === null) setOpened(state);
  return state === null ? null : { ...request, state };
}
