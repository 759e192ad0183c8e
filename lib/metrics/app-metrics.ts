/**
 * The server process's metrics over the configured sources and the live hub, kept on globalThis so
 * the API route (which observes requests) and the /metrics route (which scrapes) share one
 * registry even though Next bundles them apart.
 */
import 'server-only';
import { getRegistry } from '@/lib/adapters/registry';
import { liveHubFor } from '@/lib/live/global';
import type { AppMetrics } from './prometheus';
import { createAppMetrics } from './prometheus';

const globalKey = Symbol.for('yardmaster.metrics');
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: AppMetrics };

export function appMetrics(): AppMetrics {
  const store = globalThis as GlobalWithMetrics;
  store[globalKey] ??= createAppMetrics({
    sources: getRegistry(),
    liveStats: () => liveHubFor(getRegistry()).stats(),
  });
  return store[globalKey];
}
