/**
 * /metrics' content against real BullMQ: queues with jobs in known states and a worker that records
 * BullMQ's own metrics, a second source whose Redis does not answer, and the request histogram fed
 * by the real API handler. Values are read back from the exposition text as Prometheus would.
 */
import { MetricsTime, Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import { Closer, connectionOf, eventually, uniquePrefix } from '@/lib/adapters/bullmq/testing/fixtures';
import { createApiHandler } from '@/lib/api/handler';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { createAppMetrics } from './prometheus';
import type { AppMetrics } from './prometheus';

const prefix = uniquePrefix('prom');
const closer = new Closer();
let registry: SourceRegistry;
let metrics: AppMetrics;

/** The value of one series in exposition text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    // Route templates hold braces: the label set ends at the last "} " before the value.
    const labelText = line.slice(name.length, Math.max(0, line.lastIndexOf('} ')));
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  const connection = connectionOf(redisUrl);
  const mail = closer.add(new Queue('mail', { connection, prefix }));
  const idle = closer.add(new Queue('idle', { connection, prefix }));
  closer.add(
    new Worker(
      'mail',
      async (job) => {
        if ((job.data as { fail: boolean }).fail) throw new Error('no');
        return 'sent';
      },
      { connection, prefix, metrics: { maxDataPoints: MetricsTime.ONE_HOUR } },
    ),
  );
  await mail.addBulk(Array.from({ length: 7 }, (_, n) => ({ name: 'send', data: { fail: n < 2 } })));
  await idle.add('later', {}, { delay: 3_600_000 });
  await idle.add('now', {});
  await idle.pause();
  await eventually(async () => {
    expect(await mail.getCompletedCount()).toBe(5);
    expect(await mail.getFailedCount()).toBe(2);
  });
  registry = new SourceRegistry(
    YardmasterConfig.parse({
      sources: [
        { id: 'main', kind: 'bullmq', redis: redisUrl, prefix },
        { id: 'gone', kind: 'bullmq', redis: 'redis://127.0.0.1:1' },
      ],
    }),
  );
  metrics = createAppMetrics({
    sources: registry,
    liveStats: () => ({ clients: 3, upstreams: 1, dropped: 2 }),
    scrapeTimeoutMs: 3_000,
  });
});

afterAll(async () => {
  await registry?.close();
  await closer.closeAll();
  await closeDashboardRedis();
});

describe('GET /metrics content', () => {
  it('reports each queue per state, paused, and the workers’ own completed/failed totals', async () => {
    const text = await metrics.scrape();
    expect(sample(text, 'yardmaster_queue_jobs', { source: 'main', queue: 'mail', state: 'completed' })).toBe(5);
    expect(sample(text, 'yardmaster_queue_jobs', { source: 'main', queue: 'mail', state: 'failed' })).toBe(2);
    expect(sample(text, 'yardmaster_queue_jobs', { source: 'main', queue: 'idle', state: 'delayed' })).toBe(1);
    expect(sample(text, 'yardmaster_queue_jobs', { source: 'main', queue: 'idle', state: 'paused' })).toBe(1);
    expect(sample(text, 'yardmaster_queue_paused', { source: 'main', queue: 'idle' })).toBe(1);
    expect(sample(text, 'yardmaster_queue_paused', { source: 'main', queue: 'mail' })).toBe(0);
    expect(sample(text, 'yardmaster_queue_workers', { source: 'main', queue: 'mail' })).toBe(1);
    expect(sample(text, 'yardmaster_queue_completed_total', { source: 'main', queue: 'mail' })).toBe(5);
    expect(sample(text, 'yardmaster_queue_failed_total', { source: 'main', queue: 'mail' })).toBe(2);
    expect(text).toContain('# TYPE yardmaster_queue_completed_total counter');
    expect(sample(text, 'yardmaster_sse_clients', {})).toBe(3);
    expect(sample(text, 'yardmaster_sse_dropped_clients_total', {})).toBe(2);
    expect(sample(text, 'yardmaster_process_resident_memory_bytes', {})).toBeGreaterThan(0);
  });

  it('says a source is down and keeps answering for the others', async () => {
    const text = await metrics.scrape();
    expect(sample(text, 'yardmaster_source_up', { source: 'gone' })).toBe(0);
    expect(sample(text, 'yardmaster_source_up', { source: 'main', kind: 'bullmq' })).toBe(1);
    expect(sample(text, 'yardmaster_source_errors_total', { source: 'gone' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/yardmaster_queue_jobs\{[^}]*source="gone"/);
    // Never a connection string in the text, nor anything from a job.
    expect(text).not.toContain('redis://');
  });

  it('times API answers by route template, never by id', async () => {
    const api = createApiHandler({ registry, observe: (answer) => metrics.observeRequest(answer) });
    await api(new Request('http://127.0.0.1/api/v1/sources/main/queues/mail'));
    await api(new Request('http://127.0.0.1/api/v1/sources/main/queues/mail/jobs/424242'));
    await api(new Request('http://127.0.0.1/api/v1/nowhere'));
    const text = await metrics.scrape();
    const count = (route: string, status: string) =>
      sample(text, 'yardmaster_http_request_duration_seconds_count', { method: 'GET', route, status });
    expect(count('/sources/{source}/queues/{queue}', '200')).toBe(1);
    expect(count('/sources/{source}/queues/{queue}/jobs/{job}', '404')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    expect(text).not.toContain('424242');
  });
});
