/**
 * The set of configured sources, one adapter each. One registry per server
 * process, kept on globalThis so Next's dev reloads do not open a second set of
 * Redis connections.
 */
import type { SourceConfig, YardmasterConfig } from '@/lib/config';
import { loadConfig } from '@/lib/config';
import { createBullmqAdapter } from './bullmq/adapter';
import { createCeleryAdapter } from './celery/adapter';
import { createTemporalAdapter } from './temporal/adapter';
import type { SourceAdapter } from './types';

export interface RegisteredSource {
  adapter: SourceAdapter;
  config: SourceConfig;
  /** Mutations refused: source-level or global read-only mode. */
  readOnly: boolean;
}

export class SourceRegistry {
  private readonly sources = new Map<string, RegisteredSource>();

  constructor(readonly config: YardmasterConfig) {
    for (const source of config.sources) {
      this.sources.set(source.id, {
        adapter: createAdapter(source, config),
        config: source,
        readOnly: config.readOnly || source.readOnly,
      });
    }
  }

  get(id: string): RegisteredSource | undefined {
    return this.sources.get(id);
  }

  list(): RegisteredSource[] {
    return [...this.sources.values()];
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.list().map((source) => source.adapter.close()));
  }
}

function createAdapter(source: SourceConfig, config: YardmasterConfig): SourceAdapter {
  switch (source.kind) {
    case 'bullmq':
      return createBullmqAdapter(source, { discoveryIntervalMs: config.discoveryIntervalMs });
    case 'celery':
      return createCeleryAdapter(source, { discoveryIntervalMs: config.discoveryIntervalMs });
    case 'temporal':
      return createTemporalAdapter(source, { discoveryIntervalMs: config.discoveryIntervalMs });
  }
}

const globalKey = Symbol.for('yardmaster.registry');
type GlobalWithRegistry = typeof globalThis & { [globalKey]?: SourceRegistry };

/** The process-wide registry, built from the environment on first use. */
export function getRegistry(): SourceRegistry {
  const store = globalThis as GlobalWithRegistry;
  store[globalKey] ??= new SourceRegistry(loadConfig());
  return store[globalKey];
}
