import { describe, expect, it } from 'vitest';
import { formatEventId, parseEventId, sseComment, sseEvent, sseRetry } from './sse';
import { SseParser } from './sse-parser';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('SSE framing', () => {
  it('writes events the parser (and EventSource) reads back, data on one line', () => {
    const parser = new SseParser();
    const wire =
      text(sseRetry(3000)) +
      text(sseEvent('e1-1', 'counts', { note: 'line\nbreak', n: 1 })) +
      text(sseComment('heart\nbeat')) +
      text(sseEvent(null, 'hello', { a: 1 }));
    // Fed in awkward pieces, as a network delivers it.
    const messages = [...parser.feed(wire.slice(0, 17)), ...parser.feed(wire.slice(17))];
    expect(messages).toEqual([
      { id: 'e1-1', event: 'counts', data: '{"note":"line\\nbreak","n":1}' },
      // No id line: the last id stays in force.
      { id: 'e1-1', event: 'hello', data: '{"a":1}' },
    ]);
    expect(parser.comments).toBe(1);
  });

  it('formats and parses hub ids, refusing anything else', () => {
    expect(parseEventId(formatEventId('abc123', 42))).toEqual({ epoch: 'abc123', seq: 42 });
    expect(parseEventId('nonsense')).toBeNull();
    expect(parseEventId('')).toBeNull();
    expect(parseEventId('1700000000000-0-1')).toBeNull();
  });
});
