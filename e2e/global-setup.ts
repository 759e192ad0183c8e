/**
 * Seeds the Redis that scripts/e2e.mjs started with real BullMQ Queue/Worker/FlowProducer, then
 * closes every worker so the counts the specs read are exact and stay still; and sends the Celery
 * tasks the Celery task specs name to the real Celery worker it starts (celery-seed.ts).
 */
import { FlowProducer, Queue, Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import { seedCelery } from './celery-seed';
import { startCeleryE2eWorker } from './celery-worker';
import { XSS, XSS_JOB_ID, seeded } from './seeded';

const closers: (() => Promise<unknown>)[] = [];
const globalKey = Symbol.for('yardmaster.e2e.closers');
(globalThis as Record<symbol, unknown>)[globalKey] = closers;

function connectionFor(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`e2e seed: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function queue(name: string, connection: ConnectionOptions) {
  const q = new Queue(name, { connection });
  closers.push(() => q.close());
  return q;
}

function worker(name: string, connection: ConnectionOptions, processor: (job: Job) => Promise<unknown>) {
  const w = new Worker(name, processor, { connection, concurrency: 20 });
  closers.push(() => w.close());
  return w;
}

// A named function so the stack trace the spec reads points at it.
async function deliverEmail(job: Job<{ to: string; bounce: boolean }>) {
  if (job.data.bounce) throw new Error(`SMTP 550: mailbox unavailable for ${job.data.to}`);
  return { delivered: true, to: job.data.to };
}

async function seedEmails(connection: ConnectionOptions) {
  const { name, completed, failed } = seeded.emails;
  const emails = queue(name, connection);
  await emails.addBulk(
    Array.from({ length: completed + failed }, (_, index) => ({
      name: index % 2 ? 'welcome' : 'receipt',
      data: { to: `user${index}@example.com`, bounce: index >= completed },
    })),
  );
  const w = worker(name, connection, deliverEmail);
  await waitFor('emails to finish', async () => {
    const counts = await emails.getJobCounts('completed', 'failed');
    return counts.completed === completed && counts.failed === failed;
  });
  await w.close();
}

async function seedReports(connection: ConnectionOptions) {
  const reports = queue(seeded.reports.name, connection);
  await reports.pause();
  await reports.addBulk(
    Array.from({ length: seeded.reports.jobs }, (_, index) => ({ name: 'monthly', data: { month: index + 1 } })),
  );
}

async function seedImages(connection: ConnectionOptions) {
  const { name, delayed, logLines, logJobId } = seeded.images;
  const images = queue(name, connection);
  await images.add('thumbnail', { file: 'cat.png', sizes: [64, 128, 256] }, { jobId: logJobId });
  const w = worker(name, connection, async (job) => {
    for (let line = 1; line <= logLines; line += 1) await job.log(`resizing step ${line}`);
    await job.updateProgress(100);
    return { thumbnails: 3 };
  });
  await waitFor('the thumbnail job to complete', async () => (await images.getJobCounts('completed')).completed === 1);
  await w.close();
  // Left waiting, with progress reported by a worker that went away.
  const resize = await images.add('resize', { file: 'huge.tiff' });
  await resize.updateProgress(42);
  await images.addBulk(
    Array.from({ length: delayed }, (_, index) => ({
      name: 'watermark',
      data: { file: `photo${index}.jpg` },
      opts: { delay: 3_600_000 + index * 1000 },
    })),
  );
}

async function seedFlow(connection: ConnectionOptions) {
  const { name, parentId, childIds } = seeded.flows;
  queue(name, connection);
  const producer = new FlowProducer({ connection });
  closers.push(() => producer.close());
  await producer.add({
    name: 'assemble-report',
    queueName: name,
    data: { report: 'q3' },
    opts: { jobId: parentId },
    children: childIds.map((id) => ({ name: id.replace(/-1$/, ''), queueName: name, data: { part: id }, opts: { jobId: id } })),
  });
  await producer.close();
}

async function seedWebhooks(connection: ConnectionOptions) {
  const webhooks = queue(seeded.webhooks.name, connection);
  await webhooks.add(XSS, { html: XSS, note: '<script>alert(2)</script>' }, { jobId: XSS_JOB_ID });
  const w = worker(seeded.webhooks.name, connection, async (job) => {
    throw new Error(`rejected payload ${String(job.data.html)}`);
  });
  await waitFor('the webhook to fail', async () => (await webhooks.getJobCounts('failed')).failed === 1);
  await w.close();
}

async function seedUploads(connection: ConnectionOptions) {
  const { name, bigJobId, bigBytes, tailMarker } = seeded.uploads;
  const uploads = queue(name, connection);
  await uploads.add('ingest', { blob: 'x'.repeat(bigBytes), tail: tailMarker }, { jobId: bigJobId });
}

async function seedTenant(connection: ConnectionOptions) {
  const tenant = queue(seeded.tenant.name, connection);
  await tenant.addBulk(Array.from({ length: seeded.tenant.waiting }, (_, index) => ({ name: 'export', data: { index } })));
}

export default async function globalSetup() {
  const url = process.env.E2E_REDIS_URL;
  if (!url) throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const connection = connectionFor(url);
  try {
    await seedEmails(connection);
    await seedReports(connection);
    await seedImages(connection);
    await seedFlow(connection);
    await seedWebhooks(connection);
    await seedUploads(connection);
    await seedTenant(connection);
  } finally {
    // Close everything now: no worker connection may linger to change counts under the specs.
    await Promise.allSettled(closers.splice(0).map((close) => close()));
  }
  // The Celery worker runs through the specs (they watch it live); the returned teardown stops it.
  const celery = await startCeleryE2eWorker(url);
  closers.push(() => celery.stop());
  // Tasks with chosen ids for the Celery task specs and pages.ts (celery-seed.ts).
  await seedCelery(`http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`);
  return () => celery.stop();
}
