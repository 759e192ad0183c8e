import { describe, expect, it } from 'vitest';
import { formatTopic, jobTopic, parseTopic, parseTopicList, queueTopic } from './topics';

describe('topics', () => {
  it('round-trips names holding "/", ":", spaces and commas', () => {
    for (const topic of [
      { kind: 'source', source: 'main' },
      { kind: 'queue', source: 'main', queue: 'a/b: c,d' },
      { kind: 'job', source: 'main', queue: 'job', id: 'repeat:x:1' },
      { kind: 'jobs', source: 'main', queue: 'jobs' },
      { kind: 'workers', source: 'main' },
    ] as const) {
      expect(parseTopic(formatTopic(topic))).toEqual(topic);
    }
    expect(queueTopic('main', 'a/b')).toBe('main/a%2Fb');
    // A queue called "job" is still a queue topic: job topics have four segments.
    expect(parseTopic('main/job')).toEqual({ kind: 'queue', source: 'main', queue: 'job' });
    expect(jobTopic('m', 'q', '1')).toBe('m/job/q/1');
    // A queue called "workers" is a queue; the workers topic has three segments.
    expect(parseTopic('main/workers')).toEqual({ kind: 'queue', source: 'main', queue: 'workers' });
    expect(parseTopic('main/workers/*')).toEqual({ kind: 'workers', source: 'main' });
    expect(parseTopic('main/workers/x')).toBeNull();
  });

  it('rejects malformed topics and lists', () => {
    expect(parseTopic('main/x/q')).toBeNull();
    expect(parseTopic('main//q')).toBeNull();
    expect(parseTopic('%E0%A4%A')).toBeNull();
    expect(parseTopicList('')).toMatchObject({ ok: false });
    expect(parseTopicList('main,main/a%2Fb')).toMatchObject({ ok: true, topics: [{ kind: 'source' }, { kind: 'queue', queue: 'a/b' }] });
    expect(parseTopicList(Array.from({ length: 201 }, (_, i) => `s${i}`).join(','))).toMatchObject({ ok: false });
  });
});
