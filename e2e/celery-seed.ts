/**
 * Celery tasks for the browser tests, sent by the fixture producer (lib/adapters/celery/testing/
 * send.py, Debian's python3-celery) to the real worker globalSetup starts (celery-worker.ts), with
 * ids chosen here so pages.ts and the specs can name them.
 */
import { CELERY_E2E, sendCeleryE2e } from './celery-worker';

export const CELERY_SOURCE = CELERY_E2E.source;
export const celerySeeded = {
  added: 'e2e-celery-added',
  /** One failed task per spec that retries one (a retry leaves it failed, with a child). */
  failed: 'e2e-celery-failed',
  failedPhone: 'e2e-celery-failed-phone',
  chain: ['e2e-celery-chain-1', 'e2e-celery-chain-2'] as const,
  /** The queue sleeping tasks go to (one the worker consumes). */
  sleepQueue: 'celery',
} as const;

/** Run one scenario of send.py against the e2e broker; answers its JSON line. */
export function sendCelery(...args: string[]): Promise<unknown> {
  const redisUrl = process.env.E2E_REDIS_URL;
  if (!redisUrl) throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  return sendCeleryE2e(redisUrl, args[0]!, ...args.slice(1));
}

/** A sleeping task with the id given, on a queue the worker consumes. */
export const sendSleep = (id: string, seconds: number) =>
  sendCelery('named', id, 'fixture.sleep', celerySeeded.sleepQueue, JSON.stringify([seconds]));

export async function seedCelery(baseURL: string): Promise<void> {
  await sendCelery('named', celerySeeded.added, 'fixture.add', 'celery', '[2, 3]');
  await sendCelery('named', celerySeeded.failed, 'fixture.fail', 'celery', JSON.stringify(['card declined for e2e']));
  await sendCelery('named', celerySeeded.failedPhone, 'fixture.fail', 'celery', JSON.stringify(['card declined on a phone']));
  await sendCelery('named-chain', ...celerySeeded.chain);
  // The dashboard's ingest (started at boot) has them when its API lists all five as finished.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${baseURL}/api/v1/sources/${CELERY_SOURCE}/tasks?state=completed,failed&limit=100`);
      const body = (await response.json()) as { tasks?: Array<{ id: string }> };
      const ids = new Set((body.tasks ?? []).map((task) => task.id));
      if ([celerySeeded.added, celerySeeded.failed, celerySeeded.failedPhone, ...celerySeeded.chain].every((id) => ids.has(id))) return;
    } catch {
      // the server is still starting
    }
    if (Date.now() > deadline) throw new Error('e2e seed: the dashboard did not list the seeded Celery tasks within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
