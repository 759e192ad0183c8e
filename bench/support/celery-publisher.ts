/**
 * Child process of `npm run bench:celery`: replays Celery task events onto the broker's channels in
 * the exact format a real 5.2 prefork worker sends (task-sent object from the client, then
 * task-received / task-started / task-succeeded each as a one-item `task.multi` array), at `rate`
 * events per second for `seconds`. Prints `{"tasks": n, "events": m}` when done.
 * Usage: tsx celery-publisher.ts <redis url> <db> <rate> <seconds> <run id>
 */
import Redis from 'ioredis';
import { published, taskEvents } from '../../lib/adapters/celery/testing/events';

const [url, dbText, rateText, secondsText, runId] = process.argv.slice(2);
const db = Number(dbText);
const rate = Number(rateText);
const seconds = Number(secondsText);
const EVENTS_PER_TASK = 4;

async function main(): Promise<void> {
  const redis = new Redis(url!);
  const started = Date.now();
  let tasks = 0;
  let events = 0;
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    const pipeline = redis.pipeline();
    while (events + EVENTS_PER_TASK <= due) {
      const id = `${runId}-${tasks}`;
      for (const event of taskEvents(id, { name: `bench.task${tasks % 20}`, hostname: `w${tasks % 4}@bench`, start: Date.now() / 1000, args: `[${tasks}, 'x']` })) {
        const { channel, message } = published(event, db);
        pipeline.publish(channel, message);
      }
      tasks++;
      events += EVENTS_PER_TASK;
    }
    if (pipeline.length) await pipeline.exec();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  console.log(JSON.stringify({ tasks, events }));
  redis.disconnect();
}

void main();
