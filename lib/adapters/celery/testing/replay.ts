/**
 * Pre-encoded Celery task events for the ingest bench's publisher. Encoding each event the way
 * `published()` does (object spread, two JSON.stringify, base64 of the body, a UUID) costs tens of
 * microseconds per event on this 2-core machine, which capped the publisher below the rates it was
 * asked for. Here each event kind of each task name / worker is encoded ONCE into a template, and a
 * message is the template's base64 pieces around the few values that change (task id, timestamp,
 * args): base64 encodes each 3 bytes alone, so constant parts that start and end on a multiple of
 * 3 bytes keep their encoding, and only the short variable parts are encoded per message. JSON
 * whitespace pads the constant parts to that boundary (after a `:`, where JSON allows it); the
 * envelope, channel and every field are the ones `published()` gives, as `replay.test.ts` checks.
 */
import { randomUUID } from 'node:crypto';
import type { RawEvent } from './events';
import { published, taskEvents } from './events';

interface Slot {
  name: 'id' | 'ts' | 'args';
  /** Characters of the value as it stands in the JSON (quotes included for strings). */
  width: number;
}

interface Template {
  channel: string;
  /** Base64 of the constant parts, and the slot after each (none after the last). */
  pieces: string[];
  slots: Slot[];
  /** The envelope split around the body and the delivery tag. */
  envelope: [string, string, string];
}

const MARK = { id: '@@ID@@', ts: '@@TS@@', args: '@@ARGS@@', body: '@@BODY@@', tag: '@@TAG@@' } as const;

/** Width of the numbers in `ts` slots: epoch seconds with 7 decimals (18 characters, a multiple of 3). */
const TS_WIDTH = 18;

function b64(text: string): string {
  return Buffer.from(text, 'latin1').toString('base64');
}

function compile(event: RawEvent, db: number, widths: { id: number; args: number }): Template {
  const marked: RawEvent = { ...event, timestamp: MARK.ts };
  if ('uuid' in marked) marked.uuid = MARK.id;
  if ('root_id' in marked) marked.root_id = MARK.id;
  if ('args' in marked) marked.args = MARK.args;
  const { channel, message } = published(marked, db);
  const envelope = JSON.parse(message) as { body: string; properties: { delivery_tag: string } };
  const bodyJson = Buffer.from(envelope.body, 'base64').toString('utf8');
  envelope.body = MARK.body;
  envelope.properties.delivery_tag = MARK.tag;
  const [beforeBody, rest] = JSON.stringify(envelope).split(MARK.body) as [string, string];
  const [betweenBodyAndTag, afterTag] = rest.split(MARK.tag) as [string, string];
  const parts = bodyJson.split(/"(@@(?:ID|TS|ARGS)@@)"/);
  const pieces: string[] = [];
  const slots: Slot[] = [];
  let offset = 0;
  for (let index = 0; index < parts.length; index += 2) {
    let constant = parts[index]!;
    const marker = parts[index + 1];
    if (marker === undefined) {
      pieces.push(b64(constant));
      break;
    }
    const slot: Slot =
      marker === MARK.id ? { name: 'id', width: widths.id + 2 } : marker === MARK.ts ? { name: 'ts', width: TS_WIDTH } : { name: 'args', width: widths.args + 2 };
    if (slot.width % 3 !== 0) throw new Error(`slot ${slot.name} is ${slot.width} characters wide: not a multiple of 3`);
    if (!constant.endsWith(':')) throw new Error('a slot must follow a ":" (where JSON allows padding)');
    constant += ' '.repeat((3 - ((offset + constant.length) % 3)) % 3);
    offset += constant.length + slot.width;
    pieces.push(b64(constant));
    slots.push(slot);
  }
  return { channel, pieces, slots, envelope: [beforeBody, betweenBodyAndTag, afterTag] };
}

export interface ReplayTask {
  /** Exactly `idWidth` characters. */
  id: string;
  /** Epoch seconds. */
  start: number;
  /** Exactly `argsWidth` characters. */
  args: string;
}

/**
 * Encoders for the bench's tasks: `encode(n, task)` gives the 4 messages (task-sent, then
 * task-received / -started / -succeeded as one-item task.multi arrays) of task number `n`, named
 * `bench.task<n % names>` on worker `w<n % workers>@bench`, as `published()` would.
 */
export function taskReplayer(options: { db: number; idWidth: number; argsWidth: number; names?: number; workers?: number }) {
  const names = options.names ?? 20;
  const workers = options.workers ?? 4;
  const templates = new Map<number, Template[]>();
  const sample = (n: number) =>
    taskEvents('x'.repeat(options.idWidth), { name: `bench.task${n % names}`, hostname: `w${n % workers}@bench`, start: 1, args: 'y'.repeat(options.argsWidth) });
  const templatesOf = (n: number) => {
    const key = n % (names * workers);
    let list = templates.get(key);
    if (!list) templates.set(key, (list = sample(n).map((event) => compile(event, options.db, { id: options.idWidth, args: options.argsWidth }))));
    return list;
  };
  return {
    eventsPerTask: 4,
    /** The events `encode` stands for, decoded (for tests). */
    events: (n: number, task: ReplayTask): RawEvent[] =>
      taskEvents(task.id, { name: `bench.task${n % names}`, hostname: `w${n % workers}@bench`, start: task.start, args: task.args }),
    encode(n: number, task: ReplayTask): Array<{ channel: string; message: string }> {
      if (task.id.length !== options.idWidth || task.args.length !== options.argsWidth) throw new Error('id or args of the wrong width');
      const id = b64(`"${task.id}"`);
      const args = b64(`"${task.args}"`);
      return templatesOf(n).map((template, step) => {
        // taskEvents spaces the steps 1 ms apart.
        const ts = b64((task.start + step * 0.001).toFixed(7).padStart(TS_WIDTH, ' '));
        let body = template.pieces[0]!;
        for (let s = 0; s < template.slots.length; s++) {
          const slot = template.slots[s]!;
          body += (slot.name === 'id' ? id : slot.name === 'ts' ? ts : args) + template.pieces[s + 1]!;
        }
        return { channel: template.channel, message: template.envelope[0] + body + template.envelope[1] + randomUUID() + template.envelope[2] };
      });
    },
  };
}
