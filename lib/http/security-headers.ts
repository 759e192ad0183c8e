/**
 * The security headers every page carries. Scripts run only with the per-request nonce (Next puts
 * it on its own scripts when it finds it in the request's CSP) or, for the constant theme boot
 * script, its hash; `'strict-dynamic'` lets those load the app's chunks. Styles allow inline
 * because React writes `style` attributes (bar widths); no script can be injected through them.
 *
 * `frameAncestors` is `'none'` unless the host app that mounts Yardmaster should frame it
 * (YARDMASTER_FRAME_ANCESTORS, e.g. `'self' https://admin.example.com`).
 */
import { createHash } from 'node:crypto';

export interface SecurityHeaderOptions {
  nonce: string;
  /** Hashes (`sha256-…`) of inline scripts the app writes itself. */
  scriptHashes: readonly string[];
  frameAncestors?: string;
  /** Development needs eval for React's debugging. */
  development?: boolean;
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const scripts = [
    "'self'",
    `'nonce-${options.nonce}'`,
    ...options.scriptHashes.map((hash) => `'${hash}'`),
    "'strict-dynamic'",
    ...(options.development ? ["'unsafe-eval'"] : []),
  ];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors?.trim() || "'none'"}`,
  ].join('; ');
}

/** Headers for a page response (CSP included). */
export function pageSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const framed = Boolean(options.frameAncestors?.trim());
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    // Old browsers that ignore frame-ancestors; only when framing is not allowed at all.
    ...(framed ? {} : { 'x-frame-options': 'DENY' }),
    'cross-origin-opener-policy': 'same-origin',
  };
}

export function scriptHash(source: string): string {
  return `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`;
}

/** 128 random bits, base64: unguessable per request. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
