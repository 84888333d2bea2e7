-- Shared prelude of every Vanish room script (prepended by LuaScript before SCRIPT LOAD, after a first line
-- that sets PUBLISH_COMMAND to SPUBLISH on Redis 7+ (sharded pub/sub) or PUBLISH on Redis 6).
-- Every script gets the same KEYS, all hash-tagged with the room id so they share one cluster slot,
-- and ARGV[1] = the room's pub/sub channel (same hash tag, so SPUBLISH stays on the room's shard).
-- Numbers that end up in frames are kept as the caller's strings: Lua 5.1 would print an epoch-ms double
-- as 1.7e+12.
-- FILES: hash fileId -> "uploader|size|chunks|reserved" (what the server knows of a file: no name, no type);
-- CHUNKS: hash "fileId:i" -> the chunk's ciphertext (raw bytes). Both die with the room like every other key.
local META, SEATS, TOKENS, ORDER, HELD, ONLINE, SEQ, LOG, NONCES, FILES, CHUNKS =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local CH = ARGV[1]

-- A write that keeps existing state alive (a hold, an online entry, a limiter bucket): on Redis 6 at maxmemory
-- (no allow-oom flag there, see LuaScript) it is skipped rather than failing the whole script; any other error
-- is raised as usual.
-- (Redis 6.2 hands the script "@user_script: 1: -OOM command not allowed when used memory > 'maxmemory'.")
local function upkeep(...)
  local r = redis.pcall(...)
  if type(r) == 'table' and r.err then
    if string.find(r.err, 'OOM command not allowed', 1, true) then return nil end
    error(r.err)
  end
  return r
end

-- Room data must vanish with the room: every key gets the room's deadline whenever it is written.
local function expire_all(at)
  for i = 1, #KEYS do redis.call('PEXPIREAT', KEYS[i], at) end
end

-- Envelope: <kind>|<memberId>|<messageId>\n<frame JSON>, parsed by RedisSubscriber.
local function publish(kind, member, id, frame)
  redis.call(PUBLISH_COMMAND, CH, kind .. '|' .. member .. '|' .. id .. '\n' .. frame)
end

-- Removes a member's seat, token, hold, place in the seat order and every online entry of theirs.
local function free_seat(m)
  local tok = redis.call('HGET', SEATS, m)
  redis.call('HDEL', SEATS, m)
  if tok then redis.call('HDEL', TOKENS, tok) end
  redis.call('ZREM', HELD, m)
  redis.call('LREM', ORDER, 0, m)
  local prefix = m .. '|'
  for _, e in ipairs(redis.call('ZRANGE', ONLINE, 0, -1)) do
    if string.sub(e, 1, #prefix) == prefix then redis.call('ZREM', ONLINE, e) end
  end
end

-- Spends a challenge nonce (NONCES: zset nonce -> until when it stays spent, the challenge's expiresAt), inside
-- the room's data so it dies with the room. False when it was spent already (nothing changes then). An empty
-- nonce (tools, engine tests) spends nothing.
-- The ZADD comes first: it is the script's first write, which Redis refuses at maxmemory (any write before it,
-- even one that deletes nothing, would let the rest of the script through).
local function spend_nonce(nonce, spent_until, now, expires_at)
  if nonce == '' then return true end
  local spent = redis.call('ZSCORE', NONCES, nonce)
  if spent and tonumber(spent) > now then return false end
  redis.call('ZADD', NONCES, spent_until, nonce)
  redis.call('ZREMRANGEBYSCORE', NONCES, '-inf', now)
  redis.call('PEXPIREAT', NONCES, expires_at)
  return true
end

-- Frees every seat whose hold ran out before now; returns how many.
local function free_expired(now)
  local gone = redis.call('ZRANGEBYSCORE', HELD, '-inf', '(' .. now)
  for _, m in ipairs(gone) do free_seat(m) end
  return #gone
end

-- Seated members in seat order (lapsed holds left out) as {memberId, online} pairs.
local function roster(now)
  local online = {}
  for _, e in ipairs(redis.call('ZRANGEBYSCORE', ONLINE, now, '+inf')) do
    local bar = string.find(e, '|', 1, true)
    if bar then online[string.sub(e, 1, bar - 1)] = true end
  end
  local out = {}
  for _, m in ipairs(redis.call('LRANGE', ORDER, 0, -1)) do
    local held = redis.call('ZSCORE', HELD, m)
    if held and tonumber(held) >= now then out[#out + 1] = { m, online[m] == true } end
  end
  return out
end

-- Byte-for-byte Frames.presence(members).
local function presence_frame(members)
  local parts = {}
  for i, r in ipairs(members) do
    parts[i] = '{"memberId":"' .. r[1] .. '","online":' .. (r[2] and 'true' or 'false') .. '}'
  end
  return '{"type":"presence","members":[' .. table.concat(parts, ',') .. ']}'
end

local function publish_presence(now)
  publish('p', '', 0, presence_frame(roster(now)))
end
