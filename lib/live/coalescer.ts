/**
 * Per-key rate limit with merging: the first value of a quiet key goes out at once, later ones within
 * `intervalMs` are merged and go out together when the interval ends. So a queue hammered by a
 * thousand jobs a second costs its viewers at most 1000/intervalMs messages, and the last word is
 * never lost.
 */
export class Coalescer<V> {
  private readonly keys = new Map<
    string,
    { lastAt: number; pending: V | undefined; timer: ReturnType<typeof setTimeout> | null }
  >();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, value: V) => void,
    private readonly merge: (pending: V, next: V) => V = (_pending, next) => next,
  ) {}

  push(key: string, value: V): void {
    const now = Date.now();
    const entry = this.keys.get(key);
    if (!entry) {
      this.keys.set(key, { lastAt: now, pending: undefined, timer: null });
      this.emit(key, value);
      return;
    }
    if (entry.timer === null && now - entry.lastAt >= this.intervalMs) {
      entry.lastAt = now;
      this.emit(key, value);
      return;
    }
    entry.pending = entry.pending === undefined ? value : this.merge(entry.pending, value);
    if (entry.timer !== null) return;
    entry.timer = setTimeout(() => this.flush(key), Math.max(0, entry.lastAt + this.intervalMs - now));
    entry.timer.unref?.();
  }

  /** Forget every key and drop what is pending (the feed stopped). */
  clear(): void {
    for (const entry of this.keys.values()) if (entry.timer !== null) clearTimeout(entry.timer);
    this.keys.clear();
  }

  private flush(key: string): void {
    const entry = this.keys.get(key);
    if (!entry) return;
    entry.timer = null;
    if (entry.pending === undefined) return;
    const value = entry.pending;
    entry.pending = undefined;
    entry.lastAt = Date.now();
    this.emit(key, value);
  }
}
