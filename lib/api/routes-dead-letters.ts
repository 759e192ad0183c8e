/** Failed jobs across every queue of every source with dead letters (BullMQ, Celery), their bulk retry, and the audit log. */
import { z } from 'zod';
import { SourceUnavailableError } from '@/lib/adapters/errors';
import type { RegisteredSource } from '@/lib/adapters/registry';
import { actionMethod } from '@/lib/adapters/types';
import { readAudit } from '@/lib/auth/audit';
import { dashboardRedis, recordsRedisUrl } from '@/lib/auth/store';
import type { SourcePage, WalkPosition } from './dead-letter-cursor';
import {
  decodeDeadLetterCursor,
  encodeDeadLetterCursor,
  mergeDeadLetterPages,
  resumeIn,
} from './dead-letter-cursor';
import type { ApiRoute } from './define-route';
import { defineRoute } from './define-route';
import { ApiError } from './errors';
import { exampleJobRow } from './examples';
import { defineGlobalMutation } from './mutation';
import {
  AuditQuery,
  AuditResponse,
  DeadLetterRetryBody,
  DeadLetterRetryResponse,
  DeadLettersQuery,
  DeadLettersResponse,
} from './schemas-dead-letters';
import type { SourceDirectory } from './source-access';

function cursorPlace(cursor: string | undefined): WalkPosition | null {
  if (!cursor) return null;
  const place = decodeDeadLetterCursor(cursor);
  if (place) return place;
  throw new ApiError('bad_request', 'invalid query: cursor: not a cursor this API issued', {
    issues: [{ in: 'query', path: 'cursor', message: 'not a cursor this API issued' }],
  });
}

/** Sources that declare dead letters (BullMQ, Celery), optionally one. */
function deadLetterSources(registry: SourceDirectory, only?: string) {
  const all = registry.list().filter((source) => source.adapter.capabilities.has('deadLetters'));
  if (!only) return all;
  const one = all.filter((source) => source.adapter.id === only);
  if (one.length === 0)
    throw new ApiError('not_found', `source "${only}" is not a configured source with dead letters`);
  return one;
}

async function retryDeadLettersOf(
  source: RegisteredSource,
  body: z.infer<typeof DeadLetterRetryBody>,
): Promise<DeadLetterRetryResponse['queues']> {
  const retryMatching = actionMethod(source.adapter.actions, 'matching', 'retry');
  if (!retryMatching) return [];
  const names = body.queue
    ? [body.queue]
    : (await source.adapter.listQueues()).map((queue) => queue.name);
  const touchedQueues: DeadLetterRetryResponse['queues'] = [];
  for (const queue of names) {
    const result = await retryMatching(queue, {
      state: 'failed',
      filter: body.filter,
      scanLimit: body.scanLimit,
      dryRun: body.dryRun,
    });
    if (result) {
      touchedQueues.push({
        source: source.adapter.id,
        queue,
        scanned: result.scanned,
        matched: result.matched,
        touched: result.touched,
      });
    }
  }
  return touchedQueues;
}

export const deadLetterRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/dead-letters',
    tag: 'dead letters',
    summary: 'Failed jobs across every queue of every source (BullMQ jobs, Celery tasks), newest first',
    description:
      'One page per request, in a total order (finishedAt newest first, then source, queue and job id), ' +
      'so `nextCursor` walks every failed job exactly once at any `limit`. With `name` or `reason`, each ' +
      'queue is scanned only so far per page: a page may hold fewer than `limit` jobs (even none) and ' +
      'still have a `nextCursor`. A source that cannot be read is listed in `unavailable`.',
    params: z.object({}),
    query: DeadLettersQuery,
    response: DeadLettersResponse,
    heavy: true,
    errors: ['bad_request', 'not_found'],
    example: {
      request: 'GET /api/v1/dead-letters?limit=50',
      response: {
        jobs: [{ ...exampleJobRow, source: 'main' }],
        total: 17,
        nextCursor: null,
        unavailable: [],
      },
    },
    handler: async ({ query, registry }) => {
      const cursor = cursorPlace(query.cursor);
      const sources = deadLetterSources(registry, query.source);
      const unavailable: string[] = [];
      const pages: SourcePage[] = await Promise.all(
        sources.map(async (source) => {
          const id = source.adapter.id;
          try {
            const page = await source.adapter.listDeadLetters!({
              ...(query.queue ? { queue: query.queue } : {}),
              ...(query.name ? { name: query.name } : {}),
              ...(query.reason ? { reason: query.reason } : {}),
              limit: query.limit,
              after: resumeIn(id, cursor),
            });
            return { source: id, ...page };
          } catch (error) {
            console.error(`[yardmaster api] dead letters of "${id}" unavailable: ${String(error)}`);
            unavailable.push(id);
            return { source: id, jobs: [], total: 0, scannedTo: null };
          }
        }),
      );
      const { jobs, next } = mergeDeadLetterPages(pages, query.limit);
      return {
        jobs,
        total: pages.reduce((sum, page) => sum + page.total, 0),
        nextCursor: next ? encodeDeadLetterCursor(next) : null,
        unavailable,
      };
    },
  }),
  defineGlobalMutation({
    method: 'POST',
    path: '/dead-letters/retry',
    tag: 'dead letters',
    summary: 'Retry the failed jobs that match a filter, across queues and sources',
    description:
      'Per queue, looks at no more than `scanLimit` failed jobs (newest first). Read-only sources are ' +
      'skipped; 403 when every candidate source is read-only.',
    params: z.object({}),
    body: DeadLetterRetryBody,
    response: DeadLetterRetryResponse,
    role: 'operator',
    action: 'dead-letters.retry',
    target: () => ({ queue: null, job: null }),
    summarize: ({ scanned, matched, touched, dryRun }) => ({ scanned, matched, touched, dryRun }),
    errors: ['not_found'],
    example: {
      request: 'POST /api/v1/dead-letters/retry {"filter":{"reason":"ETIMEDOUT"}}',
      response: {
        scanned: 40,
        matched: 3,
        touched: 3,
        queues: [{ source: 'main', queue: 'emails', scanned: 17, matched: 3, touched: 3 }],
        dryRun: false,
        unavailable: [],
      },
    },
    handler: async ({ body, registry }) => {
      const candidates = deadLetterSources(registry, body.source);
      const writable = candidates.filter((source) => !source.readOnly);
      if (writable.length === 0) {
        throw new ApiError('forbidden', 'every source in scope is read-only', {
          readOnly: true,
        });
      }
      const queues: DeadLetterRetryResponse['queues'] = [];
      const unavailable: string[] = [];
      for (const source of writable) {
        try {
          queues.push(...(await retryDeadLettersOf(source, body)));
        } catch (error) {
          // A source that is down is reported and skipped; the others are still retried.
          if (!(error instanceof SourceUnavailableError)) throw error;
          unavailable.push(source.adapter.id);
        }
      }
      const sum = (field: 'scanned' | 'matched' | 'touched') =>
        queues.reduce((total, entry) => total + entry[field], 0);
      return {
        scanned: sum('scanned'),
        matched: sum('matched'),
        touched: sum('touched'),
        queues,
        dryRun: body.dryRun,
        unavailable,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/audit',
    tag: 'audit',
    summary: 'Who did what, when: every mutation, newest first',
    params: z.object({}),
    query: AuditQuery,
    response: AuditResponse,
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/audit?limit=50',
      response: {
        entries: [
          {
            id: '1736942400000-0',
            at: 1736942400000,
            principal: { id: 'local', role: 'admin' },
            action: 'job.retry',
            source: 'main',
            target: { queue: 'emails', job: '1042' },
            params: {},
            result: { ok: true, status: 200, code: null, summary: { state: 'waiting' } },
            idempotencyKey: null,
          },
        ],
        nextCursor: null,
        unavailable: [],
      },
    },
    handler: async ({ query, registry }) => {
      // Entries live on each source's Redis: read every distinct one and merge by stream id (time).
      const sourcesByUrl = new Map<string, string[]>();
      for (const source of registry.list()) {
        if (query.source && source.adapter.id !== query.source) continue;
        const url = recordsRedisUrl(source, registry.list());
        if (url) sourcesByUrl.set(url, [...(sourcesByUrl.get(url) ?? []), source.adapter.id]);
      }
      const urls = [...sourcesByUrl.keys()];
      // One Redis down must not hide the audit kept on the others.
      const settled = await Promise.allSettled(
        urls.map((url) =>
          readAudit(dashboardRedis(url), {
            limit: query.limit,
            ...(query.cursor ? { cursor: query.cursor } : {}),
            ...(query.source ? { source: query.source } : {}),
          }),
        ),
      );
      const unavailable = settled.flatMap((result, index) => {
        if (result.status === 'fulfilled') return [];
        const ids = sourcesByUrl.get(urls[index]!) ?? [];
        console.warn(
          `[yardmaster api] audit of ${ids.join(', ')} unreadable: ${String(result.reason)}`,
        );
        return ids;
      });
      const pages = settled.flatMap((result) =>
        result.status === 'fulfilled' ? [result.value] : [],
      );
      const entries = pages
        .flatMap((page) => page.entries)
        .sort((a, b) => compareStreamIds(b.id, a.id))
        .slice(0, query.limit);
      const more =
        pages.some((page) => page.nextCursor !== null) ||
        pages.flatMap((p) => p.entries).length > entries.length;
      return {
        entries,
        nextCursor: more && entries.length > 0 ? entries.at(-1)!.id : null,
        unavailable,
      };
    },
  }),
];

function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number) as [number, number];
  const [bMs, bSeq] = b.split('-').map(Number) as [number, number];
  return aMs - bMs || aSeq - bSeq;
}
