/**
 * The whole overview of a source as ONE server-side script: Redis reads every queue's meta, state
 * lengths, limiter and scheduler count and answers with one flat array. A pipeline of ~12 commands per
 * queue is one round trip too, but at hundreds of queues the client spends most of the call encoding
 * and decoding thousands of separate replies; one reply is several times cheaper (see bench/).
 */
import { QUEUE_META_FIELDS, type QueueLengths } from './map';
import { queueKeys } from './keys';

/** Keys passed per queue, in this order; the script reads them positionally. */
const KEYS_PER_QUEUE = 11;
/** Values answered per queue: the meta fields, then the numbers below. */
export const VALUES_PER_QUEUE = QUEUE_META_FIELDS.length + 11;

// pcall: a key of an unexpected type (a foreign key under the prefix) reads as empty, not as an error
// that would fail the overview of every other queue.
export const OVERVIEW_SCRIPT = `
local fields = {${QUEUE_META_FIELDS.map((field) => `'${field}'`).join(', ')}}
local out = {}
local n = 0
local function push(v) n = n + 1; out[n] = v end
local function num(cmd, key)
  local r = redis.pcall(cmd, key)
  if type(r) == 'number' then return r end
  return 0
end
for i = 1, #KEYS, ${KEYS_PER_QUEUE} do
  local meta = redis.pcall('HMGET', KEYS[i], unpack(fields))
  for f = 1, #fields do
    if type(meta) == 'table' and meta[f] then push(meta[f]) else push(false) end
  end
  push(num('LLEN', KEYS[i + 1]))
  push(num('LLEN', KEYS[i + 2]))
  push(num('LLEN', KEYS[i + 3]))
  push(num('ZCARD', KEYS[i + 4]))
  push(num('ZCARD', KEYS[i + 5]))
  push(num('ZCARD', KEYS[i + 6]))
  push(num('ZCARD', KEYS[i + 7]))
  push(num('ZCARD', KEYS[i + 8]))
  local limiter = redis.pcall('GET', KEYS[i + 9])
  if type(limiter) == 'string' then push(limiter) else push(false) end
  push(num('PTTL', KEYS[i + 9]))
  push(num('ZCARD', KEYS[i + 10]))
end
return out
`;

/** The KEYS argument for `queues`, KEYS_PER_QUEUE per queue. */
export function overviewKeys(prefix: string, queues: readonly string[]): string[] {
  return queues.flatMap((name) => {
    const keys = queueKeys(prefix, name);
    return [
      keys.meta,
      keys.wait,
      keys.paused,
      keys.active,
      keys.delayed,
      keys.prioritized,
      keys.waitingChildren,
      keys.completed,
      keys.failed,
      keys.limiter,
      keys.repeat,
    ];
  });
}

export interface OverviewFacts {
  meta: (string | null)[];
  lengths: QueueLengths;
  limiterValue: string | null;
  limiterPttl: number;
  schedulerCount: number;
}

/** Pure: the script's flat reply → one fact record per queue, in the order the queues were given. */
export function toOverviewFacts(reply: readonly unknown[], queueCount: number): OverviewFacts[] {
  if (reply.length !== queueCount * VALUES_PER_QUEUE) {
    throw new Error(`overview script answered ${reply.length} values for ${queueCount} queues`);
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const count = (value: unknown) => (typeof value === 'number' ? value : Number(value) || 0);
  const facts: OverviewFacts[] = [];
  for (let q = 0; q < queueCount; q++) {
    const at = (offset: number) => reply[q * VALUES_PER_QUEUE + offset];
    const metaCount = QUEUE_META_FIELDS.length;
    const n = (offset: number) => count(at(metaCount + offset));
    facts.push({
      meta: QUEUE_META_FIELDS.map((_, index) => text(at(index))),
      lengths: {
        wait: n(0),
        paused: n(1),
        active: n(2),
        delayed: n(3),
        prioritized: n(4),
        waitingChildren: n(5),
        completed: n(6),
        failed: n(7),
      },
      limiterValue: text(at(metaCount + 8)),
      limiterPttl: n(9),
      schedulerCount: n(10),
    });
  }
  return facts;
}
