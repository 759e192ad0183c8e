/**
 * The dead-letter walk over random, tie-heavy data: every source and queue modelled as Redis keeps a
 * failed set (score descending, ties by member bytes descending), read from the place each page
 * resumes at, as the adapter's script does. At every limit from 1 to 60 the walk must show every
 * failure exactly once, in order, end, and issue cursors no longer than the bound.
 */
import { describe, expect, it } from 'vitest';
import { compareBytes, pageInSource, queueStart } from '@/lib/adapters/dead-letter-order';
import type { QueueStart, ReadEntry } from '@/lib/adapters/dead-letter-order';
import type { DeadLetterPosition, JobRow } from '@/lib/adapters/types';
import type { SourcePage, WalkPosition } from './dead-letter-cursor';
import {
  decodeDeadLetterCursor,
  encodeDeadLetterCursor,
  mergeDeadLetterPages,
  resumeIn,
} from './dead-letter-cursor';
import { JobParams, MAX_DEAD_LETTER_CURSOR_CHARS, QueueParams, SourceParams } from './schemas';
import { seededRandom } from '@/lib/testing/seeded-random';

// Names where UTF-16 order and UTF-8 byte order disagree ('\uFFFD' vs an emoji), prefixes of one
// another, and long ones (the old cursor listed every tie's names and outgrew its limit).
const SOURCE_NAMES = ['main', 'a', 'ab', 'é', '\uFFFD', '😀', 'src-'.repeat(40)];
const QUEUE_NAMES = ['emails', 'e', 'em', 'ö', '\uFFFD', '😀x', 'q'.repeat(900), 'images/big'];
const IDS = ['1', '2', '10', '11', '100', '9', 'job-😀', 'job-\uFFFD', 'x'.repeat(700), 'ß'];

interface FailedJob extends WalkPosition {
  matches: boolean;
}

function row(queue: string, id: string): JobRow {
  return {
    id,
    queue,
    name: 'doomed',
    state: 'failed',
    nativeState: 'failed',
    createdAt: null,
    processedAt: null,
    finishedAt: null,
    runAt: null,
    attemptsMade: 1,
    maxAttempts: 1,
    priority: null,
    progress: 0,
    failedReason: 'boom',
    dataBytes: 0,
  };
}

/** A random world: a few sources of a few queues whose failures share one of very few times. */
function world(seed: number): FailedJob[] {
  const random = seededRandom(seed);
  const times = Array.from({ length: 1 + random.int(3) }, (_, i) => 1_736_942_400_000 + i * 7);
  const jobs: FailedJob[] = [];
  const sources = [
    ...new Set(Array.from({ length: 1 + random.int(3) }, () => random.pick(SOURCE_NAMES))),
  ];
  for (const source of sources) {
    const queues = new Set(
      Array.from({ length: 1 + random.int(4) }, () => random.pick(QUEUE_NAMES)),
    );
    for (const queue of queues) {
      const ids = new Set<string>();
      const count = random.int(60);
      for (let i = 0; i < count; i++) {
        ids.add(
          random.next() < 0.6 ? String(1 + random.int(400)) : `${random.pick(IDS)}${random.int(5)}`,
        );
      }
      for (const id of ids) {
        jobs.push({
          source,
          queue,
          id,
          failedAt: random.pick(times),
          matches: random.next() < 0.6,
        });
      }
    }
  }
  return jobs;
}

/** The order the walk promises, from Node's own byte comparison rather than the code under test. */
function expectedOrder(jobs: readonly FailedJob[]): FailedJob[] {
  const bytes = (text: string) => Buffer.from(text, 'utf8');
  return [...jobs].sort(
    (a, b) =>
      b.failedAt - a.failedAt ||
      Buffer.compare(bytes(b.source), bytes(a.source)) ||
      Buffer.compare(bytes(b.queue), bytes(a.queue)) ||
      Buffer.compare(bytes(b.id), bytes(a.id)),
  );
}

/** A failed set as Redis keeps it: score descending, ties by member bytes descending. */
function inRedisOrder(jobs: readonly FailedJob[]): FailedJob[] {
  return [...jobs].sort((a, b) => b.failedAt - a.failedAt || compareBytes(b.id, a.id));
}

/** What the adapter's script answers for one failed set: up to `window` entries from `start`. */
function readQueue(
  failedSet: readonly FailedJob[],
  start: QueueStart,
  window: number,
): FailedJob[] {
  return failedSet
    .filter((job) => {
      switch (start.from) {
        case 'start':
          return true;
        case 'ties':
          return job.failedAt <= start.failedAt;
        case 'below':
          return job.failedAt < start.failedAt;
        case 'after-id':
          return (
            job.failedAt < start.failedAt ||
            (job.failedAt === start.failedAt && compareBytes(job.id, start.id) < 0)
          );
      }
    })
    .slice(0, window);
}

/** Walk every page; answers the jobs shown in order, the pages and the longest cursor issued. */
function walk(jobs: readonly FailedJob[], limit: number, filtered: boolean, scanWindow: number) {
  const bySource = new Map<string, Map<string, FailedJob[]>>();
  for (const job of jobs) {
    const queues = bySource.get(job.source) ?? new Map<string, FailedJob[]>();
    queues.set(job.queue, [...(queues.get(job.queue) ?? []), job]);
    bySource.set(job.source, queues);
  }
  for (const queues of bySource.values()) {
    for (const [queue, queueJobs] of queues) queues.set(queue, inRedisOrder(queueJobs));
  }
  const window = filtered ? scanWindow : limit;
  const shown: string[] = [];
  let cursor: WalkPosition | null = null;
  let longestCursor = 0;
  let pages = 0;
  // Every page moves past at least one job of some queue.
  const mostPages = jobs.length + 2;
  for (; pages < mostPages;) {
    pages += 1;
    const sourcePages: SourcePage[] = [...bySource].map(([source, queues]) => {
      const resume = resumeIn(source, cursor);
      const reads = [...queues].map(([queue, queueJobs]) =>
        readQueue(queueJobs, queueStart(resume, queue), window).map((job): ReadEntry => ({
          place: { failedAt: job.failedAt, queue: job.queue, id: job.id },
          row: !filtered || job.matches ? row(job.queue, job.id) : null,
        })),
      );
      return { source, total: 0, ...pageInSource(reads, window, limit) };
    });
    const page = mergeDeadLetterPages(sourcePages, limit);
    expect(page.jobs.length).toBeLessThanOrEqual(limit);
    shown.push(...page.jobs.map((job) => key(job.source, job.queue, job.id)));
    if (page.next === null) return { shown, pages, longestCursor };
    const text = encodeDeadLetterCursor(page.next);
    longestCursor = Math.max(longestCursor, text.length);
    cursor = decodeDeadLetterCursor(text);
    expect(cursor).toEqual(page.next);
  }
  throw new Error(`the walk did not end within ${mostPages} pages`);
}

const key = (source: string, queue: string, id: string) => `${source}\u0000${queue}\u0000${id}`;

describe('the dead-letter walk', { timeout: 120_000 }, () => {
  const seeds = Array.from({ length: 12 }, (_, i) => 7919 * (i + 1));

  it('shows every failure exactly once, in order, at every limit from 1 to 60', () => {
    for (const seed of seeds) {
      const jobs = world(seed);
      const expected = expectedOrder(jobs).map((job) => key(job.source, job.queue, job.id));
      for (let limit = 1; limit <= 60; limit++) {
        const { shown, longestCursor } = walk(jobs, limit, false, 0);
        expect(shown, `seed ${seed}, limit ${limit}`).toEqual(expected);
        expect(longestCursor).toBeLessThanOrEqual(MAX_DEAD_LETTER_CURSOR_CHARS);
      }
    }
  });

  it('with a filter scanning a few jobs per queue per page, shows every match once, in order', () => {
    for (const seed of seeds) {
      const jobs = world(seed);
      const expected = expectedOrder(jobs.filter((job) => job.matches)).map((job) =>
        key(job.source, job.queue, job.id),
      );
      for (let limit = 1; limit <= 60; limit++) {
        const scanWindow = 1 + ((seed + limit) % 7);
        const { shown } = walk(jobs, limit, true, scanWindow);
        expect(shown, `seed ${seed}, limit ${limit}, scan ${scanWindow}`).toEqual(expected);
      }
    }
  });

  it('is not vacuous: the worlds are tie-heavy and span several pages', () => {
    const largestTie = (jobs: readonly FailedJob[]) => {
      const atOneTime = new Map<number, number>();
      for (const job of jobs) atOneTime.set(job.failedAt, (atOneTime.get(job.failedAt) ?? 0) + 1);
      return Math.max(0, ...atOneTime.values());
    };
    expect(Math.max(...seeds.map((seed) => largestTie(world(seed))))).toBeGreaterThan(60);
    expect(walk(world(seeds[0]!), 3, false, 0).pages).toBeGreaterThan(5);
  });
});

describe('dead-letter cursors', () => {
  it('fit the bound for the longest names the API addresses, in 3-byte characters', () => {
    const longest = (chars: number | null) => '€'.repeat(chars ?? 0);
    expect(SourceParams.shape.source.maxLength).toBe(200);
    expect(QueueParams.shape.queue.maxLength).toBe(1000);
    expect(JobParams.shape.job.maxLength).toBe(1000);
    const place = {
      failedAt: -Number.MAX_VALUE,
      source: longest(SourceParams.shape.source.maxLength),
      queue: longest(QueueParams.shape.queue.maxLength),
      id: longest(JobParams.shape.job.maxLength),
    };
    const text = encodeDeadLetterCursor(place);
    expect(text.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_CURSOR_CHARS);
    expect(decodeDeadLetterCursor(text)).toEqual(place);
  });

  it('reject what this API did not issue', () => {
    for (const text of [
      'garbage',
      '1.a.b',
      'x.bWFpbg.ZQ.MQ',
      '1.bWFpbg.ZQ.M+Q',
      '1.bWFpbg.ZQ./w',
    ]) {
      expect(decodeDeadLetterCursor(text), text).toBeNull();
    }
    expect(decodeDeadLetterCursor('1~bWFpbg~ZQ~MQ')).toEqual<
      DeadLetterPosition & { source: string }
    >({
      failedAt: 1,
      source: 'main',
      queue: 'e',
      id: '1',
    });
  });
});
