import { describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  decodeCursor,
  encodeCursor,
  listWindow,
  nextCursor,
  rankWindow,
} from './paging';

describe('cursors', () => {
  it('round-trip and start at zero when absent', () => {
    expect(decodeCursor(encodeCursor({ offset: 450, total: 1_000_000 }))).toEqual({
      offset: 450,
      total: 1_000_000,
    });
    expect(decodeCursor(undefined)).toEqual({ offset: 0, total: 0 });
    expect(decodeCursor('')).toEqual({ offset: 0, total: 0 });
  });

  it('reject anything this adapter did not issue', () => {
    for (const bad of [
      '!!!',
      Buffer.from('{"o":-1,"t":0}').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('{"o":1.5,"t":2}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(InvalidCursorError);
    }
  });

  it('end on the last page', () => {
    expect(nextCursor(0, 50, 120)).not.toBeNull();
    expect(nextCursor(100, 50, 120)).toBeNull();
    expect(nextCursor(0, 50, 50)).toBeNull();
  });
});

describe('index windows', () => {
  it('use plain ranks for sorted sets', () => {
    expect(rankWindow(500_000, 50)).toEqual({ start: 500_000, stop: 500_049 });
  });

  it('index a list from the head in its first half', () => {
    expect(listWindow(0, 10, 0)).toEqual({ start: 0, stop: 9 });
    expect(listWindow(40, 10, 100)).toEqual({ start: 40, stop: 49 });
  });

  it('index a list from the tail in its second half, never past the end', () => {
    expect(listWindow(999_950, 50, 1_000_000)).toEqual({ start: -50, stop: -1 });
    expect(listWindow(60, 10, 100)).toEqual({ start: -40, stop: -31 });
    expect(listWindow(28, 4, 31)).toEqual({ start: -3, stop: -1 });
  });

  it('stays positive past the known end, so the page is simply empty', () => {
    expect(listWindow(100, 10, 100)).toEqual({ start: 100, stop: 109 });
  });
});
