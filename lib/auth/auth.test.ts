import { describe, expect, it } from 'vitest';
import { streamIdTime, toAuditEntry } from './audit';
import { isValidIdempotencyKey, requestFingerprint } from './idempotency';
import { LOCAL_PRINCIPAL, hasRole, resolvePrincipal } from './principal';

describe('principal', () => {
  it('is the local admin while no authentication exists', () => {
    expect(resolvePrincipal(new Request('http://127.0.0.1/'))).toEqual(LOCAL_PRINCIPAL);
    expect(hasRole({ id: 'x', role: 'operator' }, 'operator')).toBe(true);
    expect(hasRole({ id: 'x', role: 'operator' }, 'admin')).toBe(false);
    expect(hasRole({ id: 'x', role: 'viewer' }, 'operator')).toBe(false);
  });
});

describe('idempotency', () => {
  it('fingerprints method, path and body', () => {
    const a = requestFingerprint('POST', '/a', { x: 1 });
    expect(requestFingerprint('POST', '/a', { x: 1 })).toBe(a);
    expect(requestFingerprint('POST', '/a', { x: 2 })).not.toBe(a);
    expect(requestFingerprint('POST', '/b', { x: 1 })).not.toBe(a);
  });
  it('accepts printable keys only', () => {
    expect(isValidIdempotencyKey('abc-123_XYZ')).toBe(true);
    expect(isValidIdempotencyKey('has space')).toBe(false);
    expect(isValidIdempotencyKey('x'.repeat(201))).toBe(false);
  });
});

describe('audit entries', () => {
  it('reads a stored entry with its time from the stream id, and skips junk', () => {
    const stored = {
      principal: { id: 'local', role: 'admin' },
      action: 'job.retry',
      source: 'main',
      target: { queue: 'q', job: '1' },
      params: {},
      result: { ok: true, status: 200, code: null, summary: null },
      idempotencyKey: null,
    };
    expect(toAuditEntry('1700000000000-3', ['entry', JSON.stringify(stored)])).toMatchObject({
      id: '1700000000000-3',
      at: 1_700_000_000_000,
      action: 'job.retry',
    });
    expect(streamIdTime('5-0')).toBe(5);
    expect(toAuditEntry('1-0', ['entry', 'nope'])).toBeNull();
    expect(toAuditEntry('1-0', ['other', '{}'])).toBeNull();
  });
});
