-- appendMessage: id, store, trim and publish in one round trip. ARGV: ch, memberId, body, ts, historyLimit,
-- roomBytes. The meta field `trimmed` is the id of the newest message dropped so far. The frame is byte-for-byte Frames.message (ids and bodies are base64url/digits: nothing to escape).
-- The room keeps at most historyLimit messages and roomBytes of bodies (meta field `bytes`): the oldest go first,
-- never the one just stored. At maxmemory Redis refuses the INCR (the first write) with OOM, so nothing changes.
local m, body, ts, limit, room_bytes = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local expires_at = redis.call('HGET', META, 'expiresAt')
-- A room past its deadline takes no more messages even if Redis has not evicted it yet.
if not expires_at or tonumber(expires_at) <= tonumber(ts) then return false end
local id = redis.call('INCR', SEQ)
local frame = '{"type":"message","id":"' .. id .. '","ts":' .. ts .. ',"memberId":"' .. m
  .. '","body":"' .. body .. '"}'
local n = redis.call('RPUSH', LOG, frame)
local bytes = redis.call('HINCRBY', META, 'bytes', #body)
-- The body is what follows '"body":"' up to the closing '"}': its length without decoding the frame.
local function body_length(f)
  local at = string.find(f, '"body":"', 1, true)
  return #f - (at + 7) - 2
end
local trimmed = nil
while n > 1 and (n > limit or bytes > room_bytes) do
  trimmed = redis.call('LPOP', LOG)
  bytes = bytes - body_length(trimmed)
  n = n - 1
end
-- Every message at or below `trimmed` is gone: the welcome and the HTTP page say so (trimmedThrough).
if trimmed then redis.call('HSET', META, 'trimmed', string.match(trimmed, '"id":"(%d+)"')) end
-- (a room stored before this field existed counts from 0 and may go below it while its older bodies are trimmed)
if bytes < 0 then bytes = 0 end
redis.call('HSET', META, 'bytes', bytes)
redis.call('PEXPIREAT', SEQ, expires_at)
redis.call('PEXPIREAT', LOG, expires_at)
publish('m', m, id, frame)
return id
