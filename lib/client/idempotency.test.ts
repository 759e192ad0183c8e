import { describe, expect, it } from 'vitest';
import { IntentKey, keepsIntentOpen, newIdempotencyKey } from './idempotency';

describe('newIdempotencyKey', () => {
  it('is a version 4 UUID, different each call', () => {
    const first = newIdempotencyKey();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(first);
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(newIdempotencyKey((bytes) => bytes.fill(0xff))).toBe(
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
    );
    expect(newIdempotencyKey((bytes) => bytes.fill(0))).toBe(
      '00000000-0000-4000-8000-000000000000',
    );
  });
});

describe('keepsIntentOpen', () => {
  it('keeps the intent when the answer may have been lost', () => {
    expect(keepsIntentOpen({ code: 'network_error', status: 0 })).toBe(true);
    expect(keepsIntentOpen({ code: 'source_unavailable', status: 503 })).toBe(true);
    expect(keepsIntentOpen({ code: 'internal', status: 500 })).toBe(true);
  });

  it('closes it on a definite refusal', () => {
    expect(keepsIntentOpen({ code: 'conflict', status: 409 })).toBe(false);
    expect(keepsIntentOpen({ code: 'bad_request', status: 400 })).toBe(false);
    expect(keepsIntentOpen({ code: 'forbidden', status: 403 })).toBe(false);
  });
});

describe('IntentKey', () => {
  const counter = () => {
    let n = 0;
    return () => `key-${(n += 1)}`;
  };

  it('gives the same key to every attempt of one intent (double click)', () => {
    const intent = new IntentKey(counter());
    expect(intent.current()).toBe('key-1');
    expect(intent.current()).toBe('key-1');
  });

  it('keeps the key for a retry after a lost answer, and starts a new one after success', () => {
    const intent = new IntentKey(counter());
    intent.current();
    intent.settle({ code: 'network_error', status: 0 });
    expect(intent.current()).toBe('key-1');
    intent.settle(null);
    expect(intent.current()).toBe('key-2');
  });

  it('gives another request its own key, and the first one back its own only while open', () => {
    const intent = new IntentKey(counter());
    expect(intent.current('retry 1')).toBe('key-1');
    expect(intent.current('retry 2')).toBe('key-2');
    expect(intent.current('retry 2')).toBe('key-2');
    expect(intent.current('retry 1')).toBe('key-3');
  });

  it('starts a new key after a refusal or an explicit reset', () => {
    const intent = new IntentKey(counter());
    intent.current();
    intent.settle({ code: 'conflict', status: 409 });
    expect(intent.current()).toBe('key-2');
    intent.reset();
    expect(intent.current()).toBe('key-3');
  });
});
