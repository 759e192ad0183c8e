/**
 * Wire contract of the broker's own view (Celery over Redis; issue 8), read capability `broker`:
 *
 *   GET /sources/{source}/broker                                  → BrokerResponse
 *   GET /sources/{source}/broker/queues/{queue}/messages?limit=   → BrokerMessagesResponse
 *
 * Pure module: safe in the browser bundle.
 */
import { z } from 'zod';
import { BrokerMessage, BrokerOverview } from '@/lib/adapters/types';

export { BrokerMessage, BrokerOverview };

// Written out rather than taken from schemas.ts: schemas.ts re-exports this module.
const SourceParams = z.object({ source: z.string().min(1).max(200) });
export const BrokerQueueParams = SourceParams.extend({ queue: z.string().min(1).max(1000) });

export const BrokerResponse = z.object({ source: z.string(), broker: BrokerOverview });
export type BrokerResponse = z.infer<typeof BrokerResponse>;

/** Most messages one peek shows. */
export const MAX_PEEK = 100;

export const BrokerMessagesQuery = z.object({
  /** How many of the next messages to show (a worker takes the lowest priority step first, oldest first). */
  limit: z.coerce.number().int().min(1).max(MAX_PEEK).default(10),
});

export const BrokerMessagesResponse = z.object({
  source: z.string(),
  queue: z.string(),
  /** Messages waiting in the queue now, over every priority step. */
  waiting: z.number().int().nonnegative(),
  messages: z.array(BrokerMessage),
});
export type BrokerMessagesResponse = z.infer<typeof BrokerMessagesResponse>;
