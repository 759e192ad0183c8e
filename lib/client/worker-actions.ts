'use client';
/**
 * Worker controls and task-type limits from the browser (Celery's remote control, issue 8): one
 * function per REST call, answers parsed by schemas-workers.ts, and hooks with one Idempotency-Key
 * per intent (useIntentMutation) that refresh the source's views — the worker page reads back what
 * the worker says now.
 */
import type { z } from 'zod';
import { TaskTypeLimitResponse, WorkerControlResponse } from '@/lib/api/schemas';
import type { AutoscaleBody, TaskTimeLimitBody } from '@/lib/api/schemas';
import { sendJson, useIntentMutation } from './actions';
import { queryKeys } from './query-keys';

export type WorkerControl =
  | { action: 'pool-grow'; n: number }
  | { action: 'pool-shrink'; n: number }
  | { action: 'autoscale'; body: z.input<typeof AutoscaleBody> }
  | { action: 'add-consumer'; queue: string }
  | { action: 'cancel-consumer'; queue: string }
  | { action: 'shutdown' };

export function workerControl(source: string, worker: string, control: WorkerControl, key: string) {
  const base = ['sources', source, 'workers', worker];
  switch (control.action) {
    case 'pool-grow':
      return sendJson('POST', [...base, 'pool', 'grow'], { n: control.n }, WorkerControlResponse, key);
    case 'pool-shrink':
      return sendJson('POST', [...base, 'pool', 'shrink'], { n: control.n }, WorkerControlResponse, key);
    case 'autoscale':
      return sendJson('PUT', [...base, 'autoscale'], control.body, WorkerControlResponse, key);
    case 'add-consumer':
      return sendJson('POST', [...base, 'consumers'], { queue: control.queue }, WorkerControlResponse, key);
    case 'cancel-consumer':
      return sendJson('DELETE', [...base, 'consumers', control.queue], {}, WorkerControlResponse, key);
    case 'shutdown':
      return sendJson('POST', [...base, 'shutdown'], {}, WorkerControlResponse, key);
  }
}

export type TaskTypeLimit =
  | { limit: 'rate-limit'; rate: string | null }
  | { limit: 'time-limit'; time: z.input<typeof TaskTimeLimitBody> | null };

export function taskTypeLimit(source: string, taskType: string, change: TaskTypeLimit, key: string) {
  const path = ['sources', source, 'task-types', taskType, change.limit];
  const value = change.limit === 'rate-limit' ? (change.rate === null ? null : { rate: change.rate }) : change.time;
  return value === null
    ? sendJson('DELETE', path, {}, TaskTypeLimitResponse, key)
    : sendJson('PUT', path, value, TaskTypeLimitResponse, key);
}

const affected = (source: string) => [queryKeys.source(source), ['audit']];

export function useWorkerControl(source: string, worker: string) {
  return useIntentMutation(
    (control: WorkerControl, key: string) => workerControl(source, worker, control, key),
    () => affected(source),
  );
}

export function useTaskTypeLimit(source: string) {
  return useIntentMutation(
    ({ taskType, change }: { taskType: string; change: TaskTypeLimit }, key: string) =>
      taskTypeLimit(source, taskType, change, key),
    () => affected(source),
  );
}
