/**
 * The Yardmaster API (with its live hub) alone in a child process, so the live bench can read the
 * server's own RSS. Prints one JSON line `{"url": ...}` when listening; stops on SIGTERM.
 * Env: REDIS_URL (the bench's redis-server).
 */
import { SourceRegistry } from '@/lib/adapters/registry';
import { createApiHandler } from '@/lib/api/handler';
import { YardmasterConfig } from '@/lib/config';
import { closeLiveHub, liveHubFor } from '@/lib/live/global';
import { serveWebHandler } from './servers';

const registry = new SourceRegistry(
  YardmasterConfig.parse({
    sources: [{ id: 'bull', kind: 'bullmq', redis: process.env.REDIS_URL }],
    discoveryIntervalMs: 10_000,
  }),
);
const api = createApiHandler({ registry, validateResponses: 'light' });

async function main() {
  const server = await serveWebHandler(async (request) => {
    // Bench-only probe: the hub's counters and this process' RSS.
    if (new URL(request.url).pathname === '/bench/stats')
      return Response.json({ ...liveHubFor(registry).stats(), ...process.memoryUsage() });
    return api(request);
  });
  console.log(JSON.stringify({ url: server.url }));
  process.once('SIGTERM', () => {
    void (async () => {
      await closeLiveHub(registry);
      await registry.close();
      await server.close();
      process.exit(0);
    })();
  });
}

void main();
