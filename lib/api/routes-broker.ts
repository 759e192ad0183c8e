/**
 * Reads of the broker itself (issue 8): every queue's messages per priority step and unacked
 * deliveries, and a peek at the next messages of one queue. Gated by the read capability `broker`,
 * which only sources with a broker of their own (Celery) declare.
 */
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { ApiError } from './errors';
import { BrokerMessagesQuery, BrokerMessagesResponse, BrokerQueueParams, BrokerResponse } from './schemas-broker';
import { SourceParams } from './schemas';
import { found } from './source-access';
import { z } from 'zod';

const unsupported = (source: string) => new ApiError('unsupported', `source "${source}" has no broker view`);

export const brokerRoutes: ApiRoute[] = [
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/broker',
    tag: 'broker',
    summary: 'Queues as the broker holds them: messages per priority step, unacked deliveries, the oldest one',
    description:
      'One script call over the kombu Redis keys: every priority list of every queue (LLEN), the ' +
      '`unacked` hash split by routing key with the age of each queue\'s oldest delivery (up to 5,000 ' +
      'unacked entries; beyond that only the totals, `unackedExact: false`).',
    params: SourceParams,
    query: z.object({}),
    response: BrokerResponse,
    capability: 'broker',
    errors: [],
    example: {
      request: 'GET /api/v1/sources/tasks/broker',
      response: {
        source: 'tasks',
        broker: {
          queues: [
            {
              name: 'celery',
              waiting: 12,
              byPriority: [
                { priority: 0, waiting: 10 },
                { priority: 3, waiting: 0 },
                { priority: 6, waiting: 2 },
                { priority: 9, waiting: 0 },
              ],
              unacked: 1,
              oldestUnackedAgeMs: 5200,
            },
          ],
          unacked: 1,
          oldestUnackedAgeMs: 5200,
          unackedExact: true,
        },
      },
    },
    handler: async ({ adapter }) => {
      if (!adapter.getBrokerOverview) throw unsupported(adapter.id);
      return { source: adapter.id, broker: await adapter.getBrokerOverview() };
    },
  }),
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/broker/queues/{queue}/messages',
    tag: 'broker',
    summary: 'The next messages a worker would take from a queue, decoded (headers, args and kwargs as sent)',
    description:
      'Read without taking them (LRANGE of each priority list, lowest step first, oldest first). ' +
      'Args and kwargs are the message body as sent; a value over 64 KiB of JSON is cut (`truncated`).',
    params: BrokerQueueParams,
    query: BrokerMessagesQuery,
    response: BrokerMessagesResponse,
    capability: 'broker',
    heavy: true,
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/tasks/broker/queues/celery/messages?limit=1',
      response: {
        source: 'tasks',
        queue: 'celery',
        waiting: 12,
        messages: [
          {
            id: '6f1c…',
            task: 'reports.render',
            priority: 0,
            eta: '2026-12-03T10:00:00+00:00',
            expires: null,
            retries: 0,
            rootId: '6f1c…',
            parentId: null,
            group: null,
            argsRepr: "('q3',)",
            kwargsRepr: '{}',
            args: { json: ['q3'], text: '["q3"]', bytes: 6, truncated: false },
            kwargs: { json: {}, text: '{}', bytes: 2, truncated: false },
            headers: { lang: 'py', task: 'reports.render', id: '6f1c…' },
            deliveryTag: 'a2b0…',
          },
        ],
      },
    },
    handler: async ({ adapter, params, query }) => {
      if (!adapter.peekMessages) throw unsupported(adapter.id);
      const peek = found(
        await adapter.peekMessages(params.queue, query.limit),
        () => `queue "${params.queue}" not found in the broker of source "${adapter.id}"`,
      );
      return { source: adapter.id, queue: params.queue, ...peek };
    },
  }),
];
