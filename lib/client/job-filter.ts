/**
 * The job filter an operator types (queue search, matching actions, dead letters) and how it maps
 * to the API: one form, one mapping, so the search shows exactly the set an action will touch.
 */
import type { z } from 'zod';
import { MAX_SCAN_LIMIT, matchingStates } from '@/lib/api/schemas';
import type { DeadLetterRetryBody, MatchingActionBody } from '@/lib/api/schemas';

export type MatchingState = (typeof matchingStates)[number];

/** Form fields as typed: strings, empty meaning "any". */
export interface JobFilterForm {
  state: MatchingState;
  /** Substring of id, name or data. */
  text: string;
  /** Exact job name. */
  name: string;
  /** Substring of the failure reason. */
  reason: string;
  /** Ids separated by commas, spaces or new lines. */
  ids: string;
  /** `datetime-local` values (local time), inclusive. */
  from: string;
  to: string;
  scanLimit: number;
}

export const DEFAULT_SCAN_LIMIT = 10_000;
/** The API's ceiling for `scanLimit`, re-exported for the form. */
export { MAX_SCAN_LIMIT };

export const emptyJobFilterForm = (state: MatchingState = 'failed'): JobFilterForm => ({
  state,
  text: '',
  name: '',
  reason: '',
  ids: '',
  from: '',
  to: '',
  scanLimit: DEFAULT_SCAN_LIMIT,
});

export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Epoch ms of a `datetime-local` value, or undefined when empty or not a date. */
export function parseLocalTime(value: string): number | undefined {
  if (!value.trim()) return undefined;
  const at = new Date(value).getTime();
  return Number.isFinite(at) && at >= 0 ? at : undefined;
}

const given = (value: string): string | undefined => value.trim() || undefined;

type JobFilterBody = NonNullable<z.input<typeof MatchingActionBody>['filter']>;

/** The filter fields of a matching action body; fields left empty are absent (they match all). */
export function toJobFilter(form: JobFilterForm): JobFilterBody {
  const filter: JobFilterBody = {};
  const q = given(form.text);
  const name = given(form.name);
  const reason = given(form.reason);
  const ids = parseIds(form.ids);
  const from = parseLocalTime(form.from);
  const to = parseLocalTime(form.to);
  if (q) filter.q = q;
  if (name) filter.name = name;
  if (reason) filter.reason = reason;
  if (ids.length) filter.ids = ids;
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  return filter;
}

/** Query of `GET .../search`: the same filter, flattened (ids comma-separated). */
export function toSearchQuery(
  form: JobFilterForm,
  limit = 50,
): Record<string, string | number | undefined> {
  const { ids, ...filter } = toJobFilter(form);
  return { state: form.state, ...filter, ids: ids?.join(','), scanLimit: form.scanLimit, limit };
}

/** Body of `POST .../{retry|remove|promote}-matching` that acts on what the search showed. */
export function toMatchingBody(
  form: JobFilterForm,
  dryRun = false,
): z.input<typeof MatchingActionBody> {
  return { state: form.state, filter: toJobFilter(form), scanLimit: form.scanLimit, dryRun };
}

/** Whether the form narrows anything; an empty filter means "every job of the state". */
export function isFilterEmpty(form: JobFilterForm): boolean {
  return Object.keys(toJobFilter(form)).length === 0;
}

// ---- the queue page's search in its URL -------------------------------------------------
// `?search=<state>&q=&name=&reason=&ids=&from=&to=&scan=`, beside the job list's own `state`,
// `cursor` and `limit`. `search` present means a search was run; empty fields are left out.

interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

const searchParamOf = {
  state: 'search',
  text: 'q',
  name: 'name',
  reason: 'reason',
  ids: 'ids',
  from: 'from',
  to: 'to',
  scanLimit: 'scan',
} as const satisfies Record<keyof JobFilterForm, string>;

const isMatchingState = (value: string | null): value is MatchingState =>
  (matchingStates as readonly (string | null)[]).includes(value);

/** The search the URL holds, or null when none was run (or its state is not one we search). */
export function parseJobSearch(params: SearchParamsLike): JobFilterForm | null {
  const state = params.get(searchParamOf.state);
  if (!isMatchingState(state)) return null;
  const text = (key: Exclude<keyof JobFilterForm, 'state' | 'scanLimit'>) =>
    params.get(searchParamOf[key]) ?? '';
  const scan = Number(params.get(searchParamOf.scanLimit));
  return {
    state,
    text: text('text'),
    name: text('name'),
    reason: text('reason'),
    ids: text('ids'),
    from: text('from'),
    to: text('to'),
    scanLimit:
      Number.isInteger(scan) && scan >= 1 && scan <= MAX_SCAN_LIMIT ? scan : DEFAULT_SCAN_LIMIT,
  };
}

/**
 * `current` (the page's own params kept) with the search replaced by `form`, or removed when
 * `form` is null; `?…` or '' for none.
 */
export function withJobSearch(
  current: Iterable<[string, string]>,
  form: JobFilterForm | null,
): string {
  const next = new URLSearchParams([...current]);
  for (const key of Object.values(searchParamOf)) next.delete(key);
  if (form) {
    next.set(searchParamOf.state, form.state);
    for (const key of ['text', 'name', 'reason', 'ids', 'from', 'to'] as const) {
      const value = form[key].trim();
      if (value) next.set(searchParamOf[key], value);
    }
    if (form.scanLimit !== DEFAULT_SCAN_LIMIT)
      next.set(searchParamOf.scanLimit, String(form.scanLimit));
  }
  return searchText(next);
}

const searchText = (params: URLSearchParams): string => {
  const text = params.toString();
  return text ? `?${text}` : '';
};

// ---- pages of a cursor-paged list in the URL (dead letters, audit): ?cursor=<p2>&cursor=<p3> ----
// The whole stack of cursors that led to the page shown, so "newer" works on a shared link too.

export function parseCursors(params: SearchParamsLike): string[] {
  return params.getAll('cursor').filter((cursor) => cursor.length > 0);
}

/** `params` with its cursor stack replaced by `cursors`. */
export function withCursors(params: URLSearchParams, cursors: readonly string[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('cursor');
  for (const cursor of cursors) next.append('cursor', cursor);
  return next;
}

/** `?cursor=…` of one page of a list with no other state (the audit log). */
export const cursorSearch = (cursors: readonly string[]): string =>
  searchText(withCursors(new URLSearchParams(), cursors));

// ---- dead letters: source, queue, name and reason ---------------------------------------

export interface DeadLetterFilter {
  source: string;
  queue: string;
  name: string;
  reason: string;
}

export const deadLetterFilterKeys = ['source', 'queue', 'name', 'reason'] as const;

export function parseDeadLetterFilter(params: {
  get(name: string): string | null;
}): DeadLetterFilter {
  return {
    source: params.get('source') ?? '',
    queue: params.get('queue') ?? '',
    name: params.get('name') ?? '',
    reason: params.get('reason') ?? '',
  };
}

/**
 * `?source=&queue=&name=&reason=&cursor=…` with empty fields left out, for links and the list
 * query; `cursors` (the page, see parseCursors) default to the first page.
 */
export function deadLetterSearch(
  filter: DeadLetterFilter,
  cursors: readonly string[] = [],
): string {
  const search = new URLSearchParams();
  for (const key of deadLetterFilterKeys) {
    const value = filter[key].trim();
    if (value) search.set(key, value);
  }
  return searchText(withCursors(search, cursors));
}

export function toDeadLetterQuery(filter: DeadLetterFilter): Record<string, string | undefined> {
  return {
    source: given(filter.source),
    queue: given(filter.queue),
    name: given(filter.name),
    reason: given(filter.reason),
  };
}

/** Body of `POST /dead-letters/retry` for exactly the jobs the list shows under this filter. */
export function toDeadLetterRetryBody(
  filter: DeadLetterFilter,
  dryRun: boolean,
): z.input<typeof DeadLetterRetryBody> {
  const { source, queue, name, reason } = toDeadLetterQuery(filter);
  return {
    ...(source ? { source } : {}),
    ...(queue ? { queue } : {}),
    filter: { ...(name ? { name } : {}), ...(reason ? { reason } : {}) },
    dryRun,
  };
}
