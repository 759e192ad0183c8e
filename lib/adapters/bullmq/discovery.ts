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

/** Discovery may use at most 1/SCAN_DUTY_FACTOR of wall time (see scheduleNext). */
const SCAN_DUTY_FACTOR = 20;
/** Keys examined per SCAN round trip: large pages keep a million-key walk to ~100 trips. */
const SCAN_PAGE = 10_000;

export class QueueDiscovery {
  private readonly fixed: readonly string[] | null;
  private known: string[] | null = null;
  private inFlight: Promise<string[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastScanMs = 0;

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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private refresh(): Promise<string[]> {
    this.inFlight ??= this.timedScan()
      .then((names) => {
        this.known = names;
        return names;
      })
      .finally(() => {
        this.inFlight = null;
        this.scheduleNext();
      });
    return this.inFlight;
  }

  private async timedScan(): Promise<string[]> {
    const started = Date.now();
    try {
      return await this.scan();
    } finally {
      this.lastScanMs = Date.now() - started;
    }
  }

  private async scan(): Promise<string[]> {
    const keys = await this.client.scanKeys(metaScanPattern(this.options.prefix), SCAN_PAGE);
    const names = new Set<string>();
    for (const key of keys) {
      const name = queueNameFromMetaKey(this.options.prefix, key);
      if (name !== null) names.add(name);
    }
    return [...names].sort();
  }

  /**
   * SCAN walks the whole keyspace, so on a Redis holding millions of jobs one pass is real work: the
   * next pass waits at least SCAN_DUTY_FACTOR times as long as the last one took, keeping discovery
   * to a few percent of the server's time whatever `intervalMs` says.
   */
  private scheduleNext(): void {
    if (this.timer || this.stopped || this.fixed) return;
    const delay = Math.max(this.options.intervalMs, this.lastScanMs * SCAN_DUTY_FACTOR);
    this.timer = setTimeout(() => {
      this.timer = null;
      // A failed re-scan keeps the last good list; the request that needs Redis reports the outage.
      this.refresh().catch(() => {});
    }, delay);
    this.timer.unref();
  }
}
