/**
 * Demo-like data for the UI bench, made by real BullMQ: the demo's six queues, each with completed
 * and failed jobs (processed by a real worker, with logs, progress and return values), then delayed
 * and waiting ones left behind once the worker is closed, so every page has something to show and
 * nothing moves while it is measured.
 */
import { Queue, Worker } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';

export const UI_QUEUES = ['emails', 'images', 'reports', 'webhooks', 'billing', 'exports'] as const;

export interface UiSeedPlan {
  completed: number;
  failed: number;
  delayed: number;
  waiting: number;
}

function connectionOf(port: number): ConnectionOptions {
  return { host: '127.0.0.1', port, maxRetriesPerRequest: null };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`ui seed: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function seedQueue(name: string, port: number, plan: UiSeedPlan): Promise<void> {
  const connection = connectionOf(port);
  const queue = new Queue(name, { connection });
  try {
    const finished = plan.completed + plan.failed;
    await queue.addBulk(
      Array.from({ length: finished }, (_, index) => ({
        name: index % 3 ? 'deliver' : 'render',
        data: {
          customer: `customer-${index % 17}@example.com`,
          attempt: index,
          fail: index >= plan.completed,
          items: Array.from({ length: 5 }, (_, item) => ({ sku: `sku-${item}`, qty: item + 1 })),
        },
      })),
    );
    const worker = new Worker(
      name,
      async (job) => {
        await job.log(`picked up by ${name} worker`);
        await job.updateProgress(50);
        if ((job.data as { fail: boolean }).fail) {
          throw new Error(
            `upstream answered 503 for ${(job.data as { customer: string }).customer}`,
          );
        }
        return { ok: true, at: Date.now() };
      },
      { connection, concurrency: 25 },
    );
    await until(`${name} to finish`, async () => {
      const counts = await queue.getJobCounts('completed', 'failed');
      return counts.completed === plan.completed && counts.failed === plan.failed;
    });
    await worker.close();
    await queue.addBulk([
      ...Array.from({ length: plan.delayed }, (_, index) => ({
        name: 'follow-up',
        data: { index },
        opts: { delay: 3_600_000 + index * 1_000 },
      })),
      ...Array.from({ length: plan.waiting }, (_, index) => ({ name: 'deliver', data: { index } })),
    ]);
  } finally {
    await queue.close();
  }
}

export async function seedUi(
  port: number,
  plan: UiSeedPlan,
): Promise<{ jobs: number; ms: number }> {
  const started = performance.now();
  for (const name of UI_QUEUES) await seedQueue(name, port, plan);
  const perQueue = plan.completed + plan.failed + plan.delayed + plan.waiting;
  return { jobs: perQueue * UI_QUEUES.length, ms: performance.now() - started };
}
