/** Pure formatting helpers for the UI: sizes, durations, times. */

const units = ['B', 'KiB', 'MiB', 'GiB'] as const;

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit]}`;
}

/** "3 s", "5 min", "2 h", "4 d" — the largest unit that fits. */
export function formatDuration(ms: number): string {
  // Rate-limiter TTLs are often a few hundred ms: "0 s" would read as "not limited".
  if (Math.abs(ms) < 1000) return `${Math.round(Math.abs(ms))} ms`;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

const windowNames: [ms: number, one: string, many: string][] = [
  [86_400_000, 'day', 'd'],
  [3_600_000, 'hour', 'h'],
  [60_000, 'minute', 'min'],
  [1_000, 'second', 's'],
];

/**
 * A rate limit the one way every view writes it: "5 per second", "100 per 10 s", "3 per 500 ms",
 * "10 per 1,500 ms". The window is exact — a limiter's window is a setting, never rounded.
 */
export function formatRateLimit(limit: { max: number; durationMs: number }): string {
  const max = limit.max.toLocaleString('en-US');
  for (const [unitMs, one, many] of windowNames) {
    if (limit.durationMs === unitMs) return `${max} per ${one}`;
    if (limit.durationMs % unitMs === 0) return `${max} per ${(limit.durationMs / unitMs).toLocaleString('en-US')} ${many}`;
  }
  return `${max} per ${limit.durationMs.toLocaleString('en-US')} ms`;
}

/** "5 min ago" or "in 2 h", relative to `now`. */
export function formatRelative(at: number, now: number): string {
  const delta = at - now;
  if (Math.abs(delta) < 1000) return 'just now';
  return delta < 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(delta)}`;
}

/** ISO-like local time with milliseconds, for titles and detail views. */
export function formatAbsolute(at: number): string {
  const date = new Date(at);
  const pad = (value: number, size = 2) => String(value).padStart(size, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

/** JSON for humans: pretty-printed, and never throws (cycles cannot come from JSON, but be safe). */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Progress as a 0..100 number when it is one, else null (BullMQ progress may be any JSON). */
export function progressPercent(progress: unknown): number | null {
  return typeof progress === 'number' && Number.isFinite(progress) ? Math.max(0, Math.min(100, progress)) : null;
}

export function formatProgress(progress: unknown): string {
  if (progress === null || progress === undefined || progress === 0 || progress === false) return '';
  const percent = progressPercent(progress);
  if (percent !== null) return `${Math.round(percent)}%`;
  return typeof progress === 'string' ? progress : prettyJson(progress);
}
