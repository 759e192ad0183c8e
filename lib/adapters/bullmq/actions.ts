/** The BullMQ source's mutating side: `SourceActions` over BullMQ's own atomic operations. */
import 'server-only';
import type { SourceActions } from '../types';
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

export function createBullmqActions(read: ReadContext, url: string): SourceActions {
  const connection = createActionConnection({ sourceId: read.sourceId, url, prefix: read.prefix });
  const ctx: ActionContext = {
    ...read,
    redis: connection.redis,
    bullQueue: connection.bullQueue,
    blockingConnection: connection.blockingConnection,
  };
  return {
    retryJob: (queue, id, options) => retryJob(ctx, queue, id, options),
    removeJob: (queue, id, options) => removeJob(ctx, queue, id, options),
    promoteJob: (queue, id) => promoteJob(ctx, queue, id),
    cancelJob: (queue, id, options) => cancelJob(ctx, queue, id, options),
    duplicateJob: (queue, id) => duplicateJob(ctx, queue, id),
    updateJobData: (queue, id, data) => updateJobData(ctx, queue, id, data),
    addJob: (queue, job) => addJob(ctx, queue, job),
    setPaused: (queue, paused) => setPaused(ctx, queue, paused),
    setAllPaused: (paused) => setAllPaused(ctx, paused),
    retryAll: (queue, options) => retryAll(ctx, queue, options),
    promoteAll: (queue) => promoteAll(ctx, queue),
    clean: (queue, options) => clean(ctx, queue, options),
    drain: (queue, options) => drain(ctx, queue, options),
    obliterate: (queue, options) => obliterate(ctx, queue, options),
    search: (queue, options) => search(ctx, queue, options),
    actOnMatching: (queue, action, options) => actOnMatching(ctx, queue, action, options),
    deadLetters: (options) => deadLetters(ctx, options),
    setRateLimit: (queue, limit) => setRateLimit(ctx, queue, limit),
    setConcurrency: (queue, concurrency) => setConcurrency(ctx, queue, concurrency),
    upsertScheduler: (queue, id, spec) => upsertScheduler(ctx, queue, id, spec),
    removeScheduler: (queue, id) => removeScheduler(ctx, queue, id),
    runScheduler: (queue, id) => runScheduler(ctx, queue, id),
    close: () => connection.close(),
  };
}
