/**
 * Who may scrape /metrics: anyone who reaches the server, unless YARDMASTER_METRICS_TOKEN is set;
 * then only `Authorization: Bearer <that token>`, compared in constant time (as digests, so the
 * comparison does not leak the token's length either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function metricsAccessAllowed(authorization: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
