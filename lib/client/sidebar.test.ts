import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';
import { isAtOrUnder, keepsQueue, queueGlance } from './sidebar';

const queue = (counts: Partial<Queue['counts']>, extra: Partial<Queue> = {}): Queue => ({
  source: 'main',
  name: 'q',
  counts: { ...(Object.fromEntries(jobStates.map((state) => [state, 0])) as Queue['counts']), ...counts },
  paused: false,
  globalConcurrency: null,
  rateLimit: null,
  rateLimitedForMs: 0,
  schedulerCount: 0,
  workerCount: null,
  meta: {},
  ...extra,
});

describe('the sidebar', () => {
  it('counts a paused queue’s held jobs as waiting and marks it paused or limited', () => {
    expect(queueGlance(queue({ waiting: 2, prioritized: 1, active: 3, failed: 4, completed: 99 }))).toEqual({
      waiting: 3,
      active: 3,
      failed: 4,
      paused: false,
      limited: false,
    });
    expect(queueGlance(queue({ paused: 7 }, { paused: true }))).toMatchObject({ waiting: 7, paused: true });
    expect(queueGlance(queue({}, { rateLimitedForMs: 800 })).limited).toBe(true);
  });

  it('keeps the queues whose name or source holds every word typed', () => {
    const main = { id: 'main', label: 'Main Redis' };
    expect(keepsQueue('', 'emails', main)).toBe(true);
    expect(keepsQueue('MAIL', 'emails', main)).toBe(true);
    expect(keepsQueue('redis emails', 'emails', main)).toBe(true);
    expect(keepsQueue('billing emails', 'emails', main)).toBe(false);
    expect(keepsQueue('acme', 'tenant/acme reports 100%', main)).toBe(true);
    expect(keepsQueue('images', 'emails', main)).toBe(false);
  });

  it('lights the queue of the page shown, encoded or not, and of its jobs', () => {
    const href = '/sources/main/queues/tenant%2Facme%20100%25';
    expect(isAtOrUnder('/sources/main/queues/tenant%2Facme%20100%25', href)).toBe(true);
    expect(isAtOrUnder('/sources/main/queues/tenant%2Facme 100%25/jobs/7', href)).toBe(true);
    expect(isAtOrUnder('/sources/main/queues/tenant', href)).toBe(false);
    expect(isAtOrUnder('/sources/main/queues/emails-old', '/sources/main/queues/emails')).toBe(false);
    expect(isAtOrUnder('/', '/workers')).toBe(false);
  });
});
