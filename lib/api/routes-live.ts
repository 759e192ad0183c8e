/**
 * GET /api/v1/events — the live feed as Server-Sent Events (lib/live/hub.ts). Written against the
 * route table's `ApiRoute` directly because it answers a streaming `Response`, not a JSON body.
 */
import { z } from 'zod';
import { liveHubFor } from '@/lib/live/global';
import { LiveEvent } from '@/lib/live/events';
import { parseTopicList } from '@/lib/live/topics';
import type { ApiRoute } from './define-route';
import { ApiError } from './errors';
import { requireSource } from './source-access';

const EventsQuery = z.object({
  topics: z
    .string()
    .min(1)
    .max(20_000)
    .describe(
      'Comma-separated topics, each made of URL-encoded segments: `main`, `main/emails`, ' +
        '`main/job/emails/42`, `main/jobs/emails` (every job event of a queue).',
    ),
  lastEventId: z
    .string()
    .max(100)
    .optional()
    .describe('Resume point when the `Last-Event-ID` header cannot be sent (a new page load).'),
});

/**
 * Headers that keep every hop from holding the stream back: no caching, no transformation (Next's
 * `compress` skips a `no-transform` response, and so do most proxies), and nginx's buffering off.
 */
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
} as const;

export const liveRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/events',
    tag: 'live',
    summary:
      'Live feed: Server-Sent Events for the given topics (counts, job steps, source status)',
    description:
      'A `text/event-stream`; each `data:` line is one JSON event of the schema below, the SSE event name ' +
      'is its `type`. Reconnect with `Last-Event-ID` (EventSource does) to get what was missed; a `reset` ' +
      'event means the server no longer holds it: refetch. A comment line is sent every 15 s. Counts and ' +
      'job-list notices come at most 4 times a second per queue.',
    params: z.object({}),
    query: EventsQuery,
    response: LiveEvent,
    streams: 'text/event-stream',
    errors: ['bad_request', 'not_found'],
    heavy: false,
    capability: null,
    example: {
      request: 'GET /api/v1/events?topics=main,main%2Femails',
      response: {
        type: 'job',
        source: 'main',
        queue: 'emails',
        id: '1042',
        event: 'completed',
        state: 'completed',
        at: 1736942400000,
      },
    },
    run: async ({ query, request, registry }) => {
      const { topics: topicList, lastEventId } = query as z.output<typeof EventsQuery>;
      const parsed = parseTopicList(topicList);
      if (!parsed.ok) throw new ApiError('bad_request', `invalid topics: ${parsed.error}`);
      for (const topic of parsed.topics) requireSource(registry, topic.source);
      if (request.method === 'HEAD') return new Response(null, { headers: SSE_HEADERS });
      const stream = liveHubFor(registry).open({
        topics: parsed.topics,
        lastEventId: request.headers.get('last-event-id') ?? lastEventId ?? null,
        signal: request.signal,
      });
      return new Response(stream, { headers: SSE_HEADERS });
    },
  },
];
