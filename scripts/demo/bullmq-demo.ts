/**
 * Live BullMQ traffic for `npm run demo`: producers and real workers on six queues, so every part of
 * the dashboard has something to show — completions and failures, retries with exponential backoff,
 * delayed and prioritized jobs, a flow waiting on its children, job schedulers, logs and progress,
 * a global rate limit, a global concurrency limit and a paused queue. Every worker listens for the
 * dashboard's cancel requests (attachCancelListener) and every processor honours its AbortSignal;
 * `reports` runs a long `quarterly-rollup` now and then, so there is always something to cancel.
 * Retention (removeOnComplete /
 * removeOnFail, capped logs and metrics) keeps Redis small however long it runs.
 *
 * Run: REDIS_URL=redis://127.0.0.1:6379 node --import tsx scripts/demo/bullmq-demo.ts
 * Stops on SIGINT/SIGTERM or when its stdin closes (the demo runner died).
 */
import { FlowProducer, MetricsTime, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { ConnectionOptions, DefaultJobOptions, Job } from 'bullmq';
import { attachCancelListener } from '../../lib/worker';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.DEMO_BULLMQ_PREFIX ?? 'bull';

/** Each Queue/Worker opens its own connections, so a worker's client name identifies it in CLIENT LIST. */
function connectionFromUrl(url: string): ConnectionOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace(/^\//, '') || 0);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
const connection = connectionFromUrl(redisUrl);

// Bounded growth: at most ~1,000 completed and ~2,000 failed jobs per queue, each kept at most a day.
const retention: DefaultJobOptions = {
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 24 * 3_600, count: 2_000 },
  keepLogs: 50,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const chance = (probability: number) => Math.random() < probability;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

const customers = ['ada@example.com', 'grace@example.com', 'linus@example.com', 'margaret@example.com', 'ken@example.com'];

const queueNames = ['emails', 'images', 'reports', 'webhooks', 'billing', 'exports'] as const;
type QueueName = (typeof queueNames)[number];
const queues = Object.fromEntries(
  queueNames.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: retention })]),
) as Record<QueueName, Queue>;
const flows = new FlowProducer({ connection, prefix });

/** A processor given BullMQ's AbortSignal (fired by `worker.cancelJob`, i.e. a cancel from the dashboard). */
type Processor = (job: Job, token: string | undefined, signal: AbortSignal | undefined) => Promise<unknown>;

/** Stops the job when the dashboard cancelled it; the reason becomes its failure. */
function stopIfCancelled(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new UnrecoverableError(`cancelled: ${String(signal.reason ?? 'from the dashboard')}`);
}

/** Run `steps` slices of work, reporting progress for each, and stop between slices when cancelled. */
async function work(job: Job, steps: number, stepMs: [number, number], signal?: AbortSignal) {
  for (let step = 1; step <= steps; step += 1) {
    stopIfCancelled(signal);
    await sleep(between(...stepMs));
    stopIfCancelled(signal);
    await job.updateProgress(Math.round((step / steps) * 100));
  }
}

// ---------------------------------------------------------------- processors

const sendEmail: Processor = async (job, _token, signal) => {
  await job.log(`rendering template "${job.data.template}" for ${job.data.to}`);
  await work(job, 3, [100, 400], signal);
  if (chance(0.25)) {
    await job.log('SMTP server answered 421, will retry');
    throw new Error(`421 4.7.0 smtp.example.com: try again later (attempt ${job.attemptsMade + 1})`);
  }
  await job.log('accepted by smtp.example.com');
  return { messageId: `<${job.id}.${Date.now()}@example.com>`, accepted: [job.data.to] };
};

const resizeImage: Processor = async (job, _token, signal) => {
  await job.log(`fetching ${job.data.url}`);
  if (chance(0.1)) throw new UnrecoverableError(`unsupported image format: ${job.data.url} is not a JPEG/PNG/WebP`);
  for (const width of job.data.widths as number[]) {
    stopIfCancelled(signal);
    await sleep(between(150, 600));
    await job.log(`resized to ${width}px`);
    await job.updateProgress({ done: width, of: job.data.widths });
  }
  if (chance(0.1)) throw new Error('out of memory while encoding WebP (libvips: VipsForeignSaveWebp)');
  return { variants: (job.data.widths as number[]).map((width) => `${job.data.url}?w=${width}`) };
};

const buildReport: Processor = async (job, _token, signal) => {
  await job.log(`querying ${job.name} rows since ${job.data.since ?? 'yesterday'}`);
  if (job.name === 'quarterly-rollup') {
    // Long on purpose (1-2 minutes): the job to try "Cancel job" on.
    await work(job, 60, [1_000, 2_000], signal);
    return { rows: between(1_000_000, 5_000_000), quarter: job.data.quarter };
  }
  await work(job, 5, [200, 800], signal);
  if (chance(0.15)) throw new Error('statement timeout: canceling statement due to statement timeout (warehouse)');
  return { rows: between(100, 50_000), url: `https://reports.example.com/${job.id}.csv` };
};

const deliverWebhook: Processor = async (job, _token, signal) => {
  await sleep(between(50, 300));
  stopIfCancelled(signal);
  const status = chance(0.3) ? pick([500, 502, 503, 504]) : 200;
  await job.log(`POST ${job.data.endpoint} -> ${status}`);
  if (status !== 200) throw new Error(`endpoint ${job.data.endpoint} answered HTTP ${status}`);
  return { status, attempt: job.attemptsMade + 1 };
};

const billing: Processor = async (job, _token, signal) => {
  if (job.name === 'close-month') {
    // The parent runs after its children; their return values are there to sum.
    const children = await job.getChildrenValues<{ cents?: number }>();
    const total = Object.values(children).reduce((sum, value) => sum + (value?.cents ?? 0), 0);
    await job.log(`closing ${job.data.month} for ${job.data.customer}: ${Object.keys(children).length} children`);
    return { totalCents: total };
  }
  await work(job, 2, [300, 1_000], signal);
  if (job.name === 'charge-card' && chance(0.2)) throw new Error('card_declined: insufficient_funds');
  return { cents: between(500, 50_000) };
};

const exportData: Processor = async (job, _token, signal) => {
  await work(job, 4, [200, 500], signal);
  return { file: `s3://exports.example.com/${job.id}.parquet` };
};

// ---------------------------------------------------------------- workers

const metrics = { maxDataPoints: MetricsTime.ONE_WEEK };
const workers = [
  new Worker('emails', sendEmail, { connection, prefix, concurrency: 4, name: 'mailer-1', metrics }),
  new Worker('images', resizeImage, { connection, prefix, concurrency: 3, name: 'thumbnailer-1', metrics }),
  // One slot more than the rollups take, so short reports keep flowing beside a long one.
  new Worker('reports', buildReport, { connection, prefix, concurrency: 3, name: 'reporter-1', metrics }),
  new Worker('webhooks', deliverWebhook, { connection, prefix, concurrency: 5, name: 'webhook-sender-1', metrics }),
  new Worker('billing', billing, { connection, prefix, concurrency: 2, name: 'billing-1', metrics }),
  new Worker('exports', exportData, { connection, prefix, concurrency: 1, name: 'exporter-1', metrics }),
];
for (const worker of workers) {
  // A failed job is the demo working as intended; a worker error (lost connection) is not.
  worker.on('error', (error) => console.error(`worker ${worker.name}: ${error.message}`));
  // "Cancel job" in the dashboard reaches the worker holding the job (README: "Cancelling a running job").
  attachCancelListener(worker);
}

// ---------------------------------------------------------------- producers

const retrying = { attempts: 4, backoff: { type: 'exponential', delay: 1_000 } } as const;

async function produceEmails() {
  const to = pick(customers);
  const template = pick(['welcome', 'password-reset', 'invoice', 'weekly-digest']);
  const reminder = chance(0.2);
  await queues.emails.add(
    reminder ? 'reminder' : 'send',
    { to, template, subject: `Your ${template.replace('-', ' ')}` },
    { ...retrying, delay: reminder ? between(20_000, 120_000) : undefined },
  );
}

async function produceImages() {
  const urgent = chance(0.3);
  await queues.images.add(
    'resize',
    { url: `https://cdn.example.com/uploads/${between(1000, 9999)}.jpg`, widths: [320, 640, 1280] },
    { attempts: 2, backoff: { type: 'exponential', delay: 2_000 }, priority: urgent ? 1 : between(5, 10) },
  );
}

async function produceReports() {
  const name = pick(['sales-by-region', 'churn', 'inventory']);
  await queues.reports.add(name, { since: new Date(Date.now() - 86_400_000).toISOString() }, retrying);
}

/** At most one long rollup at a time: there is one to cancel most of the time, never a pile. */
async function produceRollup() {
  const pending = await queues.reports.getJobs(['active', 'waiting'], 0, 50);
  if (pending.some((job) => job?.name === 'quarterly-rollup')) return;
  await queues.reports.add('quarterly-rollup', { quarter: `${new Date().getFullYear()}-Q${Math.floor(new Date().getMonth() / 3) + 1}` }, retention);
}

async function produceWebhooks() {
  // Bursts above the queue's global rate limit, so it is visibly limited for a moment each time.
  const burst = between(4, 12);
  for (let index = 0; index < burst; index += 1) {
    await queues.webhooks.add(
      pick(['order.created', 'order.shipped', 'invoice.paid']),
      { endpoint: pick(['https://shop.example.com/hooks', 'https://crm.example.com/in', 'https://erp.example.com/webhook']) },
      { attempts: 3, backoff: { type: 'exponential', delay: 500 } },
    );
  }
}

async function produceBillingFlow() {
  const customer = pick(customers);
  const month = new Date().toISOString().slice(0, 7);
  await flows.add({
    name: 'close-month',
    queueName: 'billing',
    data: { customer, month },
    opts: retention,
    children: [
      { name: 'charge-card', queueName: 'billing', data: { customer }, opts: { ...retention, ...retrying } },
      { name: 'apply-credits', queueName: 'billing', data: { customer }, opts: retention },
      { name: 'send', queueName: 'emails', data: { to: customer, template: 'invoice', subject: `Invoice ${month}` }, opts: retention },
    ],
  });
}

/** The paused queue only fills up to a few dozen jobs, so it stays bounded while paused. */
async function produceExports() {
  if ((await queues.exports.getWaitingCount()) >= 40) return;
  await queues.exports.add('export-table', { table: pick(['orders', 'customers', 'events']), format: 'parquet' });
}

const producers: Array<[() => Promise<void>, number]> = [
  [produceEmails, 700],
  [produceImages, 1_500],
  [produceReports, 4_000],
  [produceRollup, 20_000],
  [produceWebhooks, 5_000],
  [produceBillingFlow, 8_000],
  [produceExports, 15_000],
];

async function setUpQueues() {
  // Schedulers: one every 10 s, one cron — both show in the schedules view with their next run.
  await queues.reports.upsertJobScheduler(
    'digest-preview',
    { every: 10_000 },
    { name: 'digest', data: { audience: 'ops' }, opts: retention },
  );
  await queues.reports.upsertJobScheduler(
    'nightly-export',
    { pattern: '0 3 * * *' },
    { name: 'nightly-export', data: { warehouse: 'main' }, opts: retention },
  );
  await queues.emails.upsertJobScheduler('newsletter', { every: 30_000 }, { name: 'newsletter', data: { to: 'all@example.com', template: 'newsletter', subject: 'News' }, opts: retention });
  await queues.webhooks.setGlobalRateLimit(3, 1_000);
  await queues.images.setGlobalConcurrency(2);
  await queues.exports.pause();
  // One waiting job larger than the 256 KiB detail limit, to show truncation in the job view.
  if ((await queues.exports.getWaitingCount()) === 0) {
    const rows = Array.from({ length: 4_000 }, (_, index) => ({ id: index, sku: `SKU-${index}`, note: 'x'.repeat(64) }));
    await queues.exports.add('export-large-batch', { table: 'orders', rows }, { removeOnComplete: true });
  }
}

// ---------------------------------------------------------------- lifecycle

const timers: NodeJS.Timeout[] = [];
let stopping = false;

async function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  console.log(`stopping BullMQ demo (${reason})`);
  for (const timer of timers) clearInterval(timer);
  const force = setTimeout(() => process.exit(0), 5_000);
  force.unref();
  await Promise.allSettled(workers.map((worker) => worker.close()));
  await Promise.allSettled([...Object.values(queues).map((queue) => queue.close()), flows.close()]);
  process.exit(0);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.stdin.on('end', () => void shutdown('parent went away'));
process.stdin.on('error', () => void shutdown('parent went away'));
process.stdin.resume();

async function main() {
  await setUpQueues();
  for (const [produce, everyMs] of producers) {
    const tick = () => {
      produce().catch((error: Error) => console.error(`producer ${produce.name}: ${error.message}`));
    };
    tick();
    timers.push(setInterval(tick, everyMs));
  }
  console.log(`BullMQ demo running on ${redisUrl.replace(/\/\/[^@]*@/, '//***@')} (prefix "${prefix}"): ${queueNames.join(', ')}`);
}

main().catch((error: Error) => {
  console.error(`BullMQ demo failed to start: ${error.message}`);
  process.exit(1);
});
