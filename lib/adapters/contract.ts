/**
 * The contract every SourceAdapter (BullMQ, Celery, Temporal) must pass, run by each adapter's
 * integration tests against its real backend: `runSourceAdapterContract('bullmq v6', setup)`.
 * The fixture describes a queue the setup filled and then left still, so counts are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability, JobRef, SourceAdapter } from './types';
import {
  FlowNode,
  JobDetail,
  JobPage,
  JobRow,
  LogPage,
  Payload,
  Queue,
  QueueMetrics,
  Schedule,
  Timeline,
  WorkerList,
  jobStates,
} from './types';

export interface ContractFixture {
  /** A queue holding exactly `completed` completed and `failed` failed jobs, and nothing changing. */
  queue: string;
  completed: number;
  failed: number;
  /** A finished job in `queue` whose input data is `jobData`. */
  jobId: string;
  jobData: unknown;
  /** An id no job has, and a queue name the source does not have. */
  missingJobId: string;
  missingQueue: string;
}

export interface ContractSetup {
  adapter: SourceAdapter;
  fixture: ContractFixture;
  teardown(): Promise<void>;
}

/** Fields that must never appear in a list row: payloads are fetched per job, on demand. */
const PAYLOAD_FIELDS = [
  'data',
  'returnValue',
  'returnvalue',
  'stacktrace',
  'opts',
  'args',
  'kwargs',
  'result',
];

export function runSourceAdapterContract(name: string, setup: () => Promise<ContractSetup>): void {
  describe(`SourceAdapter contract: ${name}`, () => {
    let adapter: SourceAdapter;
    let fixture: ContractFixture;
    let teardown: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ adapter, fixture, teardown } = await setup());
    });
    afterAll(async () => {
      await teardown?.();
    });

    const has = (capability: Capability) => adapter.capabilities.has(capability);

    it('answers ping', async () => {
      await expect(adapter.ping()).resolves.toBeUndefined();
    });

    it('lists the fixture queue with exact counts for every state', async () => {
      const queues = await adapter.listQueues();
      for (const queue of queues) Queue.parse(queue);
      const queue = queues.find((candidate) => candidate.name === fixture.queue);
      expect(queue, `queue ${fixture.queue} listed`).toBeDefined();
      expect(Object.keys(queue!.counts).sort()).toEqual([...jobStates].sort());
      expect(queue!.counts.completed).toBe(fixture.completed);
      expect(queue!.counts.failed).toBe(fixture.failed);
      expect(queue!.source).toBe(adapter.id);
    });

    it('gets one queue, and null for an unknown one', async () => {
      const queue = Queue.parse(await adapter.getQueue(fixture.queue));
      expect(queue.name).toBe(fixture.queue);
      expect(queue.counts.completed).toBe(fixture.completed);
      expect(queue.counts.failed).toBe(fixture.failed);
      expect(await adapter.getQueue(fixture.missingQueue)).toBeNull();
    });

    for (const state of ['completed', 'failed'] as const) {
      it(`walks every ${state} job exactly once by cursor, newest first, small rows only`, async () => {
        const expected = fixture[state];
        const limit = 2;
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: JobPage = JobPage.parse(
            await adapter.listJobs(fixture.queue, { state, limit, cursor }),
          );
          expect(page.total).toBe(expected);
          expect(page.jobs.length).toBeLessThanOrEqual(limit);
          for (const row of page.jobs) {
            JobRow.parse(row);
            expect(row.state).toBe(state);
            expect(row.queue).toBe(fixture.queue);
            for (const field of PAYLOAD_FIELDS) expect(row).not.toHaveProperty(field);
            seen.push(row.id);
          }
          const finished = page.jobs
            .map((row) => row.finishedAt)
            .filter((at): at is number => at !== null);
          expect(finished).toEqual([...finished].sort((a, b) => b - a));
          cursor = page.nextCursor;
          pages++;
          expect(pages, 'cursor terminates').toBeLessThanOrEqual(expected + 1);
        } while (cursor);
        expect(seen).toHaveLength(expected);
        expect(new Set(seen).size).toBe(expected);
      });
    }

    it('honours the limit and says when there is more', async () => {
      const page = JobPage.parse(
        await adapter.listJobs(fixture.queue, { state: 'completed', limit: 1 }),
      );
      expect(page.jobs).toHaveLength(Math.min(1, fixture.completed));
      expect(page.nextCursor !== null).toBe(fixture.completed > 1);
    });

    it('answers null for the jobs of an unknown queue', async () => {
      expect(
        await adapter.listJobs(fixture.missingQueue, { state: 'completed', limit: 10 }),
      ).toBeNull();
    });

    it('gets a job with its data, and null for a missing job or queue', async () => {
      const job = JobDetail.parse(await adapter.getJob(fixture.queue, fixture.jobId));
      expect(job.id).toBe(fixture.jobId);
      expect(job.queue).toBe(fixture.queue);
      expect(job.data.truncated).toBe(false);
      expect(job.data.json).toEqual(fixture.jobData);
      expect(['completed', 'failed']).toContain(job.state);
      expect(job.attempts.length).toBeGreaterThan(0);
      expect(await adapter.getJob(fixture.queue, fixture.missingJobId)).toBeNull();
      expect(await adapter.getJob(fixture.missingQueue, fixture.jobId)).toBeNull();
    });

    it('returns a whole payload on demand', async () => {
      const payload = Payload.parse(await adapter.getPayload(fixture.queue, fixture.jobId, 'data'));
      expect(payload.truncated).toBe(false);
      expect(payload.json).toEqual(fixture.jobData);
      expect(await adapter.getPayload(fixture.queue, fixture.missingJobId, 'data')).toBeNull();
    });

    it('finds a job by id alone when it declares jobLookup', async () => {
      if (!has('jobLookup')) return;
      expect(await adapter.findJob(fixture.jobId)).toEqual({
        queue: fixture.queue,
        id: fixture.jobId,
      });
      expect(await adapter.findJob(fixture.missingJobId)).toBeNull();
    });

    it('orders the timeline by time when it declares timeline', async () => {
      if (!has('timeline')) return;
      const ref: JobRef = { queue: fixture.queue, id: fixture.jobId };
      const timeline = Timeline.parse(await adapter.getTimeline(ref));
      expect(timeline.job).toEqual(ref);
      expect(timeline.events.length).toBeGreaterThanOrEqual(2);
      const times = timeline.events
        .map((event) => event.at)
        .filter((at): at is number => at !== null);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const last = timeline.events.at(-1)!;
      expect(['success', 'failure']).toContain(last.status);
      expect(
        await adapter.getTimeline({ queue: fixture.queue, id: fixture.missingJobId }),
      ).toBeNull();
    });

    it('backs every declared read capability with a working method', async () => {
      const ref: JobRef = { queue: fixture.queue, id: fixture.jobId };
      expect(has('queues') && has('jobs')).toBe(true);
      if (has('logs')) {
        const logs = LogPage.parse(
          await adapter.getJobLogs(ref.queue, ref.id, { offset: 0, limit: 10 }),
        );
        expect(logs.lines.length).toBeLessThanOrEqual(Math.min(10, logs.total));
      }
      if (has('workers')) WorkerList.parse(await adapter.listWorkers());
      if (has('schedules')) {
        for (const schedule of await adapter.listSchedules()) Schedule.parse(schedule);
      }
      if (has('metrics')) QueueMetrics.parse(await adapter.getMetrics(fixture.queue));
      if (has('flows')) {
        const flow = FlowNode.parse(await adapter.getFlow(ref));
        expect(containsNode(flow, ref)).toBe(true);
        expect(
          await adapter.getFlow({ queue: fixture.queue, id: fixture.missingJobId }),
        ).toBeNull();
      }
    });
  });
}

function containsNode(node: FlowNode, ref: JobRef): boolean {
  return (
    (node.queue === ref.queue && node.id === ref.id) ||
    node.children.some((child) => containsNode(child, ref))
  );
}
