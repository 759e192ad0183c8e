/**
 * The app's one API handler over the configured sources, shared by the Next route (app/api) and
 * by server rendering (lib/server/prefetch.ts), which asks it in-process for what a page shows.
 */
import 'server-only';
import { getRegistry } from '@/lib/adapters/registry';
import { appMetrics } from '@/lib/metrics/app-metrics';
import type { ApiHandler } from './handler';
import { createApiHandler } from './handler';

// Built on first use, not at import: `next build` imports this module without a config or Redis.
let handler: ApiHandler | undefined;

/** Throws when the configuration is invalid; callers answer that in their own way. */
export function appApiHandler(): ApiHandler {
  handler ??= createApiHandler({
    registry: getRegistry(),
    observe: (answer) => appMetrics().observeRequest(answer),
  });
  return handler;
}
