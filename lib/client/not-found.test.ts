import { describe, expect, it } from 'vitest';
import { missingPart } from './not-found';

const known = { sources: [{ id: 'main', label: 'Main Redis' }], queues: ['emails', 'a/b'] };

describe('what a not-found page says', () => {
  it('an unknown source, whatever follows it, sends back to the overview', () => {
    for (const subject of [{ source: 'nope' }, { source: 'nope', queue: 'emails' }, { source: 'nope', queue: 'emails', job: '1' }])
      expect(missingPart(subject, known)).toMatchObject({
        what: 'source',
        name: 'nope',
        title: 'Source “nope” not found',
        back: { href: '/', label: 'Back to the overview' },
      });
  });

  it('an unknown queue sends back to its source, also when a job of it was asked for', () => {
    expect(missingPart({ source: 'main', queue: 'typo' }, known)).toMatchObject({
      what: 'queue',
      back: { href: '/sources/main', label: 'Back to Main Redis' },
    });
    expect(missingPart({ source: 'main', queue: 'typo', job: '1' }, known)).toMatchObject({ what: 'queue', name: 'typo' });
    // Even a queue still listed is missing when its own read answered 404 (removed since the list).
    expect(missingPart({ source: 'main', queue: 'emails' }, known).what).toBe('queue');
  });

  it('an unknown job of a known queue sends back to the queue; without a queue list, to the queue too', () => {
    expect(missingPart({ source: 'main', queue: 'a/b', job: '42' }, known)).toMatchObject({
      what: 'job',
      name: '42',
      back: { href: '/sources/main/queues/a%2Fb', label: 'Back to a/b' },
    });
    expect(missingPart({ source: 'main', queue: 'typo', job: '42' }, { ...known, queues: null }).what).toBe('job');
  });
});
