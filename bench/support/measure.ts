/** Timing and Redis accounting for benches: interleaved timing, INFO commandstats deltas, tables. */
import type { Redis } from 'ioredis';

export interface CommandStat {
  calls: number;
  usec: number;
}
/** `cmdstat_<name>` → calls and server time, from `INFO commandstats`. */
export type CommandCounts = Map<string, CommandStat>;

export async function commandCounts(redis: Redis): Promise<CommandCounts> {
  const text = await redis.info('commandstats');
  const counts: CommandCounts = new Map();
  for (const line of text.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
    if (match) counts.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
  }
  return counts;
}

/**
 * Commands run between two snapshots, per command name. The `before` snapshot's own INFO is counted
 * by Redis after it ran, so it appears in the delta once and is taken out here.
 */
export function commandDelta(before: CommandCounts, after: CommandCounts): CommandCounts {
  const delta: CommandCounts = new Map();
  for (const [name, stat] of after) {
    const previous = before.get(name) ?? { calls: 0, usec: 0 };
    const calls = stat.calls - previous.calls - (name === 'info' ? 1 : 0);
    if (calls > 0)
      delta.set(name, { calls, usec: name === 'info' ? 0 : stat.usec - previous.usec });
  }
  return delta;
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.min(
    sortedMs.length - 1,
    Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1),
  );
  return sortedMs[rank]!;
}

/** One timed call: from sending the request to the last byte of the body. */
export type Call = () => Promise<number>;

/** A GET of `url` as a Call; returns the body size, throws on a non-2xx answer. */
export function httpCall(url: string): Call {
  return async () => {
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    if (!response.ok) {
      throw new Error(
        `GET ${url} → ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`,
      );
    }
    return body.byteLength;
  };
}

export interface Timing {
  iterations: number;
  p50: number;
  p95: number;
  bytes: number;
}

export interface TimingOptions {
  warmup: number;
  rounds: number;
  /** Stop early (but after at least `minRounds`) once this much time is spent. */
  maxMs: number;
  minRounds: number;
}

/**
 * Time every call round-robin — one of each per round — so drift on a shared machine (other
 * processes, GC, CPU frequency) lands on every call alike instead of on whichever ran last.
 */
export async function timeInterleaved(
  calls: readonly Call[],
  options: TimingOptions,
): Promise<Timing[]> {
  const bytes = calls.map(() => 0);
  for (let i = 0; i < options.warmup; i++) {
    for (const [index, call] of calls.entries()) bytes[index] = await call();
  }
  const timings = calls.map((): number[] => []);
  const started = performance.now();
  let rounds = 0;
  while (
    rounds < options.rounds &&
    (rounds < options.minRounds || performance.now() - started < options.maxMs)
  ) {
    for (const [index, call] of calls.entries()) {
      const t0 = performance.now();
      bytes[index] = await call();
      timings[index]!.push(performance.now() - t0);
    }
    rounds++;
  }
  return timings.map((list, index) => {
    const sorted = [...list].sort((a, b) => a - b);
    return {
      iterations: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      bytes: bytes[index]!,
    };
  });
}

export interface Accounting {
  /** Redis commands per call (commandstats delta ÷ calls), Lua-internal calls included. */
  commandsPerCall: number;
  /** Time Redis itself spent per call (commandstats usec), ms. */
  redisMsPerCall: number;
  breakdown: [string, number][];
  /** Round trips per call when a counter is given, else null. */
  roundTripsPerCall: number | null;
}

/**
 * Untimed: one warm-up call, then `iterations` calls between two INFO commandstats snapshots. Nothing
 * else may talk to Redis meanwhile, so the delta is this call's alone.
 */
export async function account(
  call: () => Promise<unknown>,
  stats: Redis,
  iterations: number,
  roundTrips?: { read(): number },
): Promise<Accounting> {
  await call();
  const before = await commandCounts(stats);
  const tripsBefore = roundTrips?.read() ?? 0;
  for (let i = 0; i < iterations; i++) await call();
  const tripsAfter = roundTrips?.read() ?? 0;
  const delta = commandDelta(before, await commandCounts(stats));
  let calls = 0;
  let usec = 0;
  for (const stat of delta.values()) {
    calls += stat.calls;
    usec += stat.usec;
  }
  return {
    commandsPerCall: calls / iterations,
    redisMsPerCall: usec / 1000 / iterations,
    breakdown: [...delta.entries()]
      .map(([name, stat]): [string, number] => [name, stat.calls / iterations])
      .sort((a, b) => b[1] - a[1]),
    roundTripsPerCall: roundTrips ? (tripsAfter - tripsBefore) / iterations : null,
  };
}

export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
