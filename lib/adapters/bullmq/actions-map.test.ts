import { describe, expect, it } from 'vitest';
import {
  duplicateOptions,
  filterNeedsFields,
  isLifo,
  matchesSmallFields,
  windowTime,
} from './actions-map';

describe('duplicateOptions', () => {
  it('keeps behaviour options and drops what names the original', () => {
    expect(
      duplicateOptions({
        jobId: 'a',
        attempts: 3,
        backoff: { type: 'fixed', delay: 5 },
        priority: 2,
        repeatJobKey: 'r',
        parent: { id: 'p', queue: 'bull:q' },
        deduplication: { id: 'd' },
        de: { id: 'd' },
        removeOnComplete: true,
      }),
    ).toEqual({
      attempts: 3,
      backoff: { type: 'fixed', delay: 5 },
      priority: 2,
      removeOnComplete: true,
    });
  });
});

describe('matchesSmallFields', () => {
  const fields = { name: 'send', failedReason: 'SMTP 451', finishedOn: '2000', timestamp: '1000' };
  it('applies name, reason and the time window to the state-appropriate time', () => {
    expect(matchesSmallFields('1', 'failed', fields, { name: 'send', reason: 'SMTP' })).toBe('yes');
    expect(matchesSmallFields('1', 'failed', fields, { name: 'other' })).toBe('no');
    expect(matchesSmallFields('1', 'failed', fields, { reason: 'ECONN' })).toBe('no');
    expect(matchesSmallFields('1', 'failed', fields, { from: 1500, to: 2500 })).toBe('yes');
    expect(matchesSmallFields('1', 'waiting', fields, { from: 1500 })).toBe('no');
  });
  it('matches q on id or name, and asks for the data otherwise', () => {
    expect(matchesSmallFields('order-17', 'failed', fields, { q: 'order' })).toBe('yes');
    expect(matchesSmallFields('1', 'failed', fields, { q: 'sen' })).toBe('yes');
    expect(matchesSmallFields('1', 'failed', fields, { q: 'customer' })).toBe('needs-data');
    expect(matchesSmallFields('1', 'failed', fields, { name: 'x', q: 'customer' })).toBe('no');
  });
});

describe('small helpers', () => {
  it('reads window times, filter needs and lifo', () => {
    expect(windowTime('completed', { finishedOn: '5', timestamp: '1' })).toBe(5);
    expect(windowTime('delayed', { finishedOn: '5', timestamp: '1' })).toBe(1);
    expect(filterNeedsFields({})).toBe(false);
    expect(filterNeedsFields({ ids: ['1'] })).toBe(false);
    expect(filterNeedsFields({ reason: 'x' })).toBe(true);
    expect(isLifo('{"lifo":true}')).toBe(true);
    expect(isLifo('{"attempts":1}')).toBe(false);
    expect(isLifo('not json')).toBe(false);
  });
});
