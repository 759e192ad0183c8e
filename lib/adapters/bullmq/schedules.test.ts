import { describe, expect, it } from 'vitest';
import { Schedule } from '../types';
import { toMetricSeries, toSchedule } from './schedules';

describe('toSchedule', () => {
  it('maps a job scheduler hash (v5.16+ / v6)', () => {
    // As written by upsertJobScheduler in BullMQ 6.7.
    const schedule = toSchedule('reports', 'sched2', 1795888800000, {
      name: 'cron',
      tz: 'Europe/Paris',
      limit: '10',
      pattern: '0 * * * *',
      offset: '0',
      opts: '{"attempts":3}',
      data: '{"a":2}',
      ic: '1',
    });
    expect(Schedule.parse(schedule)).toEqual({
      id: 'sched2',
      queue: 'reports',
      name: 'cron',
      pattern: '0 * * * *',
      everyMs: null,
      tz: 'Europe/Paris',
      nextRunAt: 1795888800000,
      iterations: 1,
      limit: 10,
      template: { data: { a: 2 }, opts: { attempts: 3 } },
    });
    expect(toSchedule('q', 'tick', 5, { name: 'tick', every: '60000', ic: '2' })).toMatchObject({
      everyMs: 60000,
      pattern: null,
      template: null,
    });
  });

  it('reads legacy v5 repeatable keys that have no hash', () => {
    expect(toSchedule('q', 'mail:custom::Europe/Berlin:0 9 * * *', 10, {})).toMatchObject({
      name: 'mail',
      pattern: '0 9 * * *',
      tz: 'Europe/Berlin',
      everyMs: null,
    });
    expect(toSchedule('q', 'ping::::5000', 10, {})).toMatchObject({
      name: 'ping',
      everyMs: 5000,
      pattern: null,
    });
  });
});

describe('toMetricSeries', () => {
  it('returns points newest first with the running total, or null when never recorded', () => {
    expect(toMetricSeries({ count: '42', prevTS: '1', prevCount: '40' }, ['3', '0', '7'])).toEqual({
      points: [3, 0, 7],
      total: 42,
    });
    expect(toMetricSeries({}, [])).toBeNull();
  });
});
