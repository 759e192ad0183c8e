import { describe, expect, it } from 'vitest';
import type { RawMetrics } from './metrics-map';
import { MINUTE_MS, currentMinuteStart, metricsRangeStop, toAlignedSeries } from './metrics-map';

/** BullMQ's collectMetrics.lua, step for step: what Redis holds after jobs finish at `times`. */
function recordedBy(times: readonly number[], maxDataPoints = 10_080): RawMetrics {
  let count = 0;
  let prevTS: number | null = null;
  let prevCount = 0;
  const data: number[] = [];
  for (const timestamp of times) {
    const before = count;
    count += 1;
    if (prevTS === null) {
      prevTS = timestamp;
      prevCount = 0;
      continue;
    }
    const n = Math.min(
      Math.floor(timestamp / MINUTE_MS) - Math.floor(prevTS / MINUTE_MS),
      maxDataPoints,
    );
    if (n > 0) {
      const delta = before - prevCount;
      // LPUSH delta, 0, 0, …: each element goes to the head, so the zeros end up before delta.
      data.unshift(...Array<number>(n - 1).fill(0), delta);
      data.length = Math.min(data.length, maxDataPoints);
      prevCount = before;
      prevTS = timestamp;
    }
  }
  return {
    count: prevTS === null ? null : String(count),
    prevTS: prevTS === null ? null : String(prevTS),
    prevCount: prevTS === null ? null : String(prevCount),
    data: data.map(String),
  };
}

/** Jobs per finished minute before `now`'s minute, newest first, counted directly from the times. */
function expected(times: readonly number[], now: number, points: number): number[] {
  const nowMinute = Math.floor(now / MINUTE_MS);
  return Array.from({ length: points }, (_, age) => {
    const minute = nowMinute - 1 - age;
    return times.filter((time) => Math.floor(time / MINUTE_MS) === minute).length;
  });
}

const base = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('toAlignedSeries', () => {
  it('is null when no worker ever recorded metrics', () => {
    expect(
      toAlignedSeries({ count: null, prevTS: null, prevCount: null, data: [] }, base, 60),
    ).toBeNull();
  });

  it('puts the minute still held in the hash where it belongs, and zeros after the queue went quiet', () => {
    // 2 jobs at 12:00, 3 at 12:01, 1 at 12:03; read at 12:10:30.
    const times = [0, 10, 60_000, 61_000, 62_000, 180_000].map((offset) => base + offset);
    const raw = recordedBy(times);
    // What Redis holds: the 12:03 job is only in the hash.
    expect(raw.data).toEqual(['0', '3', '2']);
    expect(raw.count).toBe('6');
    const now = base + 10 * MINUTE_MS + 30_000;
    const series = toAlignedSeries(raw, now, 12)!;
    expect(series.total).toBe(6);
    //             12:09 … 12:04     12:03 12:02 12:01 12:00 11:59 11:58
    expect(series.points).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 3, 2, 0, 0]);
  });

  it('leaves out the unfinished current minute', () => {
    const times = [base, base + 1_000, base + MINUTE_MS + 5_000];
    const series = toAlignedSeries(recordedBy(times), base + MINUTE_MS + 20_000, 3)!;
    expect(series.points).toEqual([2, 0, 0]);
  });

  it('matches the per-minute counts of the finish times, whatever the pattern', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const times: number[] = [];
      let time = base + Math.floor(random() * MINUTE_MS);
      const jobs = Math.floor(random() * 40);
      for (let job = 0; job < jobs; job += 1) {
        time += Math.floor(random() * (random() < 0.2 ? 10 * MINUTE_MS : 20_000));
        times.push(time);
      }
      const now = (times.at(-1) ?? base) + Math.floor(random() * 30 * MINUTE_MS);
      const points = 1 + Math.floor(random() * 90);
      const raw = recordedBy(times);
      const series = toAlignedSeries(
        { ...raw, data: raw.data.slice(0, metricsRangeStop(points) + 1) },
        now,
        points,
      );
      if (times.length === 0) expect(series).toBeNull();
      else expect(series?.points, `round ${round}`).toEqual(expected(times, now, points));
    }
  });

  it("reads a worker clock that runs ahead of Redis by the worker's minutes", () => {
    const times = [base, base + MINUTE_MS, base + 2 * MINUTE_MS];
    // Redis says it is still 12:01:30 while the worker already counted 12:02.
    const series = toAlignedSeries(recordedBy(times), base + MINUTE_MS + 30_000, 2)!;
    expect(series.points).toEqual([1, 0]);
  });
});

describe('currentMinuteStart', () => {
  it('is the start of the minute', () => {
    expect(currentMinuteStart(base + 59_999)).toBe(base);
  });
});
