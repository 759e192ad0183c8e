/**
 * The read behind the dead-letter walk (dead-letter-order.ts), for any sorted set of failed jobs
 * scored by failure time: BullMQ's failed sets and the Celery task index's `i:qs:failed:<queue>`.
 * Pure: the script text and its arguments; the adapters send it.
 */
import type { QueueStart } from './dead-letter-order';

/**
 * KEYS[1] the failed set; ARGV mode (start | ties | below | after-id), score, id, count. Answers
 * ZREVRANGE WITHSCORES from the start rank. Ties sit at ranks [first, first + run) in descending
 * member order; the binary search finds the first member below ARGV[3], comparing bytes (Lua's `<`
 * follows the server's collation locale, the sorted set does not).
 */
export const READ_FROM_SCRIPT = `
local key, mode, score, id = KEYS[1], ARGV[1], ARGV[2], ARGV[3]
local count = tonumber(ARGV[4])
local function below(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local start = 0
if mode ~= 'start' then
  start = redis.call('ZCOUNT', key, '(' .. score, '+inf')
  if mode == 'below' then
    start = start + redis.call('ZCOUNT', key, score, score)
  elseif mode == 'after-id' then
    local lo, hi = start, start + redis.call('ZCOUNT', key, score, score)
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if below(redis.call('ZREVRANGE', key, mid, mid)[1], id) then hi = mid else lo = mid + 1 end
    end
    start = lo
  end
end
return redis.call('ZREVRANGE', key, start, start + count - 1, 'WITHSCORES')
`;

export function readFromArgs(start: QueueStart, count: number): string[] {
  if (start.from === 'start') return ['start', '0', '', String(count)];
  const id = start.from === 'after-id' ? start.id : '';
  return [start.from, String(start.failedAt), id, String(count)];
}

