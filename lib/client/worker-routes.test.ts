import { describe, expect, it } from 'vitest';
import { parseSourceFilter, parseWorkerTab, workerHref, workersHref } from './worker-routes';

describe('worker page links', () => {
  it('encode the hostname and keep the tab in the URL (pool is the default)', () => {
    expect(workerHref('cel', 'celery@web 1')).toBe('/sources/cel/workers/celery%40web%201');
    expect(workerHref('cel', 'w', 'limits')).toBe('/sources/cel/workers/w?tab=limits');
    expect(workerHref('cel', 'w', 'pool')).toBe('/sources/cel/workers/w');
    expect(workersHref('a/b')).toBe('/workers?source=a%2Fb');
    expect(workersHref(null)).toBe('/workers');
  });

  it('read a tab or a source filter from the URL, anything unknown as the default', () => {
    expect(parseWorkerTab('stats')).toBe('stats');
    expect(parseWorkerTab(['queues', 'x'])).toBe('queues');
    expect(parseWorkerTab('<script>')).toBe('pool');
    expect(parseWorkerTab(undefined)).toBe('pool');
    expect(parseSourceFilter('cel')).toBe('cel');
    expect(parseSourceFilter('')).toBeNull();
  });
});
