/**
 * The Tasks page's filter and page, as they live in its URL
 * (`?state=failed&name=&worker=&queue=&since=&until=&text=&cursor=<p2>&cursor=<p3>`), and as the
 * query of GET /sources/{s}/tasks. Pure: parsed and written here only, so a shared link, the page
 * and the API agree on what is shown.
 */
import { JobState } from '@/lib/adapters/types';

export const taskTextFilterKeys = ['name', 'worker', 'queue', 'text', 'since', 'until'] as const;
export type TaskTextFilterKey = (typeof taskTextFilterKeys)[number];

export type TaskFilter = { states: JobState[] } & Record<TaskTextFilterKey, string>;

export const emptyTaskFilter: TaskFilter = { states: [], name: '', worker: '', queue: '', text: '', since: '', until: '' };

export const DEFAULT_TASK_PAGE_SIZE = 50;

interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

/** The filter a URL names; unknown states are dropped (the chips then show "all"). */
export function parseTaskFilter(params: SearchParamsLike): TaskFilter {
  const states = (params.get('state') ?? '')
    .split(',')
    .map((part) => JobState.safeParse(part.trim()))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []));
  const filter: TaskFilter = { ...emptyTaskFilter, states: [...new Set(states)] };
  for (const key of taskTextFilterKeys) filter[key] = (params.get(key) ?? '').trim();
  return filter;
}

export function parseTaskCursors(params: SearchParamsLike): string[] {
  return params.getAll('cursor').filter((cursor) => cursor.length > 0);
}

/** `?…` for a filter and the cursor stack that led to the page shown ('' for the first page of all tasks). */
export function taskSearch(filter: TaskFilter, cursors: readonly string[] = []): string {
  const search = new URLSearchParams();
  if (filter.states.length > 0) search.set('state', filter.states.join(','));
  for (const key of taskTextFilterKeys) {
    const value = filter[key].trim();
    if (value) search.set(key, value);
  }
  for (const cursor of cursors) search.append('cursor', cursor);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The API query of one page: what the filter names, the page's cursor and size. */
export function toTasksQuery(filter: TaskFilter, cursor: string | null, limit = DEFAULT_TASK_PAGE_SIZE): Record<string, string> {
  const query: Record<string, string> = {};
  if (filter.states.length > 0) query.state = filter.states.join(',');
  for (const key of taskTextFilterKeys) {
    const value = filter[key].trim();
    if (value) query[key] = value;
  }
  if (cursor) query.cursor = cursor;
  query.limit = String(limit);
  return query;
}

/** Whether any filter beyond the states is set (the summary then says what a scan looked at). */
export function hasTextFilters(filter: TaskFilter): boolean {
  return taskTextFilterKeys.some((key) => filter[key].trim() !== '');
}
