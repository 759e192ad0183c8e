/**
 * Decoding payloads through a codec server, the Temporal UI's protocol: `POST <endpoint>/decode`
 * with `{"payloads": [{metadata: {k: base64}, data: base64}]}` in proto3 JSON, answered in the same
 * shape, header `X-Namespace`, and `Authorization: Bearer <API key>` only when `passAccessToken` is
 * set (https endpoints only, enforced by the config). Every payload of one gRPC response goes in ONE
 * request: the SDK's generated payload visitor (`@temporalio/proto`) finds them, a first walk
 * collects, a second puts the decoded ones in place. A codec server that fails or is down leaves the
 * payloads as they were (shown as undecoded) and says so in `codecError`; it never fails the read.
 */
import 'server-only';
import type { temporal } from '@temporalio/proto';
import type { WalkEnv } from '@temporalio/proto/lib/payload-visitor.generated';
import type { JsonPayload, ProtoPayload } from './payloads';
import { fromJsonPayload, toJsonPayload } from './payloads';

type Payload = temporal.api.common.v1.IPayload;
export type PayloadWalker<T> = (root: T, env: WalkEnv<null>, context: null) => Promise<unknown>[];

export interface CodecOptions {
  endpoint: string;
  passAccessToken: boolean;
  apiKey?: string;
  timeoutMs: number;
}

export interface CodecOutcome {
  /** Payloads sent for decoding (0 when none was there or no codec is set). */
  decoded: number;
  /** Why the codec server's answer was not used, when it was not. */
  codecError: string | null;
}

export class CodecClient {
  constructor(private readonly options: CodecOptions) {}

  /** `POST <endpoint>/decode`: the decoded payloads, in order, or an error message. */
  async decode(namespace: string, payloads: ProtoPayload[]): Promise<ProtoPayload[]> {
    if (payloads.length === 0) return [];
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-namespace': namespace };
    if (this.options.passAccessToken && this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const url = `${this.options.endpoint.replace(/\/+$/, '')}/decode`;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ payloads: payloads.map(toJsonPayload) }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`codec server answered ${response.status}`);
    const body = (await response.json()) as { payloads?: JsonPayload[] };
    if (!Array.isArray(body.payloads) || body.payloads.length !== payloads.length) {
      throw new Error(`codec server answered ${body.payloads?.length ?? 'no'} payloads for ${payloads.length}`);
    }
    return body.payloads.map(fromJsonPayload);
  }

  /** Decode every payload of `root` (a gRPC response) in place with one codec request. */
  async decodeIn<T>(namespace: string, root: T, walk: PayloadWalker<T>): Promise<CodecOutcome> {
    const found: Payload[] = [];
    await Promise.all(walk(root, collectingEnv(found), null));
    if (found.length === 0) return { decoded: 0, codecError: null };
    let decoded: ProtoPayload[];
    try {
      decoded = await this.decode(namespace, found);
    } catch (error) {
      return { decoded: 0, codecError: error instanceof Error ? error.message : String(error) };
    }
    const replacement = new Map<Payload, Payload>(found.map((payload, index) => [payload, decoded[index]!]));
    await Promise.all(walk(root, replacingEnv(replacement), null));
    return { decoded: found.length, codecError: null };
  }
}

function collectingEnv(found: Payload[]): WalkEnv<null> {
  return {
    skipHeaders: true,
    skipSearchAttributes: true,
    transformPayload: async (payload) => (found.push(payload), payload),
    transformPayloads: async (payloads) => (found.push(...payloads), payloads),
  };
}

function replacingEnv(replacement: Map<Payload, Payload>): WalkEnv<null> {
  return {
    skipHeaders: true,
    skipSearchAttributes: true,
    transformPayload: async (payload) => replacement.get(payload) ?? payload,
    transformPayloads: async (payloads) => payloads.map((payload) => replacement.get(payload) ?? payload),
  };
}
