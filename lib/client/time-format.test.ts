import { describe, expect, it } from 'vitest';
import { formatAbsolute } from './format';
import { formatTimestamp, parseTimeFormat } from './time-format';

describe('parseTimeFormat', () => {
  it('keeps a known choice and falls back to relative', () => {
    expect(parseTimeFormat('absolute')).toBe('absolute');
    expect(parseTimeFormat('both')).toBe('both');
    expect(parseTimeFormat('nonsense')).toBe('relative');
    expect(parseTimeFormat(null)).toBe('relative');
  });
});

describe('formatTimestamp', () => {
  const at = Date.UTC(2026, 10, 28, 19, 43, 18, 250);
  const now = at + 5 * 60_000;

  it('reads UTC, the same on server and browser, before the clock is known', () => {
    expect(formatTimestamp(at, null, 'absolute')).toEqual({
      text: '2026-11-28 19:43:18 UTC',
      title: '2026-11-28 19:43:18 UTC',
    });
  });

  it('writes each format with the other in the tooltip', () => {
    const local = formatAbsolute(at);
    expect(formatTimestamp(at, now, 'relative')).toEqual({ text: '5 min ago', title: local });
    expect(formatTimestamp(at, now, 'absolute')).toEqual({
      text: local.slice(0, 19),
      title: `${local} (5 min ago)`,
    });
    expect(formatTimestamp(at, now, 'both').text).toBe(`${local.slice(0, 19)} · 5 min ago`);
  });
});
