import { describe, expect, it } from 'vitest';
import { decodeEnvelope, eventsOfMessage } from '../map';
import { published } from './events';
import { taskReplayer } from './replay';

describe('the bench replayer’s pre-encoded events', () => {
  it('decode to exactly the events published() sends, on the same channels, with the same envelope', () => {
    const replayer = taskReplayer({ db: 3, idWidth: 13, argsWidth: 16 });
    for (const n of [0, 1, 7, 19, 79, 80, 12_345]) {
      const task = { id: `r10000-${String(n).padStart(6, '0')}`, start: 1_785_578_400.123 + n, args: `[${100_000_000 + n}, 'x']` };
      const messages = replayer.encode(n, task);
      const expected = replayer.events(n, task);
      expect(messages).toHaveLength(expected.length);
      messages.forEach(({ channel, message }, step) => {
        const reference = published(expected[step]!, 3);
        expect(channel).toBe(reference.channel);
        const [got] = eventsOfMessage(message);
        const [want] = eventsOfMessage(reference.message);
        const { timestamp, ...fields } = got as unknown as Record<string, unknown>;
        const { timestamp: wantTimestamp, ...wantFields } = want as unknown as Record<string, unknown>;
        expect(fields).toEqual(wantFields);
        expect(timestamp as number).toBeCloseTo(wantTimestamp as number, 6);
        // Same envelope: one-item task.multi arrays for worker events, headers, properties (but the tag).
        const envelope = decodeEnvelope(message)!;
        const referenceEnvelope = decodeEnvelope(reference.message)!;
        expect(Array.isArray(envelope.body)).toBe(Array.isArray(referenceEnvelope.body));
        const strip = (text: string) => {
          const raw = JSON.parse(text) as { body: unknown; properties: Record<string, unknown> };
          return { ...raw, body: null, properties: { ...raw.properties, delivery_tag: null } };
        };
        expect(strip(message)).toEqual(strip(reference.message));
      });
    }
  });

  it('refuses widths that would not keep the constant parts on 3-byte boundaries', () => {
    expect(() => taskReplayer({ db: 0, idWidth: 12, argsWidth: 15 }).encode(0, { id: 'x'.repeat(12), start: 1, args: 'y'.repeat(15) })).toThrow(/multiple of 3/);
  });
});
