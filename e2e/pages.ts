/**
 * Every page of the app, on the data globalSetup seeds: the list the every-page quality specs walk
 * (e2e/every-page.spec.ts, e2e/every-page.phone.spec.ts). A new page gets a line here and is then
 * checked for console errors, hydration errors, 404s and accessibility, and screenshotted.
 */
import { expect } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { CELERY_SOURCE, celerySeeded } from './celery-seed';
import { CELERY_E2E } from './celery-worker';
import { SOURCE, seeded } from './seeded';

export interface AppPage {
  /** Short, file-name safe: it names the screenshots. */
  name: string;
  /** The URL to open; some pages need a real job id, read from the API. */
  path: (api: APIRequestContext) => Promise<string>;
  /** Set while the page is not on this branch yet: the checks are skipped with this reason. */
  pending?: string;
}

const queuePath = (queue: string) => `/sources/${SOURCE}/queues/${encodeURIComponent(queue)}`;

/** The id of the newest job of `state` in `queue`, from the API the page itself reads. */
async function newestJobPath(api: APIRequestContext, queue: string, state: 'failed' | 'completed') {
  const response = await api.get(`/api/v1${queuePath(queue)}/jobs?state=${state}&limit=1`);
  expect(response.status(), `no ${state} job in ${queue}`).toBe(200);
  const body = (await response.json()) as { jobs: Array<{ id: string }> };
  const id = body.jobs[0]?.id;
  if (!id) throw new Error(`the seed has no ${state} job in ${queue}`);
  return `${queuePath(queue)}/jobs/${encodeURIComponent(id)}`;
}

const fixed = (path: string) => () => Promise.resolve(path);

const celeryWorkerPath = (tab?: string) =>
  `/sources/${CELERY_E2E.source}/workers/${encodeURIComponent(CELERY_E2E.hostname)}${tab ? `?tab=${tab}` : ''}`;

export const APP_PAGES: readonly AppPage[] = [
  { name: 'overview', path: fixed('/') },
  { name: 'source', path: fixed(`/sources/${SOURCE}`) },
  { name: 'queue-failed', path: fixed(`${queuePath(seeded.emails.name)}?state=failed`) },
  { name: 'queue-completed', path: fixed(`${queuePath(seeded.emails.name)}?state=completed`) },
  { name: 'job-failed', path: (api) => newestJobPath(api, seeded.emails.name, 'failed') },
  { name: 'job-completed', path: (api) => newestJobPath(api, seeded.emails.name, 'completed') },
  { name: 'dead-letters', path: fixed('/dead-letters') },
  { name: 'audit', path: fixed('/audit') },
  {
    name: 'workers',
    path: fixed('/workers'),
  },
  {
    name: 'schedules',
    path: fixed('/schedules'),
  },
  { name: 'celery-source', path: fixed(`/sources/${CELERY_SOURCE}`) },
  { name: 'celery-tasks', path: fixed(`/sources/${CELERY_SOURCE}/tasks`) },
  { name: 'celery-tasks-failed', path: fixed(`/sources/${CELERY_SOURCE}/tasks?state=failed`) },
  { name: 'celery-task-failed', path: fixed(`/sources/${CELERY_SOURCE}/tasks/${celerySeeded.failed}`) },
  { name: 'celery-task-chain', path: fixed(`/sources/${CELERY_SOURCE}/tasks/${celerySeeded.chain[1]}`) },
  // Celery (issue 8): the real worker of e2e/celery-worker.ts.
  { name: 'celery-workers', path: fixed(`/workers?source=${CELERY_E2E.source}`) },
  { name: 'celery-worker-pool', path: fixed(celeryWorkerPath()) },
  { name: 'celery-worker-tasks', path: fixed(celeryWorkerPath('tasks')) },
  { name: 'celery-worker-limits', path: fixed(celeryWorkerPath('limits')) },
  { name: 'celery-worker-stats', path: fixed(celeryWorkerPath('stats')) },
  { name: 'celery-broker', path: fixed(`/sources/${CELERY_E2E.source}/broker`) },
];
