import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatProgress,
  formatRateLimit,
  formatRelative,
  prettyJson,
  progressPercent,
} from './format';

describe('formatBytes', () => {
  it('picks the largest unit that keeps the number readable', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(256 * 1024)).toBe('256 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
  });
});

describe('formatDuration and formatRelative', () => {
  it('uses seconds, minutes, hours, then days', () => {
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(3 * 3_600_000)).toBe('3 h');
    expect(formatDuration(72 * 3_600_000)).toBe('3 d');
  });
  it('says past and future apart', () => {
    const now = 1_700_000_000_000;
    expect(formatRelative(now - 120_000, now)).toBe('2 min ago');
    expect(formatRelative(now + 3_600_000, now)).toBe('in 1 h');
    expect(formatRelative(now + 200, now)).toBe('just now');
  });
});

describe('progress', () => {
  it('treats numbers as percentages and anything else as JSON', () => {
    expect(progressPercent(42)).toBe(42);
    expect(progressPercent(140)).toBe(100);
    expect(progressPercent({ step: 2 })).toBeNull();
    expect(formatProgress(0)).toBe('');
    expect(formatProgress(42.4)).toBe('42%');
    expect(formatProgress('uploading')).toBe('uploading');
    expect(formatProgress({ step: 2 })).toBe(prettyJson({ step: 2 }));
  });
});

describe('formatRateLimit', () => {
  it('names a window of exactly one unit', () => {
    expect(formatRateLimit({ max: 5, durationMs: 1_000 })).toBe('5 per second');
    expect(formatRateLimit({ max: 1_000, durationMs: 60_000 })).toBe('1,000 per minute');
    expect(formatRateLimit({ max: 1, durationMs: 3_600_000 })).toBe('1 per hour');
    expect(formatRateLimit({ max: 2, durationMs: 86_400_000 })).toBe('2 per day');
  });

  it('counts whole units, the largest that divides the window', () => {
    expect(formatRateLimit({ max: 100, durationMs: 10_000 })).toBe('100 per 10 s');
    expect(formatRateLimit({ max: 3, durationMs: 120_000 })).toBe('3 per 2 min');
    expect(formatRateLimit({ max: 3, durationMs: 90_000 })).toBe('3 per 90 s');
  });

  it('keeps a window that is no whole second in exact milliseconds, never rounded', () => {
    expect(formatRateLimit({ max: 3, durationMs: 500 })).toBe('3 per 500 ms');
    expect(formatRateLimit({ max: 10, durationMs: 1_500 })).toBe('10 per 1,500 ms');
  });
});
