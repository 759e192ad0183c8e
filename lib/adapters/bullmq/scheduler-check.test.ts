import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors';
import type { SchedulerSpec } from '../types';
import { checkSchedulerSpec } from './scheduler-check';

const NOW = Date.UTC(2026, 11, 2, 6, 0, 0);
const template = { name: 'digest', data: {}, opts: {} };

function refusal(spec: Partial<SchedulerSpec>): { field: string | null; message: string } | null {
  try {
    checkSchedulerSpec({ template, ...spec } as SchedulerSpec, NOW);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    const { field, message } = error as InvalidInputError;
    return { field, message };
  }
}

describe('checkSchedulerSpec', () => {
  it('lets through what BullMQ schedules', () => {
    expect(refusal({ pattern: '0 3 * * *', tz: 'Europe/Paris' })).toBeNull();
    expect(refusal({ pattern: '@daily' })).toBeNull();
    expect(refusal({ everyMs: 60_000, endDate: NOW + 1 })).toBeNull();
    expect(refusal({ pattern: '*/5 * * * *', startDate: NOW + 86_400_000, endDate: NOW + 2 * 86_400_000 })).toBeNull();
  });

  it('names the field of each value BullMQ would refuse', () => {
    expect(refusal({ pattern: '61 * * * *' })?.field).toBe('pattern');
    expect(refusal({ pattern: ' ' })?.field).toBe('pattern');
    expect(refusal({ pattern: '0 0 31 2 *' })?.field).toBe('pattern');
    expect(refusal({ pattern: '0 3 * * *', tz: 'Mars/Phobos' })).toMatchObject({ field: 'tz', message: expect.stringContaining('Mars/Phobos') });
    expect(refusal({ pattern: '0 3 * * *', tz: '../../etc' })?.field).toBe('tz');
    expect(refusal({ everyMs: 1_000, endDate: NOW - 1 })).toEqual({ field: 'endDate', message: 'endDate is in the past' });
    expect(refusal({ everyMs: 1_000, startDate: NOW + 10_000, endDate: NOW + 5_000 })?.field).toBe('endDate');
    expect(refusal({ everyMs: 1_000, startDate: 8.64e15 + 1 })?.field).toBe('startDate');
    expect(refusal({ everyMs: 1_000, startDate: NOW + 1, immediately: true })?.field).toBe('immediately');
  });
});
