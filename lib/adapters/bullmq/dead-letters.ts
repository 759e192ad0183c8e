/**
 * One page of the dead letters (failed jobs across a source's queues) in the walk order of
 * lib/adapters/dead-letter-order.ts, read from where the previous page ended.
 *
 * Bound per page, whatever the data: two round trips. The first runs one short script per queue
 * (pipelined) that finds where to start in the failed set and reads at most `window` entries from
 * there; finding the start inside a run of jobs that failed in the same millisecond is a binary
 * search over ranks, O(log² n) inside Redis, never a read of the whole run. The second reads the
 * small fields of those entries. A page therefore touches at most queues × window jobs, with window
 * = `limit`, or DEAD_LETTER_SCAN per queue when a filter has to look at jobs it will not show.
 */
import 'server-only';
import { pageInSource, queueStart } from '../dead-letter-order';
import type { ReadEntry } from '../dead-letter-order';
import { READ_FROM_SCRIPT, readFromArgs } from '../dead-letter-script';
import type {
  DeadLetterPage,
  DeadLetterPageOptions,
  DeadLetterPosition,
  JobFilterOptions,
} from '../types';
import { filterNeedsFields, matchesSmallFields } from './actions-map';
import type { ActionContext } from './actions-support';
import { queueExists } from './actions-support';
import { jobKeys, queueKeys } from './keys';
import { JOB_ROW_FIELDS, fieldsFromHmget, toJobRow } from './map';

/** Failed jobs a filtered dead-letter page looks at per queue. */
export const DEAD_LETTER_SCAN = 2_000;

export async function deadLetters(
  ctx: ActionContext,
  options: DeadLetterPageOptions,
): Promise<DeadLetterPage> {
  const names = options.queue
    ? (await queueExists(ctx, options.queue))
      ? [options.queue]
      : []
    : await ctx.discovery.queues();
  if (names.length === 0) return { jobs: [], total: 0, scannedTo: null };
  const filter: JobFilterOptions = {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
  };
  const window = filterNeedsFields(filter) ? DEAD_LETTER_SCAN : options.limit;

  const positions = ctx.client.batch();
  const slots = names.map((queue) => {
    const key = queueKeys(ctx.prefix, queue).failed;
    return {
      size: positions.zcard(key),
      entries: positions.evalArray(
        READ_FROM_SCRIPT,
        [key],
        readFromArgs(queueStart(options.after, queue), window),
      ),
    };
  });
  const replies = await ctx.client.exec(positions);
  let total = 0;
  const places = names.map((queue, index) => {
    const slot = slots[index]!;
    total += replies.get(slot.size);
    const flat = replies.get(slot.entries).map(String);
    const read: DeadLetterPosition[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      read.push({ failedAt: Number(flat[i + 1]), queue, id: flat[i]! });
    }
    return read;
  });

  const rows = ctx.client.batch();
  const rowSlots = places.map((read) =>
    read.map(({ queue, id }) => {
      const hash = jobKeys(ctx.prefix, queue, id).hash;
      return { fields: rows.hmget(hash, JOB_ROW_FIELDS), bytes: rows.hstrlen(hash, 'data') };
    }),
  );
  const rowReplies = await ctx.client.exec(rows);
  const reads = places.map((read, queueIndex) =>
    read.map((place, index): ReadEntry => {
      const slot = rowSlots[queueIndex]![index]!;
      // A job removed since the first read has no fields: not shown, but its place was read.
      const fields = fieldsFromHmget(JOB_ROW_FIELDS, rowReplies.get(slot.fields));
      if (!fields || matchesSmallFields(place.id, 'failed', fields, filter) !== 'yes') {
        return { place, row: null };
      }
      const row = toJobRow({
        queue: place.queue,
        id: place.id,
        state: 'failed',
        nativeState: 'failed',
        fields,
        dataBytes: rowReplies.get(slot.bytes),
      });
      return { place, row };
    }),
  );
  return { ...pageInSource(reads, window, options.limit), total };
}
