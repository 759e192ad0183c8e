/** A fixed-capacity buffer of the newest entries, in order; the oldest is overwritten when full. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The oldest entry still held. */
  first(): T | undefined {
    return this.count ? this.items[this.start] : undefined;
  }

  /** Entries, oldest first, from the first one `from` accepts (binary search: entries must be ordered). */
  since(isAfter: (item: T) => boolean): T[] {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (isAfter(this.at(mid))) high = mid;
      else low = mid + 1;
    }
    const out: T[] = [];
    for (let i = low; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  private at(index: number): T {
    return this.items[(this.start + index) % this.capacity] as T;
  }
}
