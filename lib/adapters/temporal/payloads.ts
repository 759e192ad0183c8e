/**
 * Temporal payloads as text: the standard payload converters' encodings (`binary/null`,
 * `json/plain`, `json/protobuf`, `binary/plain`, `binary/protobuf`) decoded without the user's code,
 * and anything else (an encrypted or compressed payload no codec server decoded) described instead of
 * shown as bytes. Pure: the codec server call is in codec.ts.
 */
import type { temporal } from '@temporalio/proto';

export type ProtoPayload = temporal.api.common.v1.IPayload;

/** A payload in the proto3-JSON form the codec server protocol and history JSON files use. */
export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export type DecodedPayload =
  | { kind: 'json'; encoding: string; value: unknown }
  | { kind: 'null'; encoding: string }
  | { kind: 'binary'; encoding: string; base64: string; bytes: number; messageType: string | null }
  /** An encoding no converter here knows (e.g. `binary/encrypted` without a codec server). */
  | { kind: 'opaque'; encoding: string; base64: string; bytes: number };

const textOf = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : '');

export function metadataText(payload: ProtoPayload, key: string): string | null {
  const value = payload.metadata?.[key];
  return value ? textOf(value) : null;
}

export function decodePayload(payload: ProtoPayload | null | undefined): DecodedPayload {
  if (!payload) return { kind: 'null', encoding: 'binary/null' };
  const encoding = metadataText(payload, 'encoding') ?? '';
  const data = payload.data ? Buffer.from(payload.data) : Buffer.alloc(0);
  switch (encoding) {
    case 'binary/null':
      return { kind: 'null', encoding };
    case 'json/plain':
    case 'json/protobuf': {
      const text = data.toString('utf8');
      try {
        return { kind: 'json', encoding, value: JSON.parse(text) as unknown };
      } catch {
        return { kind: 'opaque', encoding, base64: data.toString('base64'), bytes: data.length };
      }
    }
    case 'binary/plain':
    case 'binary/protobuf':
      return {
        kind: 'binary',
        encoding,
        base64: data.toString('base64'),
        bytes: data.length,
        messageType: metadataText(payload, 'messageType'),
      };
    default:
      return { kind: 'opaque', encoding: encoding || '(none)', base64: data.toString('base64'), bytes: data.length };
  }
}

/** What a decoded payload looks like as a JSON value (for detail views and the raw history). */
export function payloadValue(decoded: DecodedPayload): unknown {
  switch (decoded.kind) {
    case 'json':
      return decoded.value;
    case 'null':
      return null;
    case 'binary':
      return { encoding: decoded.encoding, messageType: decoded.messageType, bytes: decoded.bytes, base64: decoded.base64 };
    case 'opaque':
      return { encoding: decoded.encoding, undecoded: true, bytes: decoded.bytes, base64: decoded.base64 };
  }
}

export const payloadsValue = (payloads: ProtoPayload[] | null | undefined): unknown[] =>
  (payloads ?? []).map((payload) => payloadValue(decodePayload(payload)));

export function toJsonPayload(payload: ProtoPayload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[key] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: payload.data ? Buffer.from(payload.data).toString('base64') : '' };
}

export function fromJsonPayload(json: JsonPayload): ProtoPayload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(json.metadata ?? {})) metadata[key] = Buffer.from(value, 'base64');
  return { metadata, data: Buffer.from(json.data ?? '', 'base64') };
}

/** A JSON value as the default converter encodes it (`json/plain`; `binary/null` for undefined). */
export function encodeJsonPayload(value: unknown): ProtoPayload {
  if (value === undefined) return { metadata: { encoding: Buffer.from('binary/null') } };
  return { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value), 'utf8') };
}
