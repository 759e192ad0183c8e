/**
 * The many-queue metrics read against real BullMQ 6 and 5 workers recording metrics: each job's
 * minute lands where it finished, on the Redis clock, in one round trip; and the REST route on top.
 * The workers' clock is set back a few minutes while they work (only `Date` is faked, in this test
 * process), so the test sees finished minutes without waiting for one to pass.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import { createApiHandler } from '@/lib/api/handler';
import { ErrorEnvelope, SourceMetricsResponse } from '@/lib/api/schemas';
import { YardmasterConfig } from '@/lib/config';
import type { SourceAdapter, SourceMetrics } from '../types';
import type { BullmqLibrary, BullmqVersion } from './testing/fixtures';
import {
  Closer,
  bullmqLibrary,
  connectionOf,
  eventually,
  makeAdapter,
  uniquePrefix,
} from './testing/fixtures';

const MINUTE = 60_000;
const BUSY = 'busy/eu west';
const QUIET = 'quiet';
const IDLE = 'idle';

/** Run `work` with this process's clock at `at` (advancing from there), then the real clock again. */
async function asIfAt(at: number, work: () => Promise<void>) {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(at);
  try {
    await work();
  } finally {
    vi.useRealTimers();
  }
}

async function finish(
  queue: Pick<InstanceType<BullmqLibrary['Queue']>, 'addBulk' | 'getJobCounts'>,
  jobs: { ok: number; failing: number },
  expected: { completed: number; failed: number },
) {
  await queue.addBulk([
    ...Array.from({ length: jobs.ok }, (_, n) => ({ name: 'ok', data: { n } })),
    ...Array.from({ length: jobs.failing }, (_, n) => ({ name: 'fail', data: { n } })),
  ]);
  await eventually(async () => {
    const counts = await queue.getJobCounts('completed', 'failed');
    if (counts.completed !== expected.completed || counts.failed !== expected.failed)
      throw new Error(`still working: ${JSON.stringify(counts)}`);
  });
}

describe.each([6, 5] as BullmqVersion[])('many-queue metrics written by BullMQ %i', (version) => {
  const redisUrl = inject('redisUrl');
  const lib = bullmqLibrary(version);
  const connection = { ...connectionOf(redisUrl), maxRetriesPerRequest: null };
  const prefix = uniquePrefix(`metrics-v${version}`);
  const closer = new Closer();
  let trips = 0;
  let adapter: SourceAdapter;
  /** Start of the minute in which the first batch finished, and of the second one, on the workers' clock. */
  let earlier: number;
  let later: number;

  beforeAll(async () => {
    const busy = closer.add(new lib.Queue(BUSY, { connection, prefix }));
    const quiet = closer.add(new lib.Queue(QUIET, { connection, prefix }));
    await closer.add(new lib.Queue(IDLE, { connection, prefix })).add('never', {});
    const processor = async (job: { name: string }) => {
      if (job.name === 'fail') throw new Error('declined');
      return 'ok';
    };
    const startOfThisMinute = Math.floor(Date.now() / MINUTE) * MINUTE;
    earlier = startOfThisMinute - 4 * MINUTE;
    later = startOfThisMinute - 2 * MINUTE;
    // A worker that records metrics, and one on another queue that does not.
    await asIfAt(earlier + 1_000, async () => {
      closer.add(
        new lib.Worker(BUSY, processor, { connection, prefix, metrics: { maxDataPoints: 10_080 } }),
      );
      closer.add(new lib.Worker(QUIET, processor, { connection, prefix }));
      await finish(busy, { ok: 3, failing: 1 }, { completed: 3, failed: 1 });
      await finish(quiet, { ok: 2, failing: 0 }, { completed: 2, failed: 0 });
    });
    await asIfAt(later + 1_000, () =>
      finish(busy, { ok: 2, failing: 0 }, { completed: 5, failed: 1 }),
    );
    adapter = makeAdapter(redisUrl, prefix, { onRoundTrip: () => (trips += 1) });
  });

  afterAll(async () => {
    await adapter?.close();
    await closer.closeAll();
  });

  /** The points of `series` by how many minutes before `until` each one started. */
  function minuteOf(metrics: SourceMetrics, minuteStart: number): number {
    return (metrics.until - minuteStart) / MINUTE - 1;
  }

  it('puts each finished job in the minute it finished, on the Redis clock, in one round trip', async () => {
    trips = 0;
    const metrics = await adapter.listQueueMetrics!({
      queues: [BUSY, QUIET, IDLE, 'no-such-queue'],
      points: 30,
    });
    expect(trips).toBe(1);
    expect(metrics.intervalMs).toBe(MINUTE);
    expect(Math.abs(metrics.until - Date.now())).toBeLessThan(2 * MINUTE);
    expect(metrics.queues.map((entry) => entry.queue)).toEqual([BUSY, QUIET, IDLE]);

    const busy = metrics.queues[0]!;
    const completed = Array<number>(30).fill(0);
    completed[minuteOf(metrics, earlier)] = 3;
    // The later minute is the last one counted: BullMQ still holds it in the hash, not in the list.
    completed[minuteOf(metrics, later)] = 2;
    expect(busy.completed).toEqual({ points: completed, total: 5 });
    const failed = Array<number>(30).fill(0);
    failed[minuteOf(metrics, earlier)] = 1;
    expect(busy.failed).toEqual({ points: failed, total: 1 });

    // Workers without the `metrics` option record nothing; a queue without workers neither.
    expect(metrics.queues[1]).toEqual({ queue: QUIET, completed: null, failed: null });
    expect(metrics.queues[2]).toEqual({ queue: IDLE, completed: null, failed: null });
  });

  it('reads every queue of the source when none is named', async () => {
    const metrics = await adapter.listQueueMetrics!({ queues: null, points: 5 });
    expect(metrics.queues.map((entry) => entry.queue).sort()).toEqual([BUSY, IDLE, QUIET].sort());
    expect(metrics.queues.find((entry) => entry.queue === BUSY)?.completed?.points).toHaveLength(5);
  });

  it('answers the REST route with the same read, and 400 on a bad point count', async () => {
    const registry = new SourceRegistry(
      YardmasterConfig.parse({
        sources: [{ id: 'main', kind: 'bullmq', redis: redisUrl, prefix }],
      }),
    );
    const api = createApiHandler({ registry, pingTimeoutMs: 1_000, sourceTimeoutMs: 5_000 });
    try {
      const path = `/api/v1/sources/main/metrics?queues=${encodeURIComponent(`${BUSY},${QUIET}`)}&points=10`;
      const response = await api(new Request(`http://127.0.0.1${path}`));
      expect(response.status).toBe(200);
      const body = SourceMetricsResponse.parse(await response.json());
      expect(body.source).toBe('main');
      expect(body.queues.map((entry) => entry.queue)).toEqual([BUSY, QUIET]);
      expect(body.queues[0]!.completed!.points.reduce((sum, n) => sum + n, 0)).toBe(5);

      const bad = await api(new Request('http://127.0.0.1/api/v1/sources/main/metrics?points=0'));
      expect(bad.status).toBe(400);
      expect(ErrorEnvelope.parse(await bad.json()).error.code).toBe('bad_request');
    } finally {
      await registry.close();
    }
  });
});
