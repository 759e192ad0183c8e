/**
 * The Redis connection the dashboard keeps its own keys on (audit stream, idempotency records): the
 * source's own Redis, or the first source's for requests not about one source. One connection per
 * Redis URL per process, kept on globalThis so dev reloads do not open another.
 */
import { Redis } from 'ioredis';
import type { RegisteredSource } from '@/lib/adapters/registry';

const globalKey = Symbol.for('yardmaster.dashboard-redis');
type GlobalWithStores = typeof globalThis & { [globalKey]?: Map<string, Redis> };

function connections(): Map<string, Redis> {
  const store = globalThis as GlobalWithStores;
  store[globalKey] ??= new Map();
  return store[globalKey];
}

/**
 * Where the dashboard's keys for `source` live (null when the source has no Redis): a BullMQ
 * source's Redis, a Celery source's store (default its broker), as its task index does; a Temporal
 * source's `store` (null without one: the caller falls back to the first source with a Redis).
 */
export function dashboardRedisUrl(source: RegisteredSource | undefined): string | null {
  const config = source?.config;
  if (!config) return null;
  switch (config.kind) {
    case 'bullmq':
      return config.redis;
    case 'celery':
      return config.store ?? config.broker;
    case 'temporal':
      // Temporal has no Redis of its own: its `store`, else (mutation.ts) the first source's Redis.
      return config.store ?? null;
  }
}

/**
 * Where a source's audit and idempotency records go: its own Redis (above), else — a source with no
 * Redis of its own, Temporal without `store` — the first configured source's that has one. With no
 * `source` (requests across sources) it is that first one too.
 */
export function recordsRedisUrl(
  source: RegisteredSource | undefined,
  all: readonly RegisteredSource[],
): string | null {
  return dashboardRedisUrl(source) ?? all.map(dashboardRedisUrl).find((url) => url !== null) ?? null;
}

export function dashboardRedis(url: string): Redis {
  const open = connections();
  let redis = open.get(url);
  if (!redis) {
    redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 5_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      connectionName: 'yardmaster:dashboard',
    });
    redis.on('error', () => {
      // Reconnects by itself; the failing command reports the error.
    });
    open.set(url, redis);
  }
  return redis;
}

/** Close every dashboard connection (tests, shutdown). */
export async function closeDashboardRedis(): Promise<void> {
  const open = connections();
  const all = [...open.values()];
  open.clear();
  await Promise.allSettled(
    all.map((redis) => (redis.status === 'wait' ? redis.disconnect() : redis.quit())),
  );
}
