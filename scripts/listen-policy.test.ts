import { describe, expect, it } from 'vitest';
import { checkListenAddress, isLoopbackHost } from './listen-policy';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '127.0.0.256', '127.0.0', '128.0.0.1'])(
    '%s is not loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('checkListenAddress', () => {
  const base = { host: '127.0.0.1', port: '3000', insecure: false, authConfigured: false };

  it('accepts the loopback default without warnings', () => {
    expect(checkListenAddress(base)).toEqual({ ok: true });
  });

  it('refuses a public address without auth and says how to proceed', () => {
    const decision = checkListenAddress({ ...base, host: '0.0.0.0' });
    expect(decision.ok).toBe(false);
    if (!decision.ok) {
      expect(decision.message).toContain('0.0.0.0');
      expect(decision.message).toContain('YARDMASTER_INSECURE=1');
    }
  });

  it('allows a public address with YARDMASTER_INSECURE=1, with a warning', () => {
    const decision = checkListenAddress({ ...base, host: '0.0.0.0', insecure: true });
    expect(decision).toMatchObject({ ok: true, warning: expect.stringContaining('no authentication') });
  });

  it('allows a public address once auth is configured', () => {
    expect(checkListenAddress({ ...base, host: '::', authConfigured: true })).toEqual({ ok: true });
  });

  it.each(['0', '70000', 'abc', ''])('rejects PORT=%s', (port) => {
    expect(checkListenAddress({ ...base, port }).ok).toBe(false);
  });
});
