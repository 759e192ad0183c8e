/**
 * Bounded scans over one state of a queue: the search behind the UI's filter box and the "retry /
 * remove / promote what matches" actions (the dead-letter pages are in dead-letters.ts). Every scan reads at
 * most `scanLimit` jobs, newest first, in pages of small fields (payloads only for a data search), and
 * reports how many it looked at.
 */
import 'server-only';
import { ConflictError } from '../errors';
import type {
  JobFilterOptions,
  JobRow,
  JobState,
  MatchingResult,
  ScanOptions,
  ScanResult,
} from '../types';
import { matchingStates } from '../types';
import { filterNeedsFields, isLifo, matchesSmallFields } from './actions-map';
import type { JobSetKey } from './actions-bulk';
import { jobSetSizes } from './actions-bulk';
import type { ActionContext } from './actions-support';
import { bullmqCall, jobHandle, queueExists } from './actions-support';
import { jobKeys, queueKeys } from './keys';
import type { JobFields, NativeState } from './map';
import { JOB_ROW_FIELDS, fieldsFromHmget, toJobRow } from './map';

/** Ids read per round trip while scanning. */
const SCAN_PAGE = 500;
/** Jobs acted on concurrently (one connection: ioredis pipelines them). */
const ACT_BATCH = 200;

type ZsetState = 'failed' | 'completed' | 'delayed' | 'prioritized' | 'waiting-children';
const ZSET_KEY = {
  failed: 'failed',
  completed: 'completed',
  delayed: 'delayed',
  prioritized: 'prioritized',
  'waiting-children': 'waitingChildren',
} as const;

interface Candidate {
  id: string;
  fields: JobFields;
  dataBytes: number;
  score: number | null;
}

interface Match {
  id: string;
  row: Candidate;
}

function isZsetState(state: JobState): state is ZsetState {
  return state in ZSET_KEY;
}

/** Small fields (and data size) of `ids`, one round trip; jobs gone meanwhile are dropped. */
async function readCandidates(
  ctx: ActionContext,
  queue: string,
  entries: Array<{ id: string; score: number | null }>,
): Promise<Candidate[]> {
  if (entries.length === 0) return [];
  const batch = ctx.client.batch();
  const slots = entries.map(({ id }) => {
    const hash = jobKeys(ctx.prefix, queue, id).hash;
    return { fields: batch.hmget(hash, JOB_ROW_FIELDS), bytes: batch.hstrlen(hash, 'data') };
  });
  const replies = await ctx.client.exec(batch);
  const candidates: Candidate[] = [];
  entries.forEach(({ id, score }, index) => {
    const slot = slots[index]!;
    const fields = fieldsFromHmget(JOB_ROW_FIELDS, replies.get(slot.fields));
    if (fields) candidates.push({ id, fields, dataBytes: replies.get(slot.bytes), score });
  });
  return candidates;
}

/** Which of `candidates` match, fetching `data` only for those that need it for `q`. */
async function filterCandidates(
  ctx: ActionContext,
  queue: string,
  state: JobState,
  candidates: Candidate[],
  filter: JobFilterOptions,
): Promise<Match[]> {
  const matches: Match[] = [];
  const needsData: Candidate[] = [];
  for (const candidate of candidates) {
    const verdict = matchesSmallFields(candidate.id, state, candidate.fields, filter);
    if (verdict === 'yes') matches.push({ id: candidate.id, row: candidate });
    else if (verdict === 'needs-data') needsData.push(candidate);
  }
  if (needsData.length > 0 && filter.q !== undefined) {
    const batch = ctx.client.batch();
    const slots = needsData.map(({ id }) =>
      batch.hget(jobKeys(ctx.prefix, queue, id).hash, 'data'),
    );
    const replies = await ctx.client.exec(batch);
    needsData.forEach((candidate, index) => {
      const data = replies.get(slots[index]!);
      if (data !== null && data.includes(filter.q!)) {
        matches.push({ id: candidate.id, row: candidate });
      }
    });
  }
  // Keep scan order (newest first) although data matches were found after the others.
  const order = new Map(candidates.map((candidate, index) => [candidate.id, index]));
  return matches.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * Walk up to `scanLimit` jobs of `state`, newest first, handing each page's matches to `onMatches`.
 * Sorted sets are walked by score (stable while jobs come and go); lists by index.
 */
async function scanState(
  ctx: ActionContext,
  queue: string,
  options: ScanOptions,
  onMatches: (matches: Match[]) => void,
): Promise<ScanResult> {
  const { state, filter, scanLimit } = options;
  const keys = queueKeys(ctx.prefix, queue);
  let scanned = 0;
  let matched = 0;
  const take = async (entries: Array<{ id: string; score: number | null }>) => {
    scanned += entries.length;
    const candidates = await readCandidates(ctx, queue, entries);
    const matches = filterNeedsFields(filter)
      ? await filterCandidates(ctx, queue, state, candidates, filter)
      : candidates.map((row) => ({ id: row.id, row }));
    matched += matches.length;
    onMatches(matches);
  };

  if (filter.ids) {
    const ids = [...new Set(filter.ids)].slice(0, scanLimit);
    const members = await membersOf(ctx, queue, state, ids);
    for (let start = 0; start < members.length; start += SCAN_PAGE) {
      await take(members.slice(start, start + SCAN_PAGE));
    }
    // Ids not in the state count as looked at.
    scanned = ids.length;
    return { scanned, matched, complete: ids.length === new Set(filter.ids).size };
  }

  if (isZsetState(state)) {
    const key = keys[ZSET_KEY[state]];
    // completed/failed scores are finish times: a time window becomes a score range.
    const byFinish = state === 'completed' || state === 'failed';
    let max = byFinish && filter.to !== undefined ? String(filter.to) : '+inf';
    const min = byFinish && filter.from !== undefined ? String(filter.from) : '-inf';
    let seenAtMax = 0;
    let lastScore: number | null = null;
    while (scanned < scanLimit) {
      const count = Math.min(SCAN_PAGE, scanLimit - scanned);
      const flat = await bullmqCall(ctx, () =>
        ctx.redis.zrevrangebyscore(key, max, min, 'WITHSCORES', 'LIMIT', seenAtMax, count),
      );
      const entries: Array<{ id: string; score: number }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        entries.push({ id: flat[i]!, score: Number(flat[i + 1]) });
      }
      if (entries.length === 0) return { scanned, matched, complete: true };
      await take(entries);
      // Next page: same max while ties continue, skipping the ties already seen.
      for (const { score } of entries) {
        if (score === lastScore) seenAtMax += 1;
        else {
          lastScore = score;
          seenAtMax = 1;
        }
      }
      max = String(lastScore);
      if (entries.length < count) return { scanned, matched, complete: true };
    }
    const rest = await bullmqCall(ctx, () => ctx.redis.zcount(key, min, max));
    return { scanned, matched, complete: rest - seenAtMax <= 0 };
  }

  if (state === 'waiting' || state === 'paused' || state === 'active') {
    const lists = state === 'active' ? [keys.active] : [keys.wait, keys.paused];
    let complete = true;
    for (const list of lists) {
      // Newest first = from the head (BullMQ LPUSHes new jobs).
      let index = 0;
      for (;;) {
        if (scanned >= scanLimit) {
          const length = await bullmqCall(ctx, () => ctx.redis.llen(list));
          complete = complete && length <= index;
          break;
        }
        const count = Math.min(SCAN_PAGE, scanLimit - scanned);
        const ids = await bullmqCall(ctx, () => ctx.redis.lrange(list, index, index + count - 1));
        if (ids.length === 0) break;
        index += ids.length;
        await take(ids.map((id) => ({ id, score: null })));
        if (ids.length < count) break;
      }
    }
    return { scanned, matched, complete };
  }
  return { scanned: 0, matched: 0, complete: true };
}

/** Of `ids`, those that are in `state` now (one round trip). */
async function membersOf(
  ctx: ActionContext,
  queue: string,
  state: JobState,
  ids: string[],
): Promise<Array<{ id: string; score: number | null }>> {
  const keys = queueKeys(ctx.prefix, queue);
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) {
    if (isZsetState(state)) pipeline.zscore(keys[ZSET_KEY[state]], id);
    else if (state === 'active') pipeline.lpos(keys.active, id);
    else
      pipeline.eval(
        "return redis.call('LPOS', KEYS[1], ARGV[1]) or redis.call('LPOS', KEYS[2], ARGV[1])",
        2,
        keys.wait,
        keys.paused,
        id,
      );
  }
  const replies = (await bullmqCall(ctx, () => pipeline.exec())) ?? [];
  return ids.flatMap((id, index) => {
    const value = replies[index]?.[1];
    if (value === null || value === undefined) return [];
    return [{ id, score: isZsetState(state) ? Number(value) : null }];
  });
}

function nativeStateOf(state: JobState): NativeState {
  return state === 'cancelled' ? 'unknown' : state;
}

function toRow(queue: string, state: JobState, candidate: Candidate): JobRow {
  return toJobRow({
    queue,
    id: candidate.id,
    state,
    nativeState: nativeStateOf(state),
    fields: candidate.fields,
    dataBytes: candidate.dataBytes,
    delayedScore: state === 'delayed' ? candidate.score : null,
  });
}

export async function search(
  ctx: ActionContext,
  queue: string,
  options: ScanOptions & { limit: number },
): Promise<(ScanResult & { jobs: JobRow[]; total: number }) | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const jobs: JobRow[] = [];
  const result = await scanState(ctx, queue, options, (matches) => {
    for (const match of matches) {
      if (jobs.length < options.limit) jobs.push(toRow(queue, options.state, match.row));
    }
  });
  return { ...result, jobs, total: await stateTotal(ctx, queue, options.state) };
}

async function stateTotal(ctx: ActionContext, queue: string, state: JobState): Promise<number> {
  const sets: JobSetKey[] = isZsetState(state)
    ? [ZSET_KEY[state]]
    : state === 'active'
      ? ['active']
      : ['wait', 'paused'];
  const sizes = await jobSetSizes(ctx, queue, sets);
  return sizes.reduce((total, size) => total + size, 0);
}

const ACTIONABLE: Record<'retry' | 'remove' | 'promote', readonly JobState[]> = {
  retry: ['failed', 'completed'],
  promote: ['delayed'],
  // Also the paused list on its own, for callers of the adapter that name it.
  remove: [...matchingStates, 'paused'],
};

export async function actOnMatching(
  ctx: ActionContext,
  queue: string,
  action: 'retry' | 'remove' | 'promote',
  options: ScanOptions & { dryRun: boolean },
): Promise<MatchingResult | null> {
  if (!ACTIONABLE[action].includes(options.state)) {
    throw new ConflictError(
      `cannot ${action} ${options.state} jobs; ${action} applies to ${ACTIONABLE[action].join(', ')}`,
      'conflict',
      { state: options.state },
    );
  }
  if (!(await queueExists(ctx, queue))) return null;
  // Phase 1: find (ids only, bounded by scanLimit); acting while walking would shift the walk.
  const found: Array<{ id: string; lifo: boolean }> = [];
  const scan = await scanState(ctx, queue, options, (matches) => {
    for (const match of matches) found.push({ id: match.id, lifo: isLifo(match.row.fields.opts) });
  });
  const skipped: Array<{ id: string; reason: string }> = [];
  let touched = 0;
  if (!options.dryRun) {
    const bull = ctx.bullQueue(queue);
    const state = options.state;
    for (let start = 0; start < found.length; start += ACT_BATCH) {
      const batch = found.slice(start, start + ACT_BATCH);
      const outcomes = await Promise.all(
        batch.map(async ({ id, lifo }): Promise<string | null> => {
          try {
            if (action === 'remove') {
              return (await bull.remove(id)) === 1 ? null : 'locked by a worker';
            }
            const job = jobHandle(ctx, queue, id, lifo);
            if (action === 'retry') await job.retry(state as 'failed' | 'completed');
            else await job.promote();
            return null;
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (typeof code === 'number' && code < 0) return `no longer ${state}`;
            throw error;
          }
        }),
      ).catch((error: unknown) => bullmqCall(ctx, () => Promise.reject(error)));
      outcomes.forEach((reason, index) => {
        if (reason === null) touched += 1;
        else skipped.push({ id: batch[index]!.id, reason });
      });
    }
  }
  return { ...scan, touched, skipped };
}
