/**
 * Links between pages and the state a page keeps in its URL, so every view is a shareable link.
 * Hrefs are relative to the app root; next/link adds the base path.
 */
import { JobState, jobStates } from '@/lib/adapters/types';
import { taskHref, workerHref, workersHref } from './worker-routes';

const enc = encodeURIComponent;

export const overviewHref = () => '/';
export const sourceHref = (source: string) => `/sources/${enc(source)}`;
export const queueHref = (source: string, queue: string, view?: Partial<QueueView>) =>
  `${sourceHref(source)}/queues/${enc(queue)}${view ? queueSearch(view) : ''}`;
export const jobHref = (source: string, queue: string, job: string, tab?: JobTab) =>
  `${sourceHref(source)}/queues/${enc(queue)}/jobs/${enc(job)}${tab ? `?tab=${tab}` : ''}`;
/** A Celery source's task list; `search` from task-filter.ts's taskSearch. */
export const tasksHref = (source: string, search = '') => `${sourceHref(source)}/tasks${search}`;
// The Celery workers, worker and broker pages' own links (worker-routes.ts), under the names the
// task pages use.
export { brokerHref, taskHref } from './worker-routes';
/** One source's workers: the workers page narrowed to it. */
export const sourceWorkersHref = (source: string) => workersHref(source);
export const sourceWorkerHref = (source: string, worker: string) => workerHref(source, worker);
/** Where a job of a source opens: a Celery task on its task page, anything else on the job page. */
export const jobOrTaskHref = (kind: string | undefined, source: string, queue: string, job: string) =>
  kind === 'celery' ? taskHref(source, job) : jobHref(source, queue, job);

// ---- queue page: ?state=failed&cursor=<page 2>&cursor=<page 3>&limit=50 ----------------

export const DEFAULT_PAGE_SIZE = 50;

/**
 * `cursors` is the stack of cursors that led to the current page: empty on page 1, the last one
 * is the page shown. Keeping the whole stack in the URL makes "previous" work on a shared link.
 */
export interface QueueView {
  state: JobState;
  cursors: string[];
  limit: number;
}

/** A queue view as its link asks for it: `state` is null when the link names none. */
export interface QueueViewRequest extends Omit<QueueView, 'state'> {
  state: JobState | null;
}

interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export function parseQueueView(params: SearchParamsLike): QueueViewRequest {
  const state = JobState.safeParse(params.get('state'));
  const limit = Number(params.get('limit'));
  return {
    state: state.success ? state.data : null,
    cursors: params.getAll('cursor').filter((cursor) => cursor.length > 0),
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 500 ? limit : DEFAULT_PAGE_SIZE,
  };
}

/**
 * Where an operator looks first when a link names no state: what broke, what runs, what waits to
 * run (ready, prioritized, held by a pause, delayed, a flow parent waiting for its children), and
 * only then what finished well. A queue opens on the first of these that has jobs.
 */
export const openingStateOrder: readonly JobState[] = [
  'failed',
  'active',
  'waiting',
  'prioritized',
  'paused',
  'delayed',
  'waiting-children',
  'completed',
  'cancelled',
];

/** The state a queue opens on: the first non-empty one in `openingStateOrder`; waiting when all are empty. */
export function openingState(counts: Partial<Record<JobState, number>>): JobState {
  return openingStateOrder.find((state) => (counts[state] ?? 0) > 0) ?? 'waiting';
}

export function queueSearch(view: Partial<QueueView>): string {
  const search = new URLSearchParams();
  if (view.state) search.set('state', view.state);
  for (const cursor of view.cursors ?? []) search.append('cursor', cursor);
  if (view.limit && view.limit !== DEFAULT_PAGE_SIZE) search.set('limit', String(view.limit));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const currentCursor = (view: Pick<QueueView, 'cursors'>): string | null => view.cursors.at(-1) ?? null;
export const pageNumber = (view: Pick<QueueView, 'cursors'>): number => view.cursors.length + 1;
export const nextPageView = (view: QueueView, nextCursor: string): QueueView => ({
  ...view,
  cursors: [...view.cursors, nextCursor],
});
export const previousPageView = (view: QueueView): QueueView => ({ ...view, cursors: view.cursors.slice(0, -1) });
export const stateView = (view: QueueView, state: JobState): QueueView => ({ ...view, state, cursors: [] });

// ---- job page: ?tab=logs --------------------------------------------------------------

export const jobTabs = ['data', 'options', 'logs', 'error', 'return', 'timeline', 'flow'] as const;
export type JobTab = (typeof jobTabs)[number];

export function parseJobTab(value: string | null): JobTab | null {
  return (jobTabs as readonly string[]).includes(value ?? '') ? (value as JobTab) : null;
}

export { jobStates };

/**
 * A dynamic segment as a page component receives it: still percent-encoded (Next 16 hands
 * `generateMetadata` the decoded value but the page the raw one). Decode exactly once, so a
 * queue named "100%" survives; a malformed escape is kept as it came.
 */
export function decodeRouteParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
