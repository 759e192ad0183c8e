import { describe, expect, it } from 'vitest';
import { JobDetail } from '../types';
import type { StateProbe } from './map-detail';
import { cutUtf8, parentRef, stateFromProbe, toJobDetail, toPayload } from './map-detail';

describe('toPayload', () => {
  it('cuts UTF-8 text on a character boundary', () => {
    expect(cutUtf8('aé', 2)).toBe('a');
    expect(cutUtf8('aé', 3)).toBe('aé');
    expect(cutUtf8('€€', 4)).toBe('€');
  });

  it('parses small JSON and keeps the text', () => {
    expect(toPayload('{"a":1}')).toEqual({
      json: { a: 1 },
      text: '{"a":1}',
      bytes: 7,
      truncated: false,
    });
    expect(toPayload('plain')).toEqual({ json: null, text: 'plain', bytes: 5, truncated: false });
    expect(toPayload(undefined)).toEqual({ json: null, text: null, bytes: 0, truncated: false });
  });

  it('truncates large payloads, reporting their full size', () => {
    const text = JSON.stringify({ blob: 'y'.repeat(100) });
    const payload = toPayload(text, 20);
    expect(payload).toEqual({
      json: null,
      text: text.slice(0, 20),
      bytes: text.length,
      truncated: true,
    });
  });
});

describe('stateFromProbe', () => {
  const none: StateProbe = {
    completed: null,
    failed: null,
    delayed: null,
    prioritized: null,
    waitingChildren: null,
    wait: null,
    active: null,
    paused: null,
    metaPaused: null,
    pausedListLength: 0,
  };

  it('names the state by membership', () => {
    expect(stateFromProbe({ ...none, completed: 1 }, {})).toMatchObject({
      state: 'completed',
      nativeState: 'completed',
    });
    expect(stateFromProbe({ ...none, delayed: 4096 }, {})).toMatchObject({
      state: 'delayed',
      delayedScore: 4096,
    });
    expect(stateFromProbe({ ...none, waitingChildren: 1 }, {})).toMatchObject({
      state: 'waiting-children',
    });
  });

  it('reads wait as paused when the queue is paused by flag (v6)', () => {
    expect(stateFromProbe({ ...none, wait: 0, metaPaused: '1' }, {})).toMatchObject({
      state: 'paused',
      nativeState: 'waiting',
    });
    expect(stateFromProbe({ ...none, wait: 0 }, {})).toMatchObject({
      state: 'waiting',
      nativeState: 'waiting',
    });
    expect(
      stateFromProbe({ ...none, paused: 0, metaPaused: '1', pausedListLength: 1 }, {}),
    ).toMatchObject({ state: 'paused', nativeState: 'paused' });
  });

  it('guesses from the hash when the job sits in no state key', () => {
    expect(stateFromProbe(none, { finishedOn: '5', failedReason: 'x' })).toMatchObject({
      state: 'failed',
      nativeState: 'unknown',
    });
    expect(stateFromProbe(none, { finishedOn: '5' })).toMatchObject({ state: 'completed' });
    expect(stateFromProbe(none, {})).toMatchObject({ state: 'waiting' });
  });
});

describe('parentRef', () => {
  it('reads parentKey, or the parent JSON when parentKey is absent', () => {
    expect(parentRef('bull', { parentKey: 'bull:flows:abc' }, ['flows'])).toEqual({
      queue: 'flows',
      id: 'abc',
    });
    expect(
      parentRef('app:p6', { parent: '{"id":"658f","queueKey":"app:p6:a b\\/c"}' }, []),
    ).toEqual({ queue: 'a b/c', id: '658f' });
    expect(parentRef('bull', {}, [])).toBeNull();
  });
});

describe('toJobDetail', () => {
  // A real v6 hash of a job that failed twice (from a BullMQ 6.7 run).
  const hash = {
    name: 'bad',
    data: '{"fail":true}',
    opts: '{"attempts":2}',
    timestamp: '1795888140724',
    delay: '0',
    priority: '0',
    processedOn: '1795888140870',
    finishedOn: '1795888140880',
    atm: '2',
    ats: '2',
    pb: 'wk1',
    progress: '50',
    failedReason: 'boom',
    stacktrace: JSON.stringify(['Error: boom\n    at first', 'Error: boom\n    at second']),
  };

  it('keeps payloads apart from raw fields and derives attempts', () => {
    const detail = JobDetail.parse(
      toJobDetail({
        queue: 'q',
        id: '2',
        hash,
        state: { state: 'failed', nativeState: 'failed', delayedScore: null },
        logCount: 2,
        parent: null,
        children: [],
        blockedBy: [],
      }),
    );
    expect(detail.data.json).toEqual({ fail: true });
    expect(detail.processedBy).toBe('wk1');
    expect(detail.returnValue).toEqual({ json: null, text: null, bytes: 0, truncated: false });
    expect(detail.stacktrace).toHaveLength(2);
    expect(detail.opts).toEqual({ attempts: 2 });
    expect(Object.keys(detail.raw)).not.toContain('data');
    expect(Object.keys(detail.raw)).not.toContain('stacktrace');
    expect(detail.raw).toMatchObject({ pb: 'wk1', atm: '2' });
    expect(detail.attempts.map((attempt) => [attempt.outcome, attempt.error])).toEqual([
      ['failed', 'Error: boom'],
      ['failed', 'Error: boom'],
    ]);
    expect(detail.dataBytes).toBe(13);
  });
});
