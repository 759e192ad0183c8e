/**
 * What the workers, worker and broker pages (issue 8) are given with their HTML (see prefetch.ts).
 * A worker page gets the source's workers list — heartbeats and the pool as last inspected, read
 * from the dashboard's own index at once — but not the worker's inspect answers: those are eight
 * broadcasts the worker answers within up to 2 s (nothing at all when it is offline), so the HTML
 * would wait on them; the browser asks for them and the tabs say so meanwhile.
 */
import 'server-only';
import type { DehydratedState } from '@tanstack/react-query';
import { getRegistry } from '@/lib/adapters/registry';
import { workerResources } from '@/lib/client/worker-resources';
import { dehydrateReads, readResources } from './prefetch';

function sourcesWith(capability: 'workers' | 'broker', only: string | null): string[] {
  try {
    return getRegistry()
      .list()
      .map((source) => source.adapter)
      .filter((adapter) => adapter.capabilities.has(capability) && (only === null || adapter.id === only))
      .map((adapter) => adapter.id);
  } catch {
    return []; // A bad configuration: the page's own reads show the error.
  }
}

/** Every listed source's workers (or one source's, for `?source=`). */
export async function workersPageData(only: string | null): Promise<DehydratedState> {
  return dehydrateReads(await readResources(sourcesWith('workers', only).map((id) => workerResources.workers(id))));
}

export async function workerPageData(source: string): Promise<DehydratedState> {
  return dehydrateReads(await readResources([workerResources.workers(source)]));
}

/** The broker's queues: one script call on the broker. */
export async function brokerPageData(source: string): Promise<DehydratedState> {
  return dehydrateReads(await readResources([workerResources.broker(source)]));
}
