-- appendMessage: id, store, trim and publish in one round trip. ARGV: ch, memberId, body, ts, historyLimit.
-- The frame is byte-for-byte Frames.message (ids and bodies are base64url/digits: nothing to escape).
local m, body, ts, limit = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local expires_at = redis.call('HGET', META, 'expiresAt')
-- A room past its deadline takes no more messages even if Redis has not evicted it yet.
if not expires_at or tonumber(expires_at) <= tonumber(ts) then return false end
local id = redis.call('INCR', SEQ)
local frame = '{"type":"message","id":"' .. id .. '","ts":' .. ts .. ',"memberId":"' .. m
  .. '","body":"' .. body .. '"}'
redis.call('RPUSH', LOG, frame)
redis.call('LTRIM', LOG, -limit, -1)
redis.call('PEXPIREAT', SEQ, expires_at)
redis.call('PEXPIREAT', LOG, expires_at)
publish('m', m, id, frame)
return id
