/**
 * The resources of the workers, worker and broker pages (issue 8), defined once for the server's
 * reads with the HTML (lib/server/worker-page-data.ts) and the browser's hooks (worker-hooks.ts).
 */
import { BrokerMessagesResponse, BrokerResponse, WorkerDetailResponse, WorkersResponse } from '@/lib/api/schemas';
import { apiPath } from './api';
import { queryKeys } from './query-keys';
import type { Resource } from './resources';

/** How long the worker page waits for the worker's inspect answers, ms. */
export const WORKER_INSPECT_MS = 2_000;

export const workerResources = {
  workers: (source: string) => ({
    queryKey: queryKeys.workers(source),
    path: apiPath(['sources', source, 'workers']),
    schema: WorkersResponse,
  }),
  workerDetail: (source: string, worker: string) => ({
    queryKey: queryKeys.workerDetail(source, worker),
    path: apiPath(['sources', source, 'workers', worker], { timeoutMs: WORKER_INSPECT_MS }),
    schema: WorkerDetailResponse,
  }),
  broker: (source: string) => ({
    queryKey: queryKeys.broker(source),
    path: apiPath(['sources', source, 'broker']),
    schema: BrokerResponse,
  }),
  brokerMessages: (source: string, queue: string, limit: number) => ({
    queryKey: queryKeys.brokerMessages(source, queue, limit),
    path: apiPath(['sources', source, 'broker', 'queues', queue, 'messages'], { limit }),
    schema: BrokerMessagesResponse,
  }),
} satisfies Record<string, (...args: never[]) => Resource>;
