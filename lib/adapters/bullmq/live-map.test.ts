import { describe, expect, it } from 'vitest';
import { parseXreadReply, toLiveEntry } from './live-map';

describe('BullMQ event stream entries', () => {
  it('parses an XREAD reply per stream, and null as nothing', () => {
    const reply = [['bull:q:events', [['1700000000123-0', ['event', 'completed', 'jobId', '7', 'prev', 'active']]]]];
    expect(parseXreadReply(reply).get('bull:q:events')).toEqual([
      { id: '1700000000123-0', fields: { event: 'completed', jobId: '7', prev: 'active' } },
    ]);
    expect(parseXreadReply(null).size).toBe(0);
    expect(() => parseXreadReply('OK')).toThrow();
  });

  it('maps job steps to a state, the lists they touched and the time Redis wrote them', () => {
    expect(toLiveEntry('q', { id: '1700000000123-0', fields: { event: 'completed', jobId: '7', prev: 'active' } })).toEqual({
      kind: 'job',
      event: { queue: 'q', id: '7', event: 'completed', state: 'completed', touched: ['active', 'completed'], at: 1700000000123 },
    });
    const progress = toLiveEntry('q', { id: '1-0', fields: { event: 'progress', jobId: '7', data: '{"pct":40}' } });
    expect(progress).toMatchObject({ kind: 'job', event: { state: null, touched: [], progress: { pct: 40 } } });
    const failed = toLiveEntry('q', { id: '1-0', fields: { event: 'failed', jobId: '7', failedReason: 'boom', prev: 'active' } });
    expect(failed).toMatchObject({ event: { state: 'failed', failedReason: 'boom' } });
    const removed = toLiveEntry('q', { id: '1-0', fields: { event: 'removed', jobId: '7' } });
    expect(removed.kind === 'job' && removed.event.touched).toContain('delayed');
  });

  it('maps queue-wide events, and ignores bookkeeping ones', () => {
    expect(toLiveEntry('q', { id: '1-0', fields: { event: 'paused' } })).toEqual({ kind: 'queue', change: { queue: 'q', change: 'paused' } });
    expect(toLiveEntry('q', { id: '1-0', fields: { event: 'deduplicated', jobId: '1' } })).toEqual({ kind: 'other' });
    expect(toLiveEntry('q', { id: '1-0', fields: { event: 'completed' } })).toEqual({ kind: 'other' });
  });
});
