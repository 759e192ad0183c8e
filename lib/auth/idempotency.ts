/**
 * Idempotency-Key: the first request with a key claims it (SET NX, with a TTL) and stores its response;
 * a replay with the same key answers that stored response instead of acting again. A replay while the
 * first is still running answers 409; the same key on a different request answers 409 too.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const IDEMPOTENCY_PREFIX = 'yardmaster:idem:';
/** How long a response stays replayable. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** How long a claim may stay pending before a crashed request's key frees itself. */
export const IDEMPOTENCY_PENDING_SECONDS = 10 * 60;

const KEY = /^[\x21-\x7e]{1,200}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}

const Stored = z.object({
  fingerprint: z.string(),
  status: z.enum(['pending', 'done']),
  response: z.object({ status: z.number().int(), body: z.unknown() }).optional(),
});
type Stored = z.infer<typeof Stored>;

/** What identifies "the same request": method, path and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

export async function claimIdempotencyKey(
  redis: Redis,
  key: string,
  fingerprint: string,
): Promise<Claim> {
  const redisKey = IDEMPOTENCY_PREFIX + key;
  const pending: Stored = { fingerprint, status: 'pending' };
  const set = await redis.set(
    redisKey,
    JSON.stringify(pending),
    'EX',
    IDEMPOTENCY_PENDING_SECONDS,
    'NX',
  );
  if (set === 'OK') return { kind: 'claimed' };
  const text = await redis.get(redisKey);
  if (text === null) return claimIdempotencyKey(redis, key, fingerprint);
  const stored = Stored.safeParse(safeJson(text));
  if (!stored.success || stored.data.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (stored.data.status === 'pending' || !stored.data.response) return { kind: 'in-progress' };
  return { kind: 'replay', ...stored.data.response };
}

export async function completeIdempotencyKey(
  redis: Redis,
  key: string,
  fingerprint: string,
  response: { status: number; body: unknown },
): Promise<void> {
  const done: Stored = { fingerprint, status: 'done', response };
  await redis.set(IDEMPOTENCY_PREFIX + key, JSON.stringify(done), 'EX', IDEMPOTENCY_TTL_SECONDS);
}

/** The request failed: free the key so the client may try again. */
export async function releaseIdempotencyKey(redis: Redis, key: string): Promise<void> {
  await redis.del(IDEMPOTENCY_PREFIX + key);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
