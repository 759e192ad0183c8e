/** Job-level reads: pages of rows (≤ 2 round trips), detail, payloads, logs, lookup by id. */
import 'server-only';
import type {
  JobDetail,
  JobPage,
  JobRef,
  JobRow,
  JobState,
  ListJobsOptions,
  LogPage,
  Payload,
  PayloadField,
} from '../types';
import type { Replies } from './client';
import { childKeySlots, probeSlots, readChildren, readProbe } from './job-probes';
import { jobKeys, queueKeys } from './keys';
import type { NativeState } from './map';
import { JOB_ROW_FIELDS, fieldsFromHmget, isPausedViaWait, toJobRow } from './map';
import { parentRef, stateFromProbe, toJobDetail, toPayload } from './map-detail';
import { decodeCursor, listWindow, nextCursor, rankWindow } from './paging';
import type { ReadContext } from './queue-reads';
import { isKnownQueue } from './queue-reads';

export const MAX_PAGE_SIZE = 500;
/** Unfinished flow children whose state detail resolves; beyond this they show without a state. */
const MAX_CHILD_STATES = 200;

const ZSET_OF_STATE = {
  completed: 'completed',
  failed: 'failed',
  delayed: 'delayed',
  prioritized: 'prioritized',
  'waiting-children': 'waitingChildren',
} as const satisfies Partial<Record<JobState, keyof ReturnType<typeof queueKeys>>>;

type ZsetState = keyof typeof ZSET_OF_STATE;
const isZsetState = (state: JobState): state is ZsetState => state in ZSET_OF_STATE;

interface PageIds {
  ids: Array<{ id: string; score: number | null }>;
  total: number;
  nativeState: NativeState;
}

export async function listJobs(
  ctx: ReadContext,
  queue: string,
  options: ListJobsOptions,
): Promise<JobPage | null> {
  if (ctx.discovery.excludes(queue)) return null;
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(options.limit)));
  const cursor = decodeCursor(options.cursor);
  const { state } = options;
  const keys = queueKeys(ctx.prefix, queue);

  // Round trip 1: the ids of the page and the state's total.
  const batch = ctx.client.batch();
  const exists = batch.exists(keys.meta);
  const metaPaused = batch.hget(keys.meta, 'paused');
  const pausedLength = batch.llen(keys.paused);
  let read: (replies: Replies) => PageIds;
  if (isZsetState(state)) {
    const key = keys[ZSET_OF_STATE[state]];
    const { start, stop } = rankWindow(cursor.offset, limit);
    const total = batch.zcard(key);
    const members = batch.zrevrangeWithScores(key, start, stop);
    read = (replies) => ({
      ids: replies.get(members).map(([id, score]) => ({ id, score })),
      total: replies.get(total),
      nativeState: state,
    });
  } else if (state === 'active' || state === 'waiting' || state === 'paused') {
    const { start, stop } = listWindow(cursor.offset, limit, cursor.total);
    const asIds = (ids: string[]) => ids.map((id) => ({ id, score: null }));
    if (state === 'active') {
      const total = batch.llen(keys.active);
      const ids = batch.lrange(keys.active, start, stop);
      read = (replies) => ({
        ids: asIds(replies.get(ids)),
        total: replies.get(total),
        nativeState: 'active',
      });
    } else {
      // Which list holds a paused queue's jobs depends on the BullMQ version (see isPausedViaWait):
      // read both windows now rather than spend a round trip finding out.
      const waitTotal = batch.llen(keys.wait);
      const waitIds = batch.lrange(keys.wait, start, stop);
      const pausedIds = batch.lrange(keys.paused, start, stop);
      read = (replies) => {
        const viaWait = isPausedViaWait(replies.get(metaPaused), replies.get(pausedLength));
        if (state === 'waiting') {
          return viaWait
            ? { ids: [], total: 0, nativeState: 'waiting' }
            : {
                ids: asIds(replies.get(waitIds)),
                total: replies.get(waitTotal),
                nativeState: 'waiting',
              };
        }
        return viaWait
          ? {
              ids: asIds(replies.get(waitIds)),
              total: replies.get(waitTotal),
              nativeState: 'waiting',
            }
          : {
              ids: asIds(replies.get(pausedIds)),
              total: replies.get(pausedLength),
              nativeState: 'paused',
            };
      };
    }
  } else {
    // 'cancelled': BullMQ has no such state.
    read = () => ({ ids: [], total: 0, nativeState: 'unknown' });
  }
  const first = await ctx.client.exec(batch);
  if (!isKnownQueue(ctx, queue, first.get(exists))) return null;
  const page = read(first);

  // Round trip 2: small fields of each job, never the payloads themselves.
  const rowsBatch = ctx.client.batch();
  const perJob = page.ids.map(({ id, score }) => {
    const hash = jobKeys(ctx.prefix, queue, id).hash;
    return {
      id,
      score,
      fields: rowsBatch.hmget(hash, JOB_ROW_FIELDS),
      dataBytes: rowsBatch.hstrlen(hash, 'data'),
    };
  });
  const second = await ctx.client.exec(rowsBatch);
  const jobs: JobRow[] = [];
  for (const job of perJob) {
    const fields = fieldsFromHmget(JOB_ROW_FIELDS, second.get(job.fields));
    // Removed between the two trips (or a legacy marker entry): skip it.
    if (!fields) continue;
    jobs.push(
      toJobRow({
        queue,
        id: job.id,
        state,
        nativeState: page.nativeState,
        fields,
        dataBytes: second.get(job.dataBytes),
        delayedScore: state === 'delayed' ? job.score : null,
      }),
    );
  }
  return {
    state,
    jobs,
    total: page.total,
    nextCursor: nextCursor(cursor.offset, limit, page.total),
  };
}

/** Job detail: one round trip, plus one more only to resolve unfinished flow children's states. */
export async function getJob(
  ctx: ReadContext,
  queue: string,
  id: string,
): Promise<JobDetail | null> {
  if (ctx.discovery.excludes(queue)) return null;
  const knownQueues = await ctx.discovery.queues();
  const keys = jobKeys(ctx.prefix, queue, id);
  const batch = ctx.client.batch();
  const exists = batch.exists(queueKeys(ctx.prefix, queue).meta);
  const hash = batch.hgetall(keys.hash);
  const logCount = batch.llen(keys.logs);
  const probe = probeSlots(batch, ctx.prefix, queue, id);
  const childSlots = childKeySlots(batch, ctx.prefix, queue, id);
  const replies = await ctx.client.exec(batch);
  if (!isKnownQueue(ctx, queue, replies.get(exists))) return null;
  const fields = replies.get(hash);
  if (Object.keys(fields).length === 0) return null;

  const state = stateFromProbe(readProbe(replies, probe), fields);
  const children = readChildren(replies, childSlots, ctx.prefix, [...knownQueues, queue]);
  // Children still in the parent's dependencies set: the parent waits on each of them.
  const unresolved = children.filter((child) => child.state === null).slice(0, MAX_CHILD_STATES);
  const blockedBy: JobDetail['blockedBy'] = [];
  if (unresolved.length > 0) {
    const states = ctx.client.batch();
    const probes = unresolved.map((child) => {
      const childHash = jobKeys(ctx.prefix, child.queue, child.id).hash;
      return {
        child,
        exists: states.exists(childHash),
        probe: probeSlots(states, ctx.prefix, child.queue, child.id),
        failedReason: states.hget(childHash, 'failedReason'),
      };
    });
    const stateReplies = await ctx.client.exec(states);
    for (const { child, exists: childExists, probe: childProbe, failedReason } of probes) {
      if (!stateReplies.get(childExists)) continue;
      child.state = stateFromProbe(readProbe(stateReplies, childProbe), {}).state;
      // A child that failed for good yet is still a dependency: no failure option moved it out
      // (failParentOnFailure, ignoreDependencyOnFailure, removeDependencyOnFailure,
      // continueParentOnFailure all do), so the parent waits until someone retries or removes it.
      if (child.state === 'failed' && state.state === 'waiting-children')
        blockedBy.push({
          queue: child.queue,
          id: child.id,
          failedReason: stateReplies.get(failedReason) || null,
        });
    }
  }

  return toJobDetail({
    queue,
    id,
    hash: fields,
    state,
    logCount: replies.get(logCount),
    parent: parentRef(ctx.prefix, fields, [...knownQueues, queue]),
    children,
    blockedBy,
  });
}

export async function getPayload(
  ctx: ReadContext,
  queue: string,
  id: string,
  field: PayloadField,
): Promise<Payload | null> {
  if (ctx.discovery.excludes(queue)) return null;
  const hash = jobKeys(ctx.prefix, queue, id).hash;
  const batch = ctx.client.batch();
  const exists = batch.exists(queueKeys(ctx.prefix, queue).meta);
  const jobExists = batch.exists(hash);
  const value = batch.hget(hash, field === 'data' ? 'data' : 'returnvalue');
  const replies = await ctx.client.exec(batch);
  if (!isKnownQueue(ctx, queue, replies.get(exists)) || !replies.get(jobExists)) return null;
  return toPayload(replies.get(value), Number.POSITIVE_INFINITY);
}

export async function getJobLogs(
  ctx: ReadContext,
  queue: string,
  id: string,
  page: { offset: number; limit: number },
): Promise<LogPage | null> {
  if (ctx.discovery.excludes(queue)) return null;
  const offset = Math.max(0, Math.trunc(page.offset));
  const limit = Math.max(1, Math.trunc(page.limit));
  const keys = jobKeys(ctx.prefix, queue, id);
  const batch = ctx.client.batch();
  const exists = batch.exists(queueKeys(ctx.prefix, queue).meta);
  const jobExists = batch.exists(keys.hash);
  const lines = batch.lrange(keys.logs, offset, offset + limit - 1);
  const total = batch.llen(keys.logs);
  const replies = await ctx.client.exec(batch);
  if (!isKnownQueue(ctx, queue, replies.get(exists)) || !replies.get(jobExists)) return null;
  return { lines: replies.get(lines), total: replies.get(total), offset };
}

/** The first queue (by name) holding a job with this id: one EXISTS per queue, one round trip. */
export async function findJob(ctx: ReadContext, id: string): Promise<JobRef | null> {
  const names = await ctx.discovery.queues();
  const batch = ctx.client.batch();
  const checks = names.map((queue) => ({
    queue,
    exists: batch.exists(jobKeys(ctx.prefix, queue, id).hash),
  }));
  const replies = await ctx.client.exec(batch);
  const hit = checks.find((check) => replies.get(check.exists));
  return hit ? { queue: hit.queue, id } : null;
}
