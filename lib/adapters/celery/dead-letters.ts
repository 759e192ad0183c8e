/**
 * Celery's failed tasks as dead letters, in the walk order every source shares
 * (lib/adapters/dead-letter-order.ts): per queue, the task index's `i:qs:failed:<queue>` set (scored
 * by the time the task failed; ties in Redis's member order, as the walk wants) read from the place
 * the previous page ended. Two round trips per page; at most `limit` tasks per queue, or
 * CELERY_DEAD_LETTER_SCAN when a name or reason filter must look at tasks it will not show.
 */
import 'server-only';
import type { CeleryTaskIndex } from '@/lib/store/celery-task-index';
import { pageInSource, queueStart } from '../dead-letter-order';
import type { ReadEntry } from '../dead-letter-order';
import type { DeadLetterPage, DeadLetterPageOptions } from '../types';
import { toJobRow } from './map';

/** Failed tasks a filtered dead-letter page looks at per queue. */
export const CELERY_DEAD_LETTER_SCAN = 2_000;

export async function celeryDeadLetters(
  index: CeleryTaskIndex,
  queues: () => Promise<string[]>,
  options: DeadLetterPageOptions,
): Promise<DeadLetterPage> {
  const names = options.queue ? [options.queue] : await queues();
  const filtered = options.name !== undefined || options.reason !== undefined;
  const window = filtered ? CELERY_DEAD_LETTER_SCAN : options.limit;
  const reads = await index.readStateFrom(
    'failed',
    names.map((queue) => ({ queue, start: queueStart(options.after, queue) })),
    window,
  );
  let total = 0;
  const entries = reads.map(({ queue, size, entries: read }) => {
    total += size;
    return read.map(({ id, score, record }): ReadEntry => {
      const place = { failedAt: score, queue, id };
      if (!record) return { place, row: null };
      if (options.name !== undefined && record.fields.name !== options.name) return { place, row: null };
      if (options.reason !== undefined && !(record.fields.exception ?? '').includes(options.reason)) return { place, row: null };
      return { place, row: toJobRow(record) };
    });
  });
  return { ...pageInSource(entries, window, options.limit), total };
}
