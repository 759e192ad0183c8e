/** Server-Sent Events framing (WHATWG HTML §9.2): one UTF-8 block per event, ended by a blank line. */
const encoder = new TextEncoder();

/**
 * An event with a name and a JSON body, and an id unless null (EventSource then keeps the last id it
 * saw). `data` is one line: JSON.stringify never emits a raw newline.
 */
export function sseEvent(id: string | null, event: string, data: unknown): Uint8Array {
  const idLine = id === null ? '' : `id: ${id}\n`;
  return encoder.encode(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** A comment line: ignored by EventSource, keeps proxies and load balancers from closing the stream. */
export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
}

/** How long EventSource waits before reconnecting, ms. */
export function sseRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${Math.max(0, Math.round(ms))}\n\n`);
}

/** `<epoch>-<seq>`: ids of one hub; another epoch means another server process. */
export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}-${seq}`;
}

export function parseEventId(id: string | null | undefined): { epoch: string; seq: number } | null {
  if (!id) return null;
  const match = /^([a-z0-9]+)-(\d{1,15})$/.exec(id.trim());
  return match ? { epoch: match[1]!, seq: Number(match[2]) } : null;
}
