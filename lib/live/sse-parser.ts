/**
 * A Server-Sent Events parser (the WHATWG algorithm, minus reconnection) for readers that are not a
 * browser: the tests, the bench, and API consumers in Node. Feed it text as it arrives.
 */
export interface SseMessage {
  /** The id in force after this message (the last one seen on the stream). */
  id: string;
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';
  private lastId = '';
  private event = '';
  private data: string[] = [];
  /** Comment lines seen (heartbeats). */
  comments = 0;

  feed(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      if (line === '') {
        if (this.data.length)
          out.push({ id: this.lastId, event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    }
    return out;
  }
}

/** Read an SSE byte stream to its end, calling `onMessage` for each message; resolves when it ends. */
export async function readSse(
  stream: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage, parser: SseParser) => void,
): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const message of parser.feed(decoder.decode(value, { stream: true }))) onMessage(message, parser);
    }
  } finally {
    reader.releaseLock();
  }
}
