/**
 * SEARCH_SCRIPT: one branch (a conjunction) of a task search, one page, in one call. The caller
 * offers the index sets that could answer the branch (sources); the script counts each one's
 * entries in the time window (ZCOUNT, O(log n) per set), walks the smallest newest first — a
 * k-way merge of its sets by (score, id) — and checks the branch's clauses on each entry unless
 * that source answers all of them, until it has `want` matches, has checked `scanLimit` entries, or
 * the sets end.
 *
 * KEYS[1] = the index prefix. ARGV: maxScore ('+inf' or ms: where the walk starts, inclusive),
 * afterId ('' or the id at maxScore the walk starts after), minScore ('-inf' or ms), windowMax
 * ('+inf' or ms, for the exact total), want, scanLimit, unknownQueue, previewChars, then lists as
 * (count, items...): row fields; then sourceCount and per source type (all|state|queue|name|worker),
 * label, guaranteed (1 when it answers every clause), states list, values list, prefixes list; then
 * clauseCount and per clause kind, negate (0|1) and
 *   state:   normalised list, native list
 *   member:  field, values list, prefixes list
 *   text:    fields list, needles list (lower case)
 *   compare: field, op (> >= < <= =), value
 * Answers [status (full|cut|done), scanned, candidates, total (-1 unless guaranteed), label,
 * frontierScore, frontierId, (id, score, row field values..., [args, kwargs cut])...].
 */
export const SEARCH_SCRIPT = `
local P = KEYS[1]
local maxS, afterId, minS, windowMax = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local want, scanLimit = tonumber(ARGV[5]), tonumber(ARGV[6])
local UNKNOWN = ARGV[7]
local previewChars = tonumber(ARGV[8])
local a = 9
local function take() local v = ARGV[a]; a = a + 1; return v end
local function takeList() local n = tonumber(take()); local t = {}; for _ = 1, n do t[#t + 1] = take() end; return t end
local function asSet(list) local s = {}; for _, v in ipairs(list) do s[v] = true end; return s end

local rowFields = takeList()
local sources = {}
for _ = 1, tonumber(take()) do
  local s = { type = take(), label = take(), guaranteed = take() == '1' }
  s.states = takeList(); s.values = takeList(); s.prefixes = takeList()
  sources[#sources + 1] = s
end
local clauses = {}
for _ = 1, tonumber(take()) do
  local c = { kind = take(), negate = take() == '1' }
  if c.kind == 'state' then c.norm = asSet(takeList()); c.native = asSet(takeList())
  elseif c.kind == 'member' then c.field = take(); c.values = asSet(takeList()); c.prefixes = takeList()
  elseif c.kind == 'text' then c.fields = takeList(); c.needles = takeList()
  else c.field = take(); c.op = take(); c.value = tonumber(take()) end
  clauses[#clauses + 1] = c
end

-- Hash fields the clauses read (the score is 'at', the member the id), by their place in one HMGET.
local need, needList = {}, {}
local function want_field(f) if f ~= 'at' and f ~= 'id' and not need[f] then needList[#needList + 1] = f; need[f] = #needList end end
for _, c in ipairs(clauses) do
  if c.kind == 'state' then want_field('nstate'); want_field('state')
  elseif c.kind == 'text' then for _, f in ipairs(c.fields) do want_field(f) end
  else want_field(c.field) end
end

-- Members of a lex set (names, workers) or of the queues set, by value and prefix; nil past MAX_KEYS.
local MAX_KEYS = 512
local function members(s)
  local out, seen = {}, {}
  local function add(v) if not seen[v] then seen[v] = true; out[#out + 1] = v end end
  for _, v in ipairs(s.values) do add(v) end
  for _, p in ipairs(s.prefixes) do
    local found
    if s.type == 'queue' then
      found = {}
      for _, q in ipairs(redis.call('ZRANGE', P .. 'queues', 0, -1)) do
        if string.sub(q, 1, #p) == p then found[#found + 1] = q end
      end
      if string.sub(UNKNOWN, 1, #p) == p then found[#found + 1] = UNKNOWN end
    else
      local lex = s.type == 'name' and 'names' or 'tworkers'
      found = redis.call('ZRANGEBYLEX', P .. lex, '[' .. p, '[' .. p .. '\\255', 'LIMIT', 0, MAX_KEYS + 1)
    end
    for _, v in ipairs(found) do add(v) end
    if #out > MAX_KEYS then return nil end
  end
  return out
end

local function keysOf(s)
  local keys = {}
  if s.type == 'all' then return { P .. 'i:all' } end
  if s.type == 'state' then
    for _, st in ipairs(s.states) do keys[#keys + 1] = P .. 'i:s:' .. st end
    return keys
  end
  local m = members(s)
  if not m then return nil end
  for _, v in ipairs(m) do
    if s.type == 'worker' then keys[#keys + 1] = P .. 'i:w:' .. v
    else
      local infix = s.type == 'queue' and 'i:qs:' or 'i:ns:'
      for _, st in ipairs(s.states) do keys[#keys + 1] = P .. infix .. st .. ':' .. v end
    end
    if #keys > MAX_KEYS then return nil end
  end
  return keys
end

-- The smallest source in the window (a source answering every clause wins a tie).
local chosen
for _, s in ipairs(sources) do
  local keys = keysOf(s)
  if keys then
    local counts, total = {}, 0
    for j, key in ipairs(keys) do counts[j] = redis.call('ZCOUNT', key, minS, maxS); total = total + counts[j] end
    if not chosen or total < chosen.total or (total == chosen.total and s.guaranteed and not chosen.guaranteed) then
      chosen = { keys = keys, counts = counts, total = total, guaranteed = s.guaranteed, label = s.label }
    end
  end
end

-- Byte order, as Redis orders members of equal score (never the locale's collation).
local function bytesLess(x, y)
  local n = math.min(#x, #y)
  for k = 1, n do
    local bx, by = string.byte(x, k), string.byte(y, k)
    if bx ~= by then return bx < by end
  end
  return #x < #y
end

local chunk = chosen.guaranteed and want or math.min(math.max(want, 128), 1000)
local heads = {}
for j, key in ipairs(chosen.keys) do
  if chosen.counts[j] > 0 then heads[#heads + 1] = { key = key, buf = {}, pos = 1, s = maxS, id = afterId, done = false } end
end

-- The next entries of one set strictly after (h.s, h.id), newest first. Ties at h.s come in
-- descending member order; ZCOUNT of the tie says how many to skip at most.
local function refill(h)
  local extra = 0
  if h.id ~= '' then extra = redis.call('ZCOUNT', h.key, h.s, h.s) end
  local raw = redis.call('ZREVRANGEBYSCORE', h.key, h.s, minS, 'WITHSCORES', 'LIMIT', 0, chunk + extra)
  local buf = {}
  local sNum = tonumber(h.s)
  for j = 1, #raw, 2 do
    local m, sc = raw[j], raw[j + 1]
    local n = tonumber(sc)
    if h.id == '' or n < sNum or bytesLess(m, h.id) then buf[#buf + 1] = { m, sc, n } end
  end
  if #raw < chunk + extra then h.done = true end
  h.buf = buf; h.pos = 1
end

local function headOf(h)
  if h.pos > #h.buf then
    if h.done then return nil end
    refill(h)
    if h.pos > #h.buf then return nil end
  end
  return h.buf[h.pos]
end

local function nextEntry()
  local best, bestH
  for _, h in ipairs(heads) do
    local e = headOf(h)
    if e and (not best or e[3] > best[3] or (e[3] == best[3] and bytesLess(best[1], e[1]))) then best = e; bestH = h end
  end
  if not best then return nil end
  bestH.pos = bestH.pos + 1; bestH.s = best[2]; bestH.id = best[1]
  return best
end

-- vals: the HMGET reply of needList (false for a missing field).
local function holds(c, id, score, vals)
  local r = false
  if c.kind == 'state' then
    local ns, st = vals[need.nstate], vals[need.state]
    r = (ns and c.norm[ns]) or (st and c.native[st]) or false
  elseif c.kind == 'member' then
    local v = vals[need[c.field]]
    if c.field == 'queue' and not v then v = UNKNOWN end
    if v then
      if c.values[v] then r = true
      else for _, p in ipairs(c.prefixes) do if string.sub(v, 1, #p) == p then r = true; break end end end
    end
  elseif c.kind == 'text' then
    for _, f in ipairs(c.fields) do
      local v
      if f == 'id' then v = id elseif f == 'queue' then v = vals[need.queue] or UNKNOWN else v = vals[need[f]] end
      if v then
        local lv = string.lower(v)
        for _, n in ipairs(c.needles) do if string.find(lv, n, 1, true) then r = true; break end end
      end
      if r then break end
    end
  else
    local v
    if c.field == 'at' then v = score else v = tonumber(vals[need[c.field]] or nil) end
    if v then
      if c.op == '>' then r = v > c.value elseif c.op == '>=' then r = v >= c.value
      elseif c.op == '<' then r = v < c.value elseif c.op == '<=' then r = v <= c.value else r = v == c.value end
    end
  end
  if c.negate then return not r end
  return r
end

local NONE = {}
local found, scanned, status = {}, 0, 'done'
local lastS, lastId = '', ''
while true do
  if #found >= want then status = 'full'; break end
  local e = nextEntry()
  if not e then break end
  local ok = true
  if not chosen.guaranteed then
    -- The entry is not examined: the cursor resumes right before it.
    if scanned >= scanLimit then status = 'cut'; break end
    scanned = scanned + 1
    local vals = NONE
    if #needList > 0 then vals = redis.call('HMGET', P .. 't:' .. e[1], unpack(needList)) end
    for k = 1, #clauses do
      if not holds(clauses[k], e[1], e[3], vals) then ok = false; break end
    end
  end
  lastS, lastId = e[2], e[1]
  if ok then found[#found + 1] = e end
end

local total = -1
if chosen.guaranteed then
  total = 0
  for _, key in ipairs(chosen.keys) do total = total + redis.call('ZCOUNT', key, minS, windowMax) end
end
local out = { status, scanned, chosen.total, total, chosen.label, lastS, lastId }
for _, e in ipairs(found) do
  out[#out + 1] = e[1]; out[#out + 1] = e[2]
  local vals = redis.call('HMGET', P .. 't:' .. e[1], unpack(rowFields))
  for j = 1, #rowFields do out[#out + 1] = vals[j] or false end
  if previewChars > 0 then
    local p = redis.call('HMGET', P .. 't:' .. e[1], 'args', 'kwargs')
    out[#out + 1] = p[1] and string.sub(p[1], 1, previewChars) or false
    out[#out + 1] = p[2] and string.sub(p[2], 1, previewChars) or false
  end
end
return out
`;
