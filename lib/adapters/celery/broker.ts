/**
 * Reads of the kombu Redis broker: queues discovered from the `_kombu.binding.*` sets (SCAN, in the
 * background, cached), every queue's length over its priority sub-lists and the in-flight
 * (`unacked`) messages per queue with the oldest one's age — all in ONE script call — and a peek
 * at the next messages a worker would take.
 */
import 'server-only';
import type Redis from 'ioredis';
import type { BrokerKeys } from './keys';
import {
  bindingKey,
  bindingPattern,
  isInternalExchange,
  parseBinding,
  priorityLists,
  unackedIndexKey,
  unackedKey,
} from './keys';
import type { QueuedMessage } from './map';
import { toQueuedMessage } from './map';

export interface BrokerQueueFacts {
  /** Messages waiting, over every priority sub-list. */
  waiting: number;
  /** Waiting per priority step (`0` is the queue itself). */
  byPriority: Record<string, number>;
  /** Delivered to a worker, not yet acknowledged (late ack or prefetched), by routing key. */
  inFlight: number;
  /** Epoch ms of this queue's oldest unacknowledged delivery; null when none (or not split). */
  oldestInFlightAt: number | null;
}

export interface BrokerOverview {
  queues: Map<string, BrokerQueueFacts>;
  unacked: number;
  /** Epoch ms of the oldest unacknowledged delivery; null when none. */
  oldestUnackedAt: number | null;
  /** False when there were more unacked messages than the script reads to split by queue. */
  inFlightExact: boolean;
}

/** Unacked entries read to split the in-flight count by queue; beyond it only the total is exact. */
const UNACKED_SPLIT_LIMIT = 5_000;

/**
 * KEYS[1] unacked, KEYS[2] unacked_index, then each queue's priority lists in step order.
 * ARGV: steps per queue, split limit. Answers [unacked, oldestScore|false, exact, (len per list)...,
 * (routing key, count, oldest score as text)...]. The split reads each unacked entry's routing key
 * (HGETALL) and its delivery time (ZSCORE of its tag), so only up to the split limit.
 */
const OVERVIEW_SCRIPT = `
local out = { redis.call('HLEN', KEYS[1]), false, 1 }
local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if oldest[2] then out[2] = oldest[2] end
for k = 3, #KEYS do out[#out + 1] = redis.call('LLEN', KEYS[k]) end
local counts, first = {}, {}
if out[1] <= tonumber(ARGV[2]) then
  local all = redis.call('HGETALL', KEYS[1])
  for j = 1, #all, 2 do
    local ok, entry = pcall(cjson.decode, all[j + 1])
    if ok and type(entry) == 'table' and type(entry[3]) == 'string' then
      local key = entry[3]
      counts[key] = (counts[key] or 0) + 1
      local at = tonumber(redis.call('ZSCORE', KEYS[2], all[j]))
      if at and (not first[key] or at < first[key]) then first[key] = at end
    end
  end
else
  out[3] = 0
end
for key, n in pairs(counts) do
  out[#out + 1] = key; out[#out + 1] = n; out[#out + 1] = first[key] and tostring(first[key]) or ''
end
return out
`;

export class CeleryBroker {
  private discovered: string[] = [];
  private lastScan = 0;
  private scanning: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keys: BrokerKeys,
    private readonly options: { configQueues: readonly string[]; discoveryIntervalMs: number },
  ) {
    this.redis.defineCommand('ymCeleryBrokerOverview', { lua: OVERVIEW_SCRIPT });
  }

  /**
   * Queue names the broker knows, from the bindings (every queue a worker or producer declared),
   * re-scanned at most every discovery interval; the first call waits for the first scan.
   */
  async queues(): Promise<string[]> {
    const stale = Date.now() - this.lastScan >= this.options.discoveryIntervalMs;
    if (stale && !this.scanning) {
      const scan = this.scanBindings();
      // A failed re-scan keeps the last list; only the first one's failure reaches the caller.
      this.scanning = scan.catch(() => {}).finally(() => {
        this.scanning = null;
      });
      if (this.lastScan === 0) await scan;
    } else if (this.lastScan === 0 && this.scanning) {
      await this.scanning;
    }
    return [...new Set([...this.options.configQueues, ...this.discovered])];
  }

  private async scanBindings(): Promise<void> {
    const pattern = bindingPattern(this.keys);
    const exchanges: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of found) {
        const exchange = key.slice(pattern.length - 1);
        if (!isInternalExchange(exchange)) exchanges.push(exchange);
      }
    } while (cursor !== '0');
    const pipeline = this.redis.pipeline();
    for (const exchange of exchanges) pipeline.smembers(bindingKey(this.keys, exchange));
    const replies = exchanges.length ? ((await pipeline.exec()) ?? []) : [];
    const names = new Set<string>();
    for (const [error, members] of replies) {
      if (error) throw error;
      for (const member of members as string[]) {
        const binding = parseBinding(member);
        if (binding && binding.queue) names.add(binding.queue);
      }
    }
    this.discovered = [...names].sort();
    this.lastScan = Date.now();
  }

  /** Lengths, in-flight and the oldest unacked delivery of `queues`, in one round trip. */
  async overview(queues: readonly string[]): Promise<BrokerOverview> {
    const lists = queues.map((queue) => priorityLists(this.keys, queue));
    const steps = [...new Set([0, ...this.keys.prioritySteps])].sort((a, b) => a - b);
    const keys = [unackedKey(this.keys), unackedIndexKey(this.keys), ...lists.flat()];
    const call = (this.redis as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>)
      .ymCeleryBrokerOverview!;
    const reply = (await call.call(this.redis, keys.length, ...keys, steps.length, UNACKED_SPLIT_LIMIT)) as Array<
      string | number | null
    >;
    const unacked = Number(reply[0]);
    const oldestUnackedAt = reply[1] === null || reply[1] === undefined ? null : Math.round(Number(reply[1]) * 1000);
    let index = 3;
    const byQueue = new Map<string, BrokerQueueFacts>();
    for (const queue of queues) {
      const byPriority: Record<string, number> = {};
      let waiting = 0;
      for (const step of steps) {
        const length = Number(reply[index++]);
        byPriority[String(step)] = length;
        waiting += length;
      }
      byQueue.set(queue, { waiting, byPriority, inFlight: 0, oldestInFlightAt: null });
    }
    for (; index + 2 < reply.length; index += 3) {
      const facts = byQueue.get(String(reply[index]));
      if (!facts) continue;
      facts.inFlight = Number(reply[index + 1]);
      const first = reply[index + 2];
      facts.oldestInFlightAt = first === '' || first === null ? null : Math.round(Number(first) * 1000);
    }
    return { queues: byQueue, unacked, oldestUnackedAt, inFlightExact: Number(reply[2]) === 1 };
  }

  /** The next `limit` messages a worker would take from `queue`: the lowest priority step first, oldest first. */
  async peek(queue: string, limit: number): Promise<QueuedMessage[]> {
    const lists = priorityLists(this.keys, queue);
    const pipeline = this.redis.pipeline();
    // Producers LPUSH and workers BRPOP: the tail of each list goes first.
    for (const list of lists) pipeline.lrange(list, -limit, -1);
    const replies = (await pipeline.exec()) ?? [];
    const messages: QueuedMessage[] = [];
    for (const [error, raw] of replies) {
      if (error) throw error;
      for (const text of [...(raw as string[])].reverse()) {
        const message = toQueuedMessage(text);
        if (message) messages.push(message);
        if (messages.length >= limit) return messages;
      }
    }
    return messages;
  }
}
