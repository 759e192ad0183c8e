/**
 * The BullMQ source's mutating side: the action groups BullMQ has (job, queue, matching, queue
 * limits, schedulers) over BullMQ's own atomic operations, and the reads that share the action
 * connection (bounded search, dead letters).
 */
import 'server-only';
import type { JobState, SourceActions, SourceAdapter } from '../types';
import { actOnMatching, search } from './actions-matching';
import { deadLetters } from './dead-letters';
import {
  clean,
  drain,
  obliterate,
  promoteAll,
  retryAll,
  setAllPaused,
  setPaused,
} from './actions-bulk';
import { cancelJob } from './actions-cancel';
import {
  addJob,
  duplicateJob,
  promoteJob,
  removeJob,
  retryJob,
  updateJobData,
} from './actions-jobs';
import {
  removeScheduler,
  runScheduler,
  setConcurrency,
  setRateLimit,
  upsertScheduler,
} from './actions-limits';
import type { ActionContext } from './actions-support';
import { createActionConnection } from './actions-support';
import type { ReadContext } from './queue-reads';

/** Every state but `active`: a worker holds an active job's lock. */
const unlocked: readonly JobState[] = [
  'waiting',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
  'cancelled',
  'paused',
];

export interface BullmqActions {
  actions: SourceActions;
  searchJobs: NonNullable<SourceAdapter['searchJobs']>;
  listDeadLetters: NonNullable<SourceAdapter['listDeadLetters']>;
}

export function createBullmqActions(read: ReadContext, url: string): BullmqActions {
  const connection = createActionConnection({ sourceId: read.sourceId, url, prefix: read.prefix });
  const ctx: ActionContext = {
    ...read,
    redis: connection.redis,
    bullQueue: connection.bullQueue,
    blockingConnection: connection.blockingConnection,
  };
  const actions: SourceActions = {
    job: {
      appliesTo: {
        retry: ['failed', 'completed'],
        promote: ['delayed'],
        cancel: ['active'],
        remove: unlocked,
        updateData: unlocked,
      },
      retry: (queue, id, options) => retryJob(ctx, queue, id, options),
      cancel: (queue, id, options) => cancelJob(ctx, queue, id, options),
      remove: (queue, id, options) => removeJob(ctx, queue, id, options),
      promote: (queue, id) => promoteJob(ctx, queue, id),
      duplicate: (queue, id) => duplicateJob(ctx, queue, id),
      updateData: (queue, id, data) => updateJobData(ctx, queue, id, data),
    },
    queue: {
      pause: (queue, paused) => setPaused(ctx, queue, paused),
      pauseAll: (paused) => setAllPaused(ctx, paused),
      add: (queue, job) => addJob(ctx, queue, job),
      retryAll: (queue, options) => retryAll(ctx, queue, options),
      promoteAll: (queue) => promoteAll(ctx, queue),
      clean: (queue, options) => clean(ctx, queue, options),
      drain: (queue, options) => drain(ctx, queue, options),
      obliterate: (queue, options) => obliterate(ctx, queue, options),
    },
    matching: {
      retry: (queue, options) => actOnMatching(ctx, queue, 'retry', options),
      remove: (queue, options) => actOnMatching(ctx, queue, 'remove', options),
      promote: (queue, options) => actOnMatching(ctx, queue, 'promote', options),
    },
    queueLimit: {
      rateLimit: (queue, limit) => setRateLimit(ctx, queue, limit),
      concurrency: (queue, concurrency) => setConcurrency(ctx, queue, concurrency),
    },
    scheduler: {
      upsert: (queue, id, spec) => upsertScheduler(ctx, queue, id, spec),
      remove: (queue, id) => removeScheduler(ctx, queue, id),
      run: (queue, id) => runScheduler(ctx, queue, id),
    },
    close: () => connection.close(),
  };
  return {
    actions,
    searchJobs: (queue, options) => search(ctx, queue, options),
    listDeadLetters: (options) => deadLetters(ctx, options),
  };
}
