/**
 * The audit log: one entry per mutation (who, what, target, parameters, result, when) on a capped
 * Redis stream, newest first when read. XADD MAXLEN ~ keeps it bounded without a cleanup job.
 */
import type { Redis } from 'ioredis';
import type { AuditEntry } from '@/lib/api/schemas-dead-letters';
import { AuditEntry as AuditEntrySchema } from '@/lib/api/schemas-dead-letters';

export const AUDIT_STREAM = 'yardmaster:audit';
/** Approximate cap of the stream (Redis trims in whole macro nodes, hence `~`). */
export const AUDIT_MAX_LENGTH = 10_000;

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export async function appendAudit(redis: Redis, entry: NewAuditEntry): Promise<string> {
  const id = await redis.xadd(
    AUDIT_STREAM,
    'MAXLEN',
    '~',
    AUDIT_MAX_LENGTH,
    '*',
    'entry',
    JSON.stringify(entry),
  );
  return id ?? '';
}

/** Stream id → epoch ms (the id's first part is the time Redis stored it). */
export function streamIdTime(id: string): number {
  return Number(id.split('-')[0]);
}

/** A stored stream entry → AuditEntry, or null when it is not one (never throws on junk). */
export function toAuditEntry(id: string, fields: string[]): AuditEntry | null {
  const index = fields.indexOf('entry');
  const text = index >= 0 ? fields[index + 1] : undefined;
  if (text === undefined) return null;
  try {
    const parsed = AuditEntrySchema.safeParse({
      ...(JSON.parse(text) as object),
      id,
      at: streamIdTime(id),
    });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

const STREAM_ID = /^\d+-\d+$/;

/** Newest first. `cursor` is the last id of the previous page; `source` filters while reading. */
export async function readAudit(
  redis: Redis,
  options: { limit: number; cursor?: string; source?: string },
): Promise<AuditPage> {
  const entries: AuditEntry[] = [];
  // Nothing is older than the first possible id; Redis refuses the exclusive range "(0-0".
  if (options.cursor === '0-0') return { entries, nextCursor: null };
  let end = options.cursor && STREAM_ID.test(options.cursor) ? `(${options.cursor}` : '+';
  // A source filter may skip entries: read on in bounded pages, at most the whole (capped) stream.
  for (let read = 0; entries.length < options.limit && read <= AUDIT_MAX_LENGTH * 2;) {
    const count = Math.max(options.limit * 2, 100);
    const raw = (await redis.xrevrange(AUDIT_STREAM, end, '-', 'COUNT', count)) as Array<
      [string, string[]]
    >;
    if (raw.length === 0) return { entries, nextCursor: null };
    read += raw.length;
    for (const [id, fields] of raw) {
      end = `(${id}`;
      const entry = toAuditEntry(id, fields);
      if (!entry || (options.source && entry.source !== options.source)) continue;
      entries.push(entry);
      if (entries.length === options.limit) return { entries, nextCursor: id };
    }
    if (raw.length < count) return { entries, nextCursor: null };
  }
  return { entries, nextCursor: null };
}
