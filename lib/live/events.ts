/**
 * The live feed's wire contract: every event `GET /api/v1/events` sends, as zod schemas shared by the
 * hub (which builds them) and the browser (which parses them). Pure module: safe in the browser.
 */
import { z } from 'zod';
import { JobState, Progress, Queue, Worker } from '@/lib/adapters/types';

/** A queue's facts without `workerCount` unless the snapshot that produced them knew it. */
export const LiveQueue = Queue.omit({ workerCount: true }).extend({
  workerCount: z.number().int().nonnegative().nullable().optional(),
});

const queueChanges = [
  'paused',
  'resumed',
  'cleaned',
  'drained',
  'rate-limited',
  'rate-limit-lifted',
] as const;

export const LiveEvent = z.discriminatedUnion('type', [
  /** First event of every connection; its id is the point a reconnect resumes from. */
  z.object({
    type: z.literal('hello'),
    /** Sources the connection watches: whether they have a live feed, and their state if known. */
    sources: z.array(
      z.object({
        id: z.string(),
        live: z.boolean(),
        status: z.enum(['up', 'down']).nullable(),
      }),
    ),
  }),
  /** A queue's counts (and paused flag, limits) changed; at most a few per second per queue. */
  z.object({ type: z.literal('counts'), source: z.string(), queue: LiveQueue }),
  /** Job lists of these states changed in this queue; coalesced like counts. */
  z.object({
    type: z.literal('jobs'),
    source: z.string(),
    queue: z.string(),
    states: z.array(JobState),
  }),
  /** One job changed state or reported progress (never coalesced). */
  z.object({
    type: z.literal('job'),
    source: z.string(),
    queue: z.string(),
    id: z.string(),
    event: z.string(),
    state: JobState.nullable(),
    progress: Progress.optional(),
    failedReason: z.string().nullable().optional(),
    at: z.number().nullable(),
  }),
  z.object({
    type: z.literal('queue'),
    source: z.string(),
    queue: z.string(),
    change: z.enum(queueChanges),
  }),
  z.object({
    type: z.literal('source'),
    source: z.string(),
    status: z.enum(['up', 'down']),
    error: z.string().optional(),
  }),
  /**
   * Every worker of a source as it is now (online/offline, last heartbeat, load), when that changed;
   * at most one per source per coalescing period. Sources whose upstream reports workers only.
   */
  z.object({ type: z.literal('workers'), source: z.string(), workers: z.array(Worker) }),
  /** Events were missed (resume point too old, or the server restarted): refetch what you show. */
  z.object({ type: z.literal('reset'), reason: z.string() }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
export type LiveEventType = LiveEvent['type'];
export const liveEventTypes = LiveEvent.options.map(
  (option) => option.shape.type.value,
) as readonly LiveEventType[];
