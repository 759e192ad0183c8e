import { describe, expect, it } from 'vitest';
import {
  currentCursor,
  decodeRouteParam,
  jobHref,
  nextPageView,
  openingState,
  pageNumber,
  parseJobTab,
  parseQueueView,
  previousPageView,
  queueHref,
  stateView,
} from './routes';

const params = (search: string) => new URLSearchParams(search);

describe('queue view in the URL', () => {
  it('leaves the state to the page when the link names none: the first page, 50 a page', () => {
    expect(parseQueueView(params(''))).toEqual({ state: null, cursors: [], limit: 50 });
  });

  it('ignores a state or limit it does not know instead of failing', () => {
    expect(parseQueueView(params('state=bogus&limit=9999'))).toEqual({ state: null, cursors: [], limit: 50 });
  });

  it('round-trips state, cursor stack and limit through the link', () => {
    const view = { state: 'failed' as const, cursors: ['a b', 'c/d&e'], limit: 20 };
    const href = queueHref('main', 'q', view);
    const parsed = parseQueueView(new URL(href, 'http://x').searchParams);
    expect(parsed).toEqual(view);
    expect(pageNumber(parsed)).toBe(3);
    expect(currentCursor(parsed)).toBe('c/d&e');
  });

  it('pages forward and back by pushing and popping cursors; a new state starts at page 1', () => {
    const first = { state: 'failed' as const, cursors: [], limit: 50 };
    const second = nextPageView(first, 'c1');
    const third = nextPageView(second, 'c2');
    expect(currentCursor(third)).toBe('c2');
    expect(previousPageView(third)).toEqual(second);
    expect(currentCursor(previousPageView(second))).toBeNull();
    expect(stateView(third, 'completed')).toEqual({ state: 'completed', cursors: [], limit: 50 });
  });
});

describe('the state a queue opens on', () => {
  it('is the first state with jobs, failures first', () => {
    expect(openingState({ waiting: 3, failed: 1, completed: 9 })).toBe('failed');
    expect(openingState({ waiting: 3, active: 1 })).toBe('active');
    expect(openingState({ waiting: 0, paused: 8 })).toBe('paused');
    expect(openingState({ 'waiting-children': 1, completed: 0 })).toBe('waiting-children');
    expect(openingState({ delayed: 2, completed: 40 })).toBe('delayed');
    expect(openingState({ completed: 40 })).toBe('completed');
  });

  it('is waiting, where new jobs arrive, for an empty queue', () => {
    expect(openingState({})).toBe('waiting');
    expect(openingState({ failed: 0, waiting: 0 })).toBe('waiting');
  });
});

describe('hrefs', () => {
  it('encodes every segment, so queue names with "/", ":" and spaces stay one segment', () => {
    expect(queueHref('main', 'tenant/acme reports')).toBe('/sources/main/queues/tenant%2Facme%20reports');
    expect(jobHref('main', 'a:b', '7', 'logs')).toBe('/sources/main/queues/a%3Ab/jobs/7?tab=logs');
  });

  it('decodes a route param exactly once and keeps a malformed one as it came', () => {
    expect(decodeRouteParam('tenant%2Facme%20reports')).toBe('tenant/acme reports');
    expect(decodeRouteParam(encodeURIComponent('100%25 done'))).toBe('100%25 done');
    expect(decodeRouteParam('100%')).toBe('100%');
  });

  it('accepts only known job tabs', () => {
    expect(parseJobTab('logs')).toBe('logs');
    expect(parseJobTab('nope')).toBeNull();
    expect(parseJobTab(null)).toBeNull();
  });
});
