/** Links of the Celery worker and broker pages (issue 8); pure, shared by server and browser. */
import { decodeRouteParam } from './routes';

const enc = encodeURIComponent;

/** The tabs of the worker page, in the order they show (Flower's). */
export const workerTabs = ['pool', 'queues', 'tasks', 'limits', 'config', 'stats'] as const;
export type WorkerTab = (typeof workerTabs)[number];

/** `/workers`, or narrowed to one source (`?source=`). */
export const workersHref = (source?: string | null) => (source ? `/workers?source=${enc(source)}` : '/workers');
export const workerHref = (source: string, worker: string, tab?: WorkerTab) =>
  `/sources/${enc(source)}/workers/${enc(worker)}${tab && tab !== 'pool' ? `?tab=${tab}` : ''}`;
export const brokerHref = (source: string) => `/sources/${enc(source)}/broker`;
/** A Celery task's page (built on the tasks branch). */
export const taskHref = (source: string, task: string) => `/sources/${enc(source)}/tasks/${enc(task)}`;

/** `?tab=` as a tab; anything else is the first one. */
export function parseWorkerTab(value: string | string[] | null | undefined): WorkerTab {
  const text = Array.isArray(value) ? value[0] : value;
  return (workerTabs as readonly string[]).includes(text ?? '') ? (text as WorkerTab) : 'pool';
}

/** `?source=` of the workers page: one source id, or null for all of them. */
export function parseSourceFilter(value: string | string[] | null | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? decodeRouteParam(text) : null;
}
