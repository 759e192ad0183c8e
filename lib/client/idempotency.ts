/**
 * Idempotency keys, one per operator intent: a double click, or "try again" after a network blip,
 * sends the same key so the server applies the action once and replays its answer.
 */
import type { ApiErrorCode } from './api';

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (https or localhost), and a
 * dashboard is often opened over plain http on a LAN, so build it from `getRandomValues`, which
 * every context has.
 */
export function newIdempotencyKey(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether the intent is still open after a failure, so the next attempt must carry the same key:
 * the request may have been applied without the answer reaching us (network error, 5xx, timeout).
 * A definite refusal (4xx: bad input, wrong state, forbidden) closes it: asking again is a new intent.
 */
export function keepsIntentOpen(failure: { code: ApiErrorCode; status: number }): boolean {
  return failure.code === 'network_error' || failure.status === 0 || failure.status >= 500;
}

/**
 * Holds the key of the intent in progress. `current(request)` opens an intent on first use and
 * returns the same key for the same request until `settle` closes it. Another request (other job,
 * other parameters) is another intent: the server answers 409 to one key reused on a different body.
 */
export class IntentKey {
  private key: string | null = null;
  private request: string | null = null;
  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  /** `request` is any stable text naming what is asked (e.g. the JSON of the variables). */
  current(request = ''): string {
    if (this.key === null || this.request !== request) {
      this.key = this.generate();
      this.request = request;
    }
    return this.key;
  }

  /** Start over: the operator deliberately asks again (a second duplicate is a second job). */
  reset(): void {
    this.key = null;
  }

  /** After an answer: success and definite refusals close the intent; lost answers keep it. */
  settle(failure: { code: ApiErrorCode; status: number } | null): void {
    if (failure === null || !keepsIntentOpen(failure)) this.key = null;
  }
}
