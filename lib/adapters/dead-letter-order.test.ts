import { describe, expect, it } from 'vitest';
import { compareBytes, queueStart } from './dead-letter-order';

describe('compareBytes', () => {
  it('orders as the UTF-8 bytes do, where UTF-16 order differs', () => {
    const samples = [
      '',
      'a',
      'ab',
      'b',
      '10',
      '9',
      'é',
      '\uFFFD',
      '😀',
      '😀a',
      '\uD800',
      'z\uDC00',
    ];
    for (const a of samples) {
      for (const b of samples) {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        expect(Math.sign(compareBytes(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(
          bytes,
        );
      }
    }
    // The case `<` gets wrong: U+FFFD is EF BF BD, the emoji F0 9F 98 80.
    expect('😀' < '\uFFFD').toBe(true);
    expect(compareBytes('😀', '\uFFFD')).toBeGreaterThan(0);
  });
});

describe('queueStart', () => {
  const resume = { failedAt: 5, ties: 'after', queue: 'm', id: '7' } as const;
  it('keeps every tie of a queue the walk reaches later, none of one it passed', () => {
    expect(queueStart(null, 'm')).toEqual({ from: 'start' });
    expect(queueStart(resume, 'a')).toEqual({ from: 'ties', failedAt: 5 });
    expect(queueStart(resume, 'z')).toEqual({ from: 'below', failedAt: 5 });
    expect(queueStart(resume, 'm')).toEqual({ from: 'after-id', failedAt: 5, id: '7' });
    expect(queueStart({ failedAt: 5, ties: 'all' }, 'z')).toEqual({ from: 'ties', failedAt: 5 });
    expect(queueStart({ failedAt: 5, ties: 'none' }, 'a')).toEqual({ from: 'below', failedAt: 5 });
  });
});
