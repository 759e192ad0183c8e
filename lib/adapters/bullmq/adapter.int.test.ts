/**
 * The BullMQ adapter against real queues written by BullMQ 6 and by BullMQ 5: every state, retries,
 * flows, schedulers, logs, progress, metrics, workers, a 300 KiB payload, and round-trip counts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INLINE_PAYLOAD_LIMIT_BYTES, JobDetail, Queue } from '../types';
import type { FlowNode, JobRow, SourceAdapter } from '../types';
import type { BullmqVersion } from './testing/fixtures';
import {
  Closer,
  bullmqLibrary,
  connectionOf,
  eventually,
  makeAdapter,
  uniquePrefix,
} from './testing/fixtures';

const HOUR = 3_600_000;

describe.each([6, 5] as BullmqVersion[])(
  'BullMQ adapter on queues written by BullMQ %i',
  (version) => {
    const redisUrl = inject('redisUrl');
    const lib = bullmqLibrary(version);
    const connection = connectionOf(redisUrl);
    const prefix = uniquePrefix(`adapter-v${version}`);
    const closer = new Closer();
    const bigData = { blob: 'x'.repeat(300 * 1024), note: 'é' };
    // Queue names with '/' and spaces are legal in BullMQ; ':' is refused by BullMQ itself (see isolation test).
    const orders = 'orders/eu west';
    const ids: Record<string, string> = {};
    let trips = 0;
    let adapter: SourceAdapter;

    beforeAll(async () => {
      // Work that a live, named worker finishes: successes, a retried success, a failure after 2 attempts.
      const ordersQueue = closer.add(new lib.Queue(orders, { connection, prefix }));
      for (let i = 0; i < 3; i++) ids[`ok${i}`] = (await ordersQueue.add('ok', { i })).id!;
      ids.flaky = (
        await ordersQueue.add('flaky', { flaky: true }, { attempts: 3, backoff: 1 })
      ).id!;
      ids.doomed = (
        await ordersQueue.add('doomed', { doomed: true }, { attempts: 2, backoff: 1 })
      ).id!;
      ids.big = (await ordersQueue.add('big', bigData)).id!;
      closer.add(
        new lib.Worker(
          orders,
          async (job) => {
            await job.log(`attempt ${job.attemptsMade + 1} of ${job.name}`);
            await job.updateProgress({ step: job.attemptsMade + 1 });
            if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('flaky first time');
            if (job.name === 'doomed') throw new Error('doomed for good');
            return { ok: job.id };
          },
          { connection, prefix, name: 'orders-worker', metrics: { maxDataPoints: 60 } },
        ),
      );

      // Jobs that stay where they are: no worker on this queue.
      const idle = closer.add(new lib.Queue('idle', { connection, prefix }));
      for (let i = 0; i < 3; i++) ids[`wait${i}`] = (await idle.add('waiting', { i })).id!;
      for (let i = 0; i < 2; i++)
        ids[`delayed${i}`] = (await idle.add('later', { i }, { delay: HOUR })).id!;
      for (let i = 0; i < 2; i++)
        ids[`prio${i}`] = (await idle.add('urgent', { i }, { priority: 5 })).id!;
      await idle.setGlobalConcurrency(4);
      await idle.setGlobalRateLimit(10, 1_000);
      await idle.rateLimit(HOUR);

      // A flow: root (flows) → [a (flows, processed), b (flow-parts, no worker) → [c (flow-parts)]].
      closer.add(new lib.Queue('flows', { connection, prefix }));
      closer.add(new lib.Queue('flow-parts', { connection, prefix }));
      const producer = closer.add(new lib.FlowProducer({ connection, prefix }));
      const flow = await producer.add({
        name: 'assemble',
        queueName: 'flows',
        data: { root: true },
        children: [
          { name: 'part-a', queueName: 'flows', data: { part: 'a' } },
          {
            name: 'part-b',
            queueName: 'flow-parts',
            data: { part: 'b' },
            children: [{ name: 'bolt', queueName: 'flow-parts', data: {} }],
          },
        ],
      });
      ids.root = flow.job.id!;
      ids.a = flow.children![0]!.job.id!;
      ids.b = flow.children![1]!.job.id!;
      ids.c = flow.children![1]!.children![0]!.job.id!;
      closer.add(new lib.Worker('flows', async () => 'part done', { connection, prefix }));

      // Two flows whose child fails: by default the parent waits for ever (blocked); with
      // ignoreDependencyOnFailure it goes on without the child.
      const settlements = closer.add(new lib.Queue('settlements', { connection, prefix }));
      for (const [key, childOpts] of [
        ['blocked', {}],
        ['ignoring', { ignoreDependencyOnFailure: true }],
      ] as const) {
        const settled = await producer.add({
          name: 'settle',
          queueName: 'settlements',
          data: { key },
          children: [
            { name: 'charge', queueName: 'settlements', data: { key }, opts: childOpts },
            { name: 'credit', queueName: 'settlements', data: { key } },
          ],
        });
        ids[`${key}Parent`] = settled.job.id!;
        ids[`${key}Charge`] = settled.children![0]!.job.id!;
      }
      const settler = closer.add(
        new lib.Worker(
          'settlements',
          async (job) => {
            if (job.name === 'charge') throw new Error('card_declined');
            return 'ok';
          },
          { connection, prefix },
        ),
      );

      const scheduled = closer.add(new lib.Queue('scheduled', { connection, prefix }));
      await scheduled.upsertJobScheduler(
        'nightly',
        { pattern: '0 3 * * *', tz: 'Europe/Paris', limit: 5 },
        { name: 'report', data: { kind: 'nightly' }, opts: { attempts: 2 } },
      );

      await eventually(async () => {
        const counts = await ordersQueue.getJobCounts('completed', 'failed');
        const flowCounts = await closer
          .add(new lib.Queue('flows', { connection, prefix }))
          .getJobCounts('completed');
        // 2 credits and the ignoring parent complete; both charges fail.
        const settled = await settlements.getJobCounts('completed', 'failed');
        if (counts.completed !== 5 || counts.failed !== 1 || flowCounts.completed !== 1)
          throw new Error('still working');
        if (settled.completed !== 3 || settled.failed !== 2) throw new Error('still settling');
      });
      // Only the workers the worker-list test counts stay online.
      await settler.close();

      adapter = closer.add(
        makeAdapter(redisUrl, prefix, {
          onRoundTrip: () => {
            trips++;
          },
        }),
      );
    });

    afterAll(() => closer.closeAll());

    const queueNamed = async (name: string) => {
      const queue = (await adapter.listQueues()).find((candidate) => candidate.name === name);
      expect(queue, name).toBeDefined();
      return Queue.parse(queue);
    };

    it('discovers every queue of the prefix', async () => {
      const names = (await adapter.listQueues()).map((queue) => queue.name);
      expect(names).toEqual(['flow-parts', 'flows', 'idle', orders, 'scheduled', 'settlements']);
    });

    it('counts every state, limits and workers in the overview', async () => {
      const idle = await queueNamed('idle');
      expect(idle.counts).toMatchObject({
        waiting: 3,
        delayed: 2,
        prioritized: 2,
        active: 0,
        paused: 0,
        completed: 0,
      });
      expect(idle.paused).toBe(false);
      expect(idle.globalConcurrency).toBe(4);
      expect(idle.rateLimit).toEqual({ max: 10, durationMs: 1_000 });
      expect(idle.rateLimitedForMs).toBeGreaterThan(0);
      expect(idle.rateLimitedForMs).toBeLessThanOrEqual(HOUR);
      expect(idle.workerCount).toBe(0);
      expect(idle.meta).toMatchObject({
        prefix,
        version: expect.stringContaining(`bullmq:${version}.`),
      });

      const ordersQueue = await queueNamed(orders);
      expect(ordersQueue.counts).toMatchObject({ completed: 5, failed: 1, waiting: 0, active: 0 });
      expect(ordersQueue.workerCount).toBe(1);
      expect(ordersQueue.globalConcurrency).toBeNull();
      expect(ordersQueue.rateLimit).toBeNull();
      expect(ordersQueue.rateLimitedForMs).toBe(0);

      expect((await queueNamed('scheduled')).schedulerCount).toBe(1);
      expect((await queueNamed('flows')).counts['waiting-children']).toBe(1);
      expect((await queueNamed('flows')).workerCount).toBe(1);
    });

    it('answers the overview in ONE round trip and a page in at most two', async () => {
      await adapter.listQueues(); // first use runs discovery; later calls must not
      trips = 0;
      await adapter.listQueues();
      expect(trips).toBe(1);
      trips = 0;
      await adapter.getQueue('idle');
      expect(trips).toBe(1);
      trips = 0;
      const page = await adapter.listJobs(orders, { state: 'completed', limit: 50 });
      expect(page!.jobs.length).toBe(5);
      expect(trips).toBe(2);
      trips = 0;
      await adapter.listJobs('idle', { state: 'waiting', limit: 2, cursor: page!.nextCursor });
      expect(trips).toBeLessThanOrEqual(2);
    });

    it('lists rows with attempts, progress, short reasons and data sizes but no payloads', async () => {
      const completed = (await adapter.listJobs(orders, { state: 'completed', limit: 50 }))!;
      const byId = new Map(completed.jobs.map((row) => [row.id, row]));
      const flaky = byId.get(ids.flaky!)!;
      expect(flaky).toMatchObject({
        name: 'flaky',
        state: 'completed',
        nativeState: 'completed',
        attemptsMade: 2,
        maxAttempts: 3,
      });
      expect(flaky.progress).toEqual({ step: 2 });
      expect(byId.get(ids.big!)!.dataBytes).toBe(Buffer.byteLength(JSON.stringify(bigData)));
      expect(byId.get(ids.ok0!)!.maxAttempts).toBe(1);
      for (const row of completed.jobs) expect(row).not.toHaveProperty('data');

      const failed = (await adapter.listJobs(orders, { state: 'failed', limit: 50 }))!;
      expect(failed.jobs.map((row) => [row.id, row.failedReason, row.attemptsMade])).toEqual([
        [ids.doomed, 'doomed for good', 2],
      ]);
    });

    it('pages waiting, delayed and prioritized jobs newest first', async () => {
      const waiting = (await adapter.listJobs('idle', { state: 'waiting', limit: 2 }))!;
      expect(waiting.total).toBe(3);
      const next = (await adapter.listJobs('idle', {
        state: 'waiting',
        limit: 2,
        cursor: waiting.nextCursor,
      }))!;
      expect(next.nextCursor).toBeNull();
      expect([...waiting.jobs, ...next.jobs].map((row) => row.id)).toEqual([
        ids.wait2,
        ids.wait1,
        ids.wait0,
      ]);

      const delayed = (await adapter.listJobs('idle', { state: 'delayed', limit: 10 }))!;
      expect(delayed.jobs).toHaveLength(2);
      for (const row of delayed.jobs) expect(row.runAt).toBe(row.createdAt! + HOUR);

      const prioritized = (await adapter.listJobs('idle', { state: 'prioritized', limit: 10 }))!;
      expect(prioritized.jobs.map((row) => row.priority)).toEqual([5, 5]);
      expect(prioritized.jobs.every((row: JobRow) => row.state === 'prioritized')).toBe(true);

      const cancelled = (await adapter.listJobs('idle', { state: 'cancelled', limit: 10 }))!;
      expect(cancelled).toEqual({ state: 'cancelled', jobs: [], total: 0, nextCursor: null });
    });

    it('derives the attempt history of a retried job', async () => {
      const job = JobDetail.parse(await adapter.getJob(orders, ids.flaky!));
      expect(job.state).toBe('completed');
      expect(
        job.attempts.map((attempt) => [attempt.number, attempt.outcome, attempt.error]),
      ).toEqual([
        [1, 'failed', 'Error: flaky first time'],
        [2, 'completed', null],
      ]);
      expect(job.attempts[1]!.startedAt).toBe(job.processedAt);
      expect(job.attempts[1]!.finishedAt).toBe(job.finishedAt);
      expect(job.stacktrace).toHaveLength(1);
      expect(job.logCount).toBe(2);
      expect(job.returnValue.json).toEqual({ ok: ids.flaky });
      expect(job.opts).toMatchObject({ attempts: 3 });

      const doomed = JobDetail.parse(await adapter.getJob(orders, ids.doomed!));
      expect(doomed.state).toBe('failed');
      expect(doomed.failedReason).toBe('doomed for good');
      expect(doomed.stacktrace).toHaveLength(2);
      expect(doomed.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed']);
      expect(doomed.attempts[1]!.error).toBe('Error: doomed for good');
      expect(doomed.raw).toMatchObject({ name: 'doomed', atm: '2' });
      expect(doomed.raw).not.toHaveProperty('data');
    });

    it('pages job logs', async () => {
      const first = (await adapter.getJobLogs(orders, ids.flaky!, { offset: 0, limit: 1 }))!;
      expect(first).toEqual({ lines: ['attempt 1 of flaky'], total: 2, offset: 0 });
      const second = (await adapter.getJobLogs(orders, ids.flaky!, { offset: 1, limit: 5 }))!;
      expect(second.lines).toEqual(['attempt 2 of flaky']);
      expect(await adapter.getJobLogs(orders, 'nope', { offset: 0, limit: 5 })).toBeNull();
    });

    it('cuts payloads over 256 KiB and serves them whole on demand', async () => {
      const job = JobDetail.parse(await adapter.getJob(orders, ids.big!));
      const bytes = Buffer.byteLength(JSON.stringify(bigData));
      expect(job.data).toMatchObject({ truncated: true, bytes, json: null });
      expect(Buffer.byteLength(job.data.text!)).toBeLessThanOrEqual(INLINE_PAYLOAD_LIMIT_BYTES);
      expect(job.data.text!.length).toBeGreaterThan(INLINE_PAYLOAD_LIMIT_BYTES - 10);
      const whole = (await adapter.getPayload(orders, ids.big!, 'data'))!;
      expect(whole).toMatchObject({ truncated: false, bytes });
      expect(whole.json).toEqual(bigData);
    });

    it('tells a timeline from added through attempts to the end', async () => {
      const timeline = (await adapter.getTimeline({ queue: orders, id: ids.doomed! }))!;
      const types = timeline.events.map((event) => event.type);
      expect(types[0]).toBe('added');
      expect(types.at(-1)).toBe('failed');
      expect(types.filter((type) => type === 'attempt-started')).toHaveLength(2);
      expect(timeline.events.find((event) => event.type === 'attempt-failed')!.detail).toBe(
        'Error: doomed for good',
      );
      expect(types).toContain('logs');
      expect(types).toContain('progress');
    });

    it('links flow parents and children in detail, timeline and the flow tree', async () => {
      const root = JobDetail.parse(await adapter.getJob('flows', ids.root!));
      expect(root.state).toBe('waiting-children');
      expect(root.parent).toBeNull();
      expect(root.children).toEqual(
        expect.arrayContaining([
          { queue: 'flows', id: ids.a, state: 'completed' },
          { queue: 'flow-parts', id: ids.b, state: 'waiting-children' },
        ]),
      );
      expect(root.children).toHaveLength(2);
      const bolt = JobDetail.parse(await adapter.getJob('flow-parts', ids.c!));
      expect(bolt.parent).toEqual({ queue: 'flow-parts', id: ids.b });
      expect(bolt.state).toBe('waiting');

      const timeline = (await adapter.getTimeline({ queue: 'flows', id: ids.root! }))!;
      const childEvents = timeline.events.filter((event) => event.type === 'child');
      expect(childEvents.map((event) => event.child)).toEqual(
        expect.arrayContaining([
          { queue: 'flows', id: ids.a },
          { queue: 'flow-parts', id: ids.b },
        ]),
      );

      const tree = (await adapter.getFlow({ queue: 'flow-parts', id: ids.c! }))!;
      const shape = (node: FlowNode): unknown => ({
        id: node.id,
        name: node.name,
        state: node.state,
        children: node.children
          .map(shape)
          .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      });
      expect(shape(tree)).toEqual({
        id: ids.root,
        name: 'assemble',
        state: 'waiting-children',
        children: [
          { id: ids.a, name: 'part-a', state: 'completed', children: [] },
          {
            id: ids.b,
            name: 'part-b',
            state: 'waiting-children',
            children: [{ id: ids.c, name: 'bolt', state: 'waiting', children: [] }],
          },
        ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      });
    });

    it('flags a flow parent blocked behind a failed child, and not one that goes on', async () => {
      const blocked = JobDetail.parse(await adapter.getJob('settlements', ids.blockedParent!));
      expect(blocked.state).toBe('waiting-children');
      expect(blocked.blockedBy).toEqual([
        { queue: 'settlements', id: ids.blockedCharge, failedReason: 'card_declined' },
      ]);
      const ignoring = JobDetail.parse(await adapter.getJob('settlements', ids.ignoringParent!));
      expect(ignoring.state).toBe('completed');
      expect(ignoring.blockedBy).toEqual([]);
      expect(ignoring.children).toContainEqual({
        queue: 'settlements',
        id: ids.ignoringCharge,
        state: 'failed',
      });
    });

    it('names the worker that processed a job', async () => {
      const job = JobDetail.parse(await adapter.getJob(orders, ids.flaky!));
      expect(job.processedBy).toBe('orders-worker');
      const waiting = JobDetail.parse(await adapter.getJob('idle', ids.wait0!));
      expect(waiting.processedBy).toBeNull();
    });

    it('finds a job by id across queues', async () => {
      expect(await adapter.findJob(ids.c!)).toEqual({ queue: 'flow-parts', id: ids.c });
      expect(await adapter.findJob('never-added')).toBeNull();
    });

    it('lists job schedulers with their next run and template', async () => {
      const schedules = await adapter.listSchedules();
      expect(schedules).toHaveLength(1);
      const [nightly] = schedules;
      expect(nightly).toMatchObject({
        id: 'nightly',
        queue: 'scheduled',
        name: 'report',
        pattern: '0 3 * * *',
        everyMs: null,
        tz: 'Europe/Paris',
        limit: 5,
        iterations: 1,
        template: { data: { kind: 'nightly' }, opts: { attempts: 2 } },
      });
      expect(nightly!.nextRunAt).toBeGreaterThan(Date.now());
    });

    it('reads per-minute metrics where the worker records them', async () => {
      const metrics = (await adapter.getMetrics(orders))!;
      expect(metrics.completed?.total).toBe(5);
      expect(metrics.failed?.total).toBe(1);
      expect(await adapter.getMetrics('idle')).toEqual({ completed: null, failed: null });
      expect(await adapter.getMetrics('no-such-queue')).toBeNull();
    });

    it('lists live workers by name and queue', async () => {
      const { known, workers } = await adapter.listWorkers();
      expect(known).toBe(true);
      const named = workers.find((worker) => worker.name === 'orders-worker');
      expect(named).toMatchObject({ queues: [orders], status: 'online' });
      expect(workers.filter((worker) => worker.queues.includes('flows'))).toHaveLength(1);
      expect(workers).toHaveLength(2);
    });
  },
);
