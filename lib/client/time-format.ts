/** How times read across the app: relative ("5 min ago"), absolute (local clock) or both — the user picks. */
import { formatAbsolute, formatRelative } from './format';

export const timeFormats = ['relative', 'absolute', 'both'] as const;
export type TimeFormat = (typeof timeFormats)[number];
export const DEFAULT_TIME_FORMAT: TimeFormat = 'relative';
export const TIME_FORMAT_STORAGE_KEY = 'yardmaster:time-format';

export function parseTimeFormat(value: string | null | undefined): TimeFormat {
  return (timeFormats as readonly string[]).includes(value ?? '') ? (value as TimeFormat) : DEFAULT_TIME_FORMAT;
}

/** UTC to the second: what the server and the hydrating browser both render, whatever their zones. */
export function formatUtc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * The text and tooltip of one timestamp. `now` is null while the page hydrates (the server has no
 * browser clock or time zone): then both read UTC, the same on both sides.
 */
export function formatTimestamp(at: number, now: number | null, format: TimeFormat): { text: string; title: string } {
  if (now === null) return { text: formatUtc(at), title: formatUtc(at) };
  const relative = formatRelative(at, now);
  const absolute = formatAbsolute(at);
  switch (format) {
    case 'relative':
      return { text: relative, title: absolute };
    case 'absolute':
      // Milliseconds stay in the tooltip: to the second is what a table can hold.
      return { text: absolute.slice(0, 19), title: `${absolute} (${relative})` };
    case 'both':
      return { text: `${absolute.slice(0, 19)} · ${relative}`, title: absolute };
  }
}
