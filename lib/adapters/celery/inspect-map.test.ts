import { describe, expect, it } from 'vitest';
import type { Worker } from '../types';
import { poolImplementation, toInspectedTask, toPoolFacts, toRegisteredTask, toWorkerDetail } from './inspect-map';

const worker: Worker = { id: 'w1@h', name: 'w1@h', queues: [], address: null, ageSeconds: 5, idleSeconds: null, status: 'online' };

// Shapes of a Celery 5.2.6 prefork worker's replies (celery/worker/control.py, Request.info()).
const active = {
  id: 't1',
  name: 'fixture.sleep',
  args: '[120]',
  kwargs: '{}',
  type: 'fixture.sleep',
  hostname: 'w1@h',
  time_start: 1796168992.5,
  acknowledged: false,
  delivery_info: { exchange: '', routing_key: 'celery', priority: 0, redelivered: false },
  worker_pid: 4242,
};

describe('inspect replies', () => {
  it('read a held task, and a scheduled one wrapped in its request', () => {
    expect(toInspectedTask(active)).toEqual({
      id: 't1',
      name: 'fixture.sleep',
      args: '[120]',
      kwargs: '{}',
      startedAt: 1796168992500,
      workerPid: 4242,
      acknowledged: false,
      queue: 'celery',
      eta: null,
    });
    expect(toInspectedTask({ eta: '2026-12-02T03:00:00+00:00', priority: 6, request: { ...active, time_start: null, worker_pid: null } })).toMatchObject({
      id: 't1',
      eta: '2026-12-02T03:00:00+00:00',
      startedAt: null,
      workerPid: null,
    });
    expect(toInspectedTask({ name: 'no id' })).toBeNull();
  });

  it('read task types with the limits registered prints', () => {
    expect(toRegisteredTask('fixture.add')).toEqual({ name: 'fixture.add', rateLimit: null, timeLimit: null, softTimeLimit: null });
    expect(toRegisteredTask('fixture.sleep [rate_limit=10/m time_limit=2.0 soft_time_limit=1.0]')).toEqual({
      name: 'fixture.sleep',
      rateLimit: '10/m',
      timeLimit: 2,
      softTimeLimit: 1,
    });
    expect(toRegisteredTask(42)).toBeNull();
  });

  it('make one worker detail, naming what the worker did not answer', () => {
    const detail = toWorkerDetail(
      worker,
      {
        stats: {
          pool: { 'max-concurrency': 2, processes: [11, 12], 'max-tasks-per-child': 'N/A', timeouts: [0, 0] },
          autoscaler: { max: 4, min: 2, qty: 2 },
          prefetch_count: 2,
        },
        active: [active],
        registered: ['fixture.add [rate_limit=1/h]'],
        active_queues: [{ name: 'celery', exchange: { name: 'celery', type: 'direct' }, routing_key: 'celery' }],
      },
      2000,
    );
    expect(detail).toMatchObject({
      answered: true,
      unanswered: ['reserved', 'scheduled', 'revoked', 'conf'],
      pool: { implementation: 'prefork', maxConcurrency: 2, processes: [11, 12], maxTasksPerChild: null, timeouts: [0, 0], autoscaler: { max: 4, min: 2, qty: 2 } },
      registered: [{ name: 'fixture.add', rateLimit: '1/h' }],
      activeQueues: [{ name: 'celery', exchange: 'celery', routingKey: 'celery' }],
      reserved: [],
      conf: {},
    });
    expect(detail.active.map((task) => task.id)).toEqual(['t1']);
    const silent = toWorkerDetail(worker, {}, 2000);
    expect(silent).toMatchObject({ answered: false, pool: null, active: [], stats: {} });
    expect(silent.unanswered).toHaveLength(8);
  });
});

describe('pool facts for the workers list', () => {
  it('are the processes now, or the concurrency, with the autoscale range; none without a pool', () => {
    const stats = { pool: { 'max-concurrency': 4, processes: [11, 12, 13], 'max-tasks-per-child': 'N/A', timeouts: [0, 0] } };
    expect(toPoolFacts(stats, 5)).toEqual({ size: 3, maxConcurrency: 4, autoscaler: null, inspectedAt: 5 });
    expect(toPoolFacts({ ...stats, pool: { 'max-concurrency': 1, processes: [] }, autoscaler: { max: 8, min: 2, qty: 1 } }, 6)).toEqual({
      size: 1,
      maxConcurrency: 1,
      autoscaler: { max: 8, min: 2 },
      inspectedAt: 6,
    });
    expect(toPoolFacts({}, 7)).toBeNull();
    expect(poolImplementation({ 'max-concurrency': 1 })).toBe('solo');
    expect(poolImplementation({ 'max-concurrency': 4, threads: [] })).toBe('threads');
    expect(poolImplementation({ 'max-concurrency': 4, 'free-threads': 3, 'running-threads': 1 })).toBe('eventlet or gevent');
    expect(poolImplementation({ 'max-concurrency': 4 })).toBeNull();
    expect(toPoolFacts('junk', 7)).toBeNull();
  });

  it('read the revoked ids a worker holds', () => {
    expect(toWorkerDetail(worker, { revoked: ['a', 3, 'b'] }, 1000).revoked).toEqual(['a', 'b']);
  });
});
