/**
 * Which queues a BullMQ source has: the configured list, or SCAN for `<prefix>:*:meta`, run on first
 * use and then re-run in the background every `intervalMs` so a new queue appears without a restart
 * and no request ever pays for a SCAN after the first.
 */
import 'server-only';
import type { BullmqClient } from './client';
import { metaScanPattern, queueNameFromMetaKey } from './keys';

export interface QueueDiscoveryOptions {
  prefix: string;
  /** Fixed list from the config; disables scanning. */
  queues?: readonly string[];
  intervalMs: number;
}

export class QueueDiscovery {
  private readonly fixed: readonly string[] | null;
  private known: string[] | null = null;
  private inFlight: Promise<string[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly client: BullmqClient,
    private readonly options: QueueDiscoveryOptions,
  ) {
    this.fixed = options.queues ? [...new Set(options.queues)].sort() : null;
  }

  /** True when the source is limited to the configured queues. */
  get isFixed(): boolean {
    return this.fixed !== null;
  }

  /** Queue names, sorted. The first call scans (and starts the periodic re-scan); later calls are free. */
  async queues(): Promise<string[]> {
    if (this.fixed) return [...this.fixed];
    if (this.known) return this.known;
    return this.refresh();
  }

  /** A queue the config does not list, when it lists them: answer "unknown" without any I/O. */
  excludes(queue: string): boolean {
    return this.fixed !== null && !this.fixed.includes(queue);
  }

  /** Names known without any I/O (empty before the first scan). */
  cached(): readonly string[] {
    return this.fixed ?? this.known ?? [];
  }

  /** Remember a queue found by a direct lookup before the next scan sees it. */
  remember(queue: string): void {
    if (this.fixed || !this.known || this.known.includes(queue)) return;
    this.known = [...this.known, queue].sort();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private refresh(): Promise<string[]> {
    this.inFlight ??= this.scan()
      .then((names) => {
        this.known = names;
        this.startTimer();
        return names;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async scan(): Promise<string[]> {
    const keys = await this.client.scanKeys(metaScanPattern(this.options.prefix));
    const names = new Set<string>();
    for (const key of keys) {
      const name = queueNameFromMetaKey(this.options.prefix, key);
      if (name !== null) names.add(name);
    }
    return [...names].sort();
  }

  private startTimer(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      // A failed re-scan keeps the last good list; the request that needs Redis reports the outage.
      this.refresh().catch(() => {});
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
