/**
 * The live bench's job flow in its own process (so its event loop does not delay the SSE clients the
 * bench times): jobs added at RATE per second in small bulks, completed by two real bullmq workers.
 * Prints `{"completed": n}` lines twice a second; stops cleanly on SIGTERM.
 * Env: REDIS_URL, QUEUE, RATE.
 */
import { Queue, Worker } from 'bullmq';

const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const name = process.env.QUEUE ?? 'bench-live';
const rate = Number(process.env.RATE ?? 1000);
const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const queue = new Queue(name, {
  connection,
  defaultJobOptions: { removeOnComplete: { count: 5_000 }, removeOnFail: { count: 5_000 } },
});
let completed = 0;
const workers = [1, 2].map(
  () => new Worker(name, async (job) => ({ n: job.data.n as number }), { connection, concurrency: 100 }),
);
for (const worker of workers) worker.on('completed', () => completed++);
const report = setInterval(() => console.log(JSON.stringify({ completed })), 500);

let stopped = false;
const producer = (async () => {
  const bulk = rate / 20;
  let n = 0;
  let next = Date.now();
  while (!stopped) {
    await queue.addBulk(Array.from({ length: bulk }, () => ({ name: 'tick', data: { n: n++ } })));
    next += 50;
    await sleep(Math.max(0, next - Date.now()));
  }
})();

process.once('SIGTERM', () => {
  stopped = true;
  void (async () => {
    await producer;
    await Promise.all(workers.map((worker) => worker.close()));
    await queue.close();
    clearInterval(report);
    console.log(JSON.stringify({ completed }));
    process.exit(0);
  })();
});
