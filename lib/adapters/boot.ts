/** What the server does with its sources at boot (instrumentation.ts): start the ones that ingest. */
import { getRegistry } from './registry';

/**
 * Builds the registry when a source keeps history only while it listens (Celery: events are
 * pub/sub, so whatever happens before the ingest subscribes is gone). Never throws.
 */
export function startSourcesAtBoot(): void {
  try {
    const registry = getRegistry();
    const listening = registry.list().filter((source) => source.adapter.kind === 'celery');
    if (listening.length > 0)
      console.log(`[yardmaster] ingesting task events of ${listening.map((source) => source.adapter.id).join(', ')} from boot`);
  } catch (error) {
    console.error(`[yardmaster] sources not started at boot: ${error instanceof Error ? error.message : String(error)}`);
  }
}
