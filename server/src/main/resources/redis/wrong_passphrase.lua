-- wrongPassphrase: counts one wrong passphrase and spends the join's challenge nonce, atomically; at the room's
-- attempts the room is destroyed in the same step (every key deleted, `destroyed` published, as destroy_room).
-- ARGV: ch, nonce, nonceUntil, now. Returns the attempts left after this one, or -1 (no such passphrase room, or
-- the nonce was spent already: nothing counted).
local nonce, nonce_until, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
local meta = redis.call('HMGET', META, 'expiresAt', 'attempts')
if not meta[1] or tonumber(meta[1]) <= now or not meta[2] then return -1 end
if not spend_nonce(nonce, nonce_until, now, meta[1]) then return -1 end
local failures = redis.call('HINCRBY', META, 'failures', 1)
local left = tonumber(meta[2]) - failures
if left <= 0 then
  redis.call('DEL', unpack(KEYS))
  publish('d', '', 0, '{"type":"destroyed"}')
  return 0
end
return left
