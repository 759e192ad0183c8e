import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, pageSecurityHeaders, scriptHash } from './security-headers';

describe('page security headers', () => {
  const base = { nonce: 'abc', scriptHashes: [scriptHash('console.log(1)')] };

  it('allows scripts only by nonce, hash and what they load; never inline or eval in production', () => {
    const csp = contentSecurityPolicy(base);
    const scripts = csp.split('; ').find((part) => part.startsWith('script-src '))!;
    expect(scripts).toContain("'nonce-abc'");
    expect(scripts).toContain("'sha256-");
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain('unsafe-inline');
    expect(scripts).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('forbids framing unless a host app is named', () => {
    expect(pageSecurityHeaders(base)).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
    const framed = pageSecurityHeaders({ ...base, frameAncestors: "'self' https://admin.example.com" });
    expect(framed['x-frame-options']).toBeUndefined();
    expect(framed['content-security-policy']).toContain("frame-ancestors 'self' https://admin.example.com");
  });

  it('hashes the way CSP does and makes a fresh nonce each time', () => {
    // echo -n 'console.log(1)' | openssl dgst -sha256 -binary | base64
    expect(scriptHash('console.log(1)')).toBe('sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M=');
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), 'base64')).toHaveLength(16);
  });
});
