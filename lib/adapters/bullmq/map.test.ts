import { describe, expect, it } from 'vitest';
import { JobRow, Queue } from '../types';
import type { QueueLengths } from './map';
import {
  JOB_ROW_FIELDS,
  fieldsFromHmget,
  parseOpts,
  parseProgress,
  rateLimitedForMs,
  toJobRow,
  toQueue,
  toStateCounts,
} from './map';

const lengths: QueueLengths = {
  wait: 4,
  paused: 0,
  active: 1,
  delayed: 2,
  prioritized: 3,
  waitingChildren: 1,
  completed: 10,
  failed: 5,
};

describe('toStateCounts', () => {
  it('maps every key to a normalised state', () => {
    expect(toStateCounts(lengths, null)).toEqual({
      waiting: 4,
      paused: 0,
      active: 1,
      delayed: 2,
      prioritized: 3,
      'waiting-children': 1,
      completed: 10,
      failed: 5,
      cancelled: 0,
    });
  });

  it('reports a v6 paused queue (flag, jobs still in wait) as paused', () => {
    expect(toStateCounts(lengths, '1')).toMatchObject({ waiting: 0, paused: 4 });
  });

  it('reports a v5 paused queue (wait RENAMEd to paused) as paused', () => {
    expect(toStateCounts({ ...lengths, wait: 0, paused: 7 }, '1')).toMatchObject({
      waiting: 0,
      paused: 7,
    });
  });
});

describe('toQueue', () => {
  it('reads concurrency, rate limit and version from meta', () => {
    const queue = toQueue('main', 'bull', {
      name: 'orders',
      meta: ['1', '4', '10', '1000', 'bullmq:6.7.0'],
      lengths,
      limiterValue: '10',
      limiterPttl: 420,
      schedulerCount: 2,
      workerCount: 3,
    });
    expect(Queue.parse(queue)).toMatchObject({
      source: 'main',
      paused: true,
      globalConcurrency: 4,
      rateLimit: { max: 10, durationMs: 1000 },
      rateLimitedForMs: 420,
      schedulerCount: 2,
      workerCount: 3,
      meta: { prefix: 'bull', version: 'bullmq:6.7.0' },
    });
  });

  it('leaves unset limits null', () => {
    const queue = toQueue('main', 'bull', {
      name: 'q',
      meta: [null, null, null, null, null],
      lengths,
      limiterValue: null,
      limiterPttl: -2,
      schedulerCount: 0,
      workerCount: null,
    });
    expect(queue).toMatchObject({
      paused: false,
      globalConcurrency: null,
      rateLimit: null,
      rateLimitedForMs: 0,
      workerCount: null,
      meta: { prefix: 'bull' },
    });
  });
});

describe('rateLimitedForMs', () => {
  it('counts only while the window has reached max, like BullMQ getRateLimitTtl', () => {
    expect(rateLimitedForMs(10, '3', 500)).toBe(0);
    expect(rateLimitedForMs(10, '10', 500)).toBe(500);
    expect(rateLimitedForMs(null, String(Number.MAX_SAFE_INTEGER), 500)).toBe(500);
    expect(rateLimitedForMs(10, '10', -2)).toBe(0);
  });
});

describe('toJobRow', () => {
  const fields = fieldsFromHmget(JOB_ROW_FIELDS, [
    'send-mail',
    '1795888140724',
    '1795888140747',
    '1795888140880',
    '0',
    '0',
    '2',
    null,
    '2',
    '{"attempts":3,"backoff":{"type":"fixed","delay":1}}',
    '{"step":2}',
    'x'.repeat(1000),
  ])!;

  it('maps small fields and cuts the failure reason', () => {
    const row = JobRow.parse(
      toJobRow({
        queue: 'q',
        id: '7',
        state: 'failed',
        nativeState: 'failed',
        fields,
        dataBytes: 12,
      }),
    );
    expect(row).toMatchObject({
      id: '7',
      name: 'send-mail',
      createdAt: 1795888140724,
      processedAt: 1795888140747,
      finishedAt: 1795888140880,
      runAt: null,
      attemptsMade: 2,
      maxAttempts: 3,
      priority: 0,
      progress: { step: 2 },
      dataBytes: 12,
    });
    expect(row.failedReason!.length).toBe(300);
    expect(row.failedReason!.endsWith('…')).toBe(true);
  });

  it('reads runAt of a delayed job from its zset score (runAt·4096 + seq)', () => {
    const row = toJobRow({
      queue: 'q',
      id: '3',
      state: 'delayed',
      nativeState: 'delayed',
      fields: { timestamp: '1795888140760', delay: '60000' },
      dataBytes: 0,
      delayedScore: 7355958070312960 + 5,
    });
    expect(row.runAt).toBe(1795888200760);
    const fromDelay = toJobRow({
      queue: 'q',
      id: '3',
      state: 'delayed',
      nativeState: 'delayed',
      fields: { timestamp: '1000', delay: '500' },
      dataBytes: 0,
    });
    expect(fromDelay.runAt).toBe(1500);
  });

  it('takes the legacy attemptsMade field and defaults to one allowed attempt', () => {
    const row = toJobRow({
      queue: 'q',
      id: '1',
      state: 'waiting',
      nativeState: 'waiting',
      fields: { attemptsMade: '1', opts: '{"attempts":0}' },
      dataBytes: 0,
    });
    expect(row).toMatchObject({
      attemptsMade: 1,
      maxAttempts: 1,
      progress: 0,
      name: '',
      createdAt: null,
      priority: null,
    });
  });

  it('treats an HMGET of a vanished hash as missing', () => {
    expect(fieldsFromHmget(['name', 'timestamp'], [null, null])).toBeNull();
  });
});

describe('small parsers', () => {
  it('parses progress of every kind BullMQ stores', () => {
    expect(parseProgress('42')).toBe(42);
    expect(parseProgress('"half"')).toBe('half');
    expect(parseProgress('{"a":1}')).toEqual({ a: 1 });
    expect(parseProgress('[1,2]')).toBe('[1,2]');
    expect(parseProgress('not json')).toBe('not json');
    expect(parseProgress(undefined)).toBe(0);
  });

  it('expands shortened option names', () => {
    expect(parseOpts('{"fpof":true,"kl":5,"attempts":2}')).toEqual({
      failParentOnFailure: true,
      keepLogs: 5,
      attempts: 2,
    });
    expect(parseOpts('oops')).toEqual({});
  });
});
