import { describe, expect, it } from 'vitest';
import {
  metaScanPattern,
  parseJobKey,
  queueKeys,
  queueNameFromMetaKey,
  queueNameFromQueueKey,
} from './keys';

describe('queue discovery keys', () => {
  it('strips prefix and suffix instead of splitting on ":"', () => {
    expect(queueNameFromMetaKey('bull', 'bull:orders:meta')).toBe('orders');
    expect(queueNameFromMetaKey('bull', 'bull:legacy:name:meta')).toBe('legacy:name');
    expect(queueNameFromMetaKey('app:bull', 'app:bull:a b/c:meta')).toBe('a b/c');
    expect(queueNameFromMetaKey('bull', 'other:orders:meta')).toBeNull();
    expect(queueNameFromMetaKey('bull', 'bull::meta')).toBeNull();
    expect(queueNameFromMetaKey('bull', 'bull:orders:metadata')).toBeNull();
  });

  it('escapes glob characters of the prefix in the SCAN pattern', () => {
    expect(metaScanPattern('bull')).toBe('bull:*:meta');
    expect(metaScanPattern('a*b?[c]')).toBe('a\\*b\\?\\[c\\]:*:meta');
  });

  it('names every state key under the prefix', () => {
    expect(queueKeys('p', 'q')).toMatchObject({
      wait: 'p:q:wait',
      waitingChildren: 'p:q:waiting-children',
      repeat: 'p:q:repeat',
    });
  });
});

describe('parseJobKey', () => {
  it('prefers the longest known queue so ids and names may both contain ":"', () => {
    expect(
      parseJobKey('bull', 'bull:legacy:name:repeat:s:1700', ['legacy', 'legacy:name']),
    ).toEqual({
      queue: 'legacy:name',
      id: 'repeat:s:1700',
    });
    expect(parseJobKey('bull', 'bull:orders:repeat:s:1700', ['orders'])).toEqual({
      queue: 'orders',
      id: 'repeat:s:1700',
    });
  });

  it('falls back to the first ":" for queues it has not discovered', () => {
    expect(parseJobKey('bull', 'bull:new:42', [])).toEqual({ queue: 'new', id: '42' });
    expect(parseJobKey('bull', 'other:new:42', [])).toBeNull();
    expect(parseJobKey('bull', 'bull:nocolon', [])).toBeNull();
  });

  it('reads the queueKey of a parent reference', () => {
    expect(queueNameFromQueueKey('app:bull', 'app:bull:a b/c')).toBe('a b/c');
    expect(queueNameFromQueueKey('bull', 'elsewhere:q')).toBeNull();
  });
});
