/**
 * The Lua scripts of the Redis Celery task index. `APPLY_SCRIPT` applies one batch of task and
 * worker observations atomically: Celery's state precedence (celery/states.py `precedence`, as
 * celery/events/state.py `Task.event` uses it), idempotent so two dashboards ingesting the same
 * events store each task once, index upkeep, and a bounded slice of retention trimming.
 * `LIST_SCRIPT` reads one newest-first page from one or several index sorted sets, merged by score.
 *
 * Keys are built inside the scripts from the prefix in KEYS[1] (single-node Redis; not cluster-safe).
 */

/**
 * ARGV: now, retention ms (succeeded, failed, revoked, unfinished, offline workers), maxTasks,
 * trimBudget, unknownQueue, taskCount, then per task: id, state, normalisedState, at, type, host,
 * fieldCount, field, value...; then workerCount, per worker: hostname, at, json, offline (0|1).
 * Answers: [trimmed, (id, queue, normalisedState, nativeState, previousNormalisedState|'', at)...].
 */
export const APPLY_SCRIPT = `
local P = KEYS[1]
local now = tonumber(ARGV[1])
local keep = { completed = tonumber(ARGV[2]), failed = tonumber(ARGV[3]), cancelled = tonumber(ARGV[4]) }
local keepUnfinished = tonumber(ARGV[5])
local keepWorkers = tonumber(ARGV[6])
local maxTasks = tonumber(ARGV[7])
local budget = tonumber(ARGV[8])
local UNKNOWN = ARGV[9]

-- celery.states.PRECEDENCE: SUCCESS, FAILURE, None (any custom state), REVOKED, STARTED,
-- RECEIVED, REJECTED, RETRY, PENDING. A lower index wins.
local PREC = { SUCCESS = 0, FAILURE = 1, REVOKED = 3, STARTED = 4, RECEIVED = 5, REJECTED = 6, RETRY = 7, PENDING = 8 }
local function prec(s) return PREC[s] or 2 end

-- What a late event may still tell (Celery merges these from a late task-received), set only when missing.
local IDENTITY = { name = true, args = true, kwargs = true, root = true, parent = true, eta = true,
  expires = true, retries = true, queue = true }
-- Epoch-ms fields (and the retry count): the largest value stays, whichever order the events came in.
local TIMES = { sent = true, received = true, started = true, succeeded = true, failed = true,
  retried = true, revoked = true, rejected = true }
local LOG_MAX = 4096

local function indexKeys(nstate, queue, name, worker)
  local keys = { P .. 'i:all', P .. 'i:s:' .. nstate, P .. 'i:qs:' .. nstate .. ':' .. queue }
  if name and name ~= '' then keys[#keys + 1] = P .. 'i:ns:' .. nstate .. ':' .. name end
  if worker and worker ~= '' then
    keys[#keys + 1] = P .. 'i:w:' .. worker
    keys[#keys + 1] = P .. 'i:ws:' .. nstate .. ':' .. worker
  end
  return keys
end

local function drop(id)
  local h = P .. 't:' .. id
  local v = redis.call('HMGET', h, 'nstate', 'queue', 'name', 'worker', 'parent')
  if v[1] then
    for _, key in ipairs(indexKeys(v[1], v[2] or UNKNOWN, v[3], v[4])) do redis.call('ZREM', key, id) end
  end
  if v[5] then redis.call('ZREM', P .. 'c:' .. v[5], id) end
  redis.call('ZREM', P .. 'i:all', id)
  redis.call('DEL', h, P .. 'c:' .. id)
end

-- Read every task once, fold all of its events of this batch in memory, write it once.
local READ = { 'state', 'nstate', 'at', 'log', 'worker', 'name', 'args', 'kwargs', 'root', 'parent', 'eta',
  'expires', 'retries', 'queue', 'sent', 'received', 'started', 'succeeded', 'failed', 'retried', 'revoked', 'rejected' }

local out = { 0 }
local i = 10
local taskCount = tonumber(ARGV[i]); i = i + 1
local order, byId = {}, {}
for _ = 1, taskCount do
  -- Fields stay in ARGV: the event keeps where they start and how many (no table per field).
  local n = tonumber(ARGV[i + 6])
  local ev = { id = ARGV[i], state = ARGV[i + 1], nstate = ARGV[i + 2], at = tonumber(ARGV[i + 3]),
    etype = ARGV[i + 4], host = ARGV[i + 5], first = i + 7, count = n }
  i = i + 7 + 2 * n
  local list = byId[ev.id]
  if not list then list = {}; byId[ev.id] = list; order[#order + 1] = ev.id end
  list[#list + 1] = ev
end

for _, id in ipairs(order) do
  local h = P .. 't:' .. id
  local vals = redis.call('HMGET', h, unpack(READ))
  local cur = {}
  for j, f in ipairs(READ) do if vals[j] then cur[f] = vals[j] end end
  local was = { state = cur.state, nstate = cur.nstate, at = tonumber(cur.at), queue = cur.queue, name = cur.name,
    worker = cur.worker, parent = cur.parent }
  local curAt = was.at
  local set = {}
  local log = cur.log or ''
  local logChanged = false
  for _, ev in ipairs(byId[id]) do
    local state, at = ev.state, ev.at
    local apply = true
    if cur.state then
      if state ~= 'RETRY' and cur.state ~= 'RETRY' and prec(state) > prec(cur.state) then
        apply = false
      elseif (state == 'RETRY' or prec(state) == prec(cur.state)) and at < curAt then
        -- Beyond Celery's rule: a replayed older retry (or a repeat of the current state) must not
        -- undo a newer state, so two dashboards replaying each other's events converge.
        apply = false
      end
    end
    if apply then
      cur.state = state; cur.nstate = ev.nstate; curAt = at
      set.state = state; set.nstate = ev.nstate; set.at = tostring(at)
    end
    for j = ev.first, ev.first + 2 * ev.count - 1, 2 do
      local k, v = ARGV[j], ARGV[j + 1]
      local old = cur[k]
      if TIMES[k] or k == 'retries' then
        if not old or (tonumber(v) or 0) > (tonumber(old) or 0) then cur[k] = v; set[k] = v end
      elseif apply then
        if old ~= v then cur[k] = v; set[k] = v end
      elseif IDENTITY[k] and not old then
        cur[k] = v; set[k] = v
      end
    end
    local line = tostring(at) .. ' ' .. ev.etype .. ' ' .. ev.host
    if not string.find(log, line, 1, true) then
      if log == '' then log = line else log = log .. '\\n' .. line end
      logChanged = true
    end
  end
  if logChanged then
    while #log > LOG_MAX do
      local cut = string.find(log, '\\n', 1, true)
      if not cut then break end
      log = string.sub(log, cut + 1)
    end
    set.log = log
  end
  local flat = {}
  for k, v in pairs(set) do flat[#flat + 1] = k; flat[#flat + 1] = v end
  if #flat > 0 then redis.call('HSET', h, unpack(flat)) end

  if cur.nstate ~= was.nstate or curAt ~= was.at or cur.queue ~= was.queue or cur.name ~= was.name or cur.worker ~= was.worker then
    if was.nstate then
      for _, key in ipairs(indexKeys(was.nstate, was.queue or UNKNOWN, was.name, was.worker)) do redis.call('ZREM', key, id) end
    end
    for _, key in ipairs(indexKeys(cur.nstate, cur.queue or UNKNOWN, cur.name, cur.worker)) do redis.call('ZADD', key, curAt, id) end
    if cur.queue and cur.queue ~= was.queue then redis.call('ZADD', P .. 'queues', now, cur.queue) end
    -- Lex sets of the names and workers tasks had, for prefix searches (name:tasks.*).
    if cur.name and cur.name ~= was.name then redis.call('ZADD', P .. 'names', 0, cur.name) end
    if cur.worker and cur.worker ~= was.worker then redis.call('ZADD', P .. 'tworkers', 0, cur.worker) end
  end
  if cur.parent and cur.parent ~= id and not was.parent then
    redis.call('ZADD', P .. 'c:' .. cur.parent, 'NX', tonumber(cur.received or cur.sent or curAt), id)
  end
  if cur.nstate ~= was.nstate or cur.state ~= was.state then
    out[#out + 1] = id; out[#out + 1] = cur.queue or UNKNOWN; out[#out + 1] = cur.nstate
    out[#out + 1] = cur.state; out[#out + 1] = was.nstate or ''; out[#out + 1] = tostring(curAt)
  end
end

local workerCount = tonumber(ARGV[i]); i = i + 1
for _ = 1, workerCount do
  local host, at, json, offline = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  i = i + 4
  local last = tonumber(redis.call('ZSCORE', P .. 'workers:at', host))
  if not last or at >= last then
    redis.call('ZADD', P .. 'workers:at', at, host)
    redis.call('HSET', P .. 'workers', host, json)
    redis.call('HSETNX', P .. 'workers:first', host, tostring(now))
  end
end

-- Retention and the size cap: a bounded slice per call, so a batch never stalls Redis.
local trimmed = 0
local function trimState(nstate, ms)
  if trimmed >= budget then return end
  local ids = redis.call('ZRANGEBYSCORE', P .. 'i:s:' .. nstate, '-inf', now - ms, 'LIMIT', 0, budget - trimmed)
  for _, id in ipairs(ids) do drop(id); trimmed = trimmed + 1 end
end
trimState('completed', keep.completed)
trimState('failed', keep.failed)
trimState('cancelled', keep.cancelled)
for _, s in ipairs({ 'waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'paused' }) do
  trimState(s, keepUnfinished)
end
local excess = redis.call('ZCARD', P .. 'i:all') - maxTasks
if excess > 0 and trimmed < budget then
  local ids = redis.call('ZRANGE', P .. 'i:all', 0, math.min(excess, budget - trimmed) - 1)
  for _, id in ipairs(ids) do drop(id); trimmed = trimmed + 1 end
end
local gone = redis.call('ZRANGEBYSCORE', P .. 'workers:at', '-inf', now - keepWorkers, 'LIMIT', 0, 100)
for _, host in ipairs(gone) do
  redis.call('ZREM', P .. 'workers:at', host)
  redis.call('HDEL', P .. 'workers', host)
  redis.call('HDEL', P .. 'workers:first', host)
  redis.call('HDEL', P .. 'workers:pool', host)
end
out[1] = trimmed
return out
`;

/**
 * KEYS: prefix, then the index sorted sets to merge. ARGV: maxScore (the cursor's score, or the
 * window's end, or '+inf'), afterMember ('' for the first page), minScore ('-inf' or ms), windowMax
 * (the window's end for the total), limit, scanLimit, unknownQueue, filterCount, (field, value)...,
 * previewChars (0: none), then the hash fields to return per task. A filter on the field `~text`
 * matches when its value (lower case) is in the args, kwargs, result or exception, case-insensitively.
 * With previewChars > 0 each row ends with its args and kwargs cut to that many bytes. Up to
 * limit + 1 tasks come back (the extra one says there is more). Answers: [complete, scanned, total
 * (-1 when filtered), scanScore, scanMember, (id, score, field values..., [args, kwargs])...].
 */
export const LIST_SCRIPT = `
local P = KEYS[1]
local maxScore, after, minScore, windowMax = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local limit, scanLimit = tonumber(ARGV[5]), tonumber(ARGV[6])
local UNKNOWN = ARGV[7]
local filterCount = tonumber(ARGV[8])
local filters = {}
local a = 9
local text = nil
for _ = 1, filterCount do
  if ARGV[a] == '~text' then text = ARGV[a + 1] else filters[#filters + 1] = { ARGV[a], ARGV[a + 1] } end
  a = a + 2
end
local previewChars = tonumber(ARGV[a]); a = a + 1
local rowFields = {}
for j = a, #ARGV do rowFields[#rowFields + 1] = ARGV[j] end
local filterFields = {}
for _, x in ipairs(filters) do filterFields[#filterFields + 1] = x[1] end
local TEXT_FIELDS = { 'args', 'kwargs', 'result', 'exception' }

local function hasText(id)
  local vals = redis.call('HMGET', P .. 't:' .. id, unpack(TEXT_FIELDS))
  for _, v in ipairs(vals) do
    if v and string.find(string.lower(v), text, 1, true) then return true end
  end
  return false
end

-- The next n entries after (maxScore, after) across every key, newest first; ties by id, descending.
local function top(maxS, afterId, n)
  local all = {}
  for k = 2, #KEYS do
    local extra = 0
    if afterId ~= '' then extra = redis.call('ZCOUNT', KEYS[k], maxS, maxS) end
    local raw = redis.call('ZREVRANGEBYSCORE', KEYS[k], maxS, minScore, 'WITHSCORES', 'LIMIT', 0, n + extra)
    for j = 1, #raw, 2 do
      local id, score = raw[j], tonumber(raw[j + 1])
      if afterId == '' or score < tonumber(maxS) or id < afterId then all[#all + 1] = { id, score } end
    end
  end
  table.sort(all, function(x, y) if x[2] ~= y[2] then return x[2] > y[2] end return x[1] > y[1] end)
  local res = {}
  for j = 1, math.min(n, #all) do res[j] = all[j] end
  return res
end

local found, scanned, complete = {}, 0, 1
local cursorS, cursorM = maxScore, after
-- A scan reads no more than scanLimit entries in all, so its chunks never overshoot the bound.
local chunk = filterCount > 0 and math.max(1, math.min(math.max(limit, 100), scanLimit)) or limit + 1
while #found <= limit do
  local batch = top(cursorS, cursorM, chunk)
  local used = 0
  for _, entry in ipairs(batch) do
    used = used + 1
    cursorS, cursorM = tostring(entry[2]), entry[1]
    local ok = true
    if filterCount > 0 then
      scanned = scanned + 1
      if #filters > 0 then
        local vals = redis.call('HMGET', P .. 't:' .. entry[1], unpack(filterFields))
        for j, x in ipairs(filters) do
          local v = vals[j]
          if x[1] == 'queue' and not v then v = UNKNOWN end
          if v ~= x[2] then ok = false; break end
        end
      end
      if ok and text then ok = hasText(entry[1]) end
    end
    if ok then found[#found + 1] = entry end
    if #found > limit or (filterCount > 0 and scanned >= scanLimit) then break end
  end
  if #found > limit then break end
  if filterCount > 0 and scanned >= scanLimit then
    -- Cut short unless this batch was the set's last and was read to its end.
    if used < #batch or #batch == chunk then complete = 0 end
    break
  end
  if #batch < chunk then break end
end

local total = -1
if filterCount == 0 then
  total = 0
  for k = 2, #KEYS do total = total + redis.call('ZCOUNT', KEYS[k], minScore, windowMax) end
end
local out = { complete, scanned, total, cursorS, cursorM }
for j, entry in ipairs(found) do
  local vals = redis.call('HMGET', P .. 't:' .. entry[1], unpack(rowFields))
  out[#out + 1] = entry[1]; out[#out + 1] = tostring(entry[2])
  for _, v in ipairs(vals) do out[#out + 1] = v or false end
  if previewChars > 0 then
    local p = redis.call('HMGET', P .. 't:' .. entry[1], 'args', 'kwargs')
    out[#out + 1] = p[1] and string.sub(p[1], 1, previewChars) or false
    out[#out + 1] = p[2] and string.sub(p[2], 1, previewChars) or false
  end
end
return out
`;
