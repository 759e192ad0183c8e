'use client';
/** Hooks of the worker and broker pages (issue 8), over worker-resources.ts. */
import { keepPreviousData } from '@tanstack/react-query';
import { useQuery } from './use-query';
import { resourceQuery } from './resources';
import { liveRefresh, noRefresh } from './refresh';
import { workerResources } from './worker-resources';

/**
 * One worker from its inspect answers. Asked when the page opens, after a control on it, and when
 * the operator refreshes: each read is eight broadcasts the worker must answer, so no timer.
 */
export function useWorkerDetail(source: string, worker: string) {
  return useQuery({
    ...resourceQuery(workerResources.workerDetail(source, worker)),
    ...noRefresh,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** The broker's queues; refetched when the live counts say the broker facts changed. */
export function useBroker(source: string) {
  return useQuery({ ...resourceQuery(workerResources.broker(source)), ...liveRefresh });
}

/** The next messages of a queue; read only when asked (the peek button), kept until asked again. */
export function useBrokerMessages(source: string, queue: string, limit: number, enabled: boolean) {
  return useQuery({
    ...resourceQuery(workerResources.brokerMessages(source, queue, limit)),
    ...noRefresh,
    enabled,
  });
}
