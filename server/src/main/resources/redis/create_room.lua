-- createRoom: stores the meta hash with the room's deadline, atomically, so a room can never exist without
-- an expiry. ARGV: ch, publicKey, passphraseKey ('' = none), attempts, capacity, expiresAt, now. Returns 0 when a
-- live room holds the id (its creator chose it: room_exists).
local old = redis.call('HGET', META, 'expiresAt')
if old and tonumber(old) > tonumber(ARGV[7]) then return 0 end
-- The HSET is the first write (Redis refuses it at maxmemory: storage_full).
redis.call('HSET', META, 'publicKey', ARGV[2], 'capacity', ARGV[5], 'expiresAt', ARGV[6])
if old then
  -- A room past its deadline that Redis has not evicted yet (clocks apart): its id is free, nothing of it stays.
  for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
  redis.call('HDEL', META, 'passphraseKey', 'attempts', 'failures', 'trimmed', 'bytes', 'fileBytes')
end
if ARGV[3] ~= '' then redis.call('HSET', META, 'passphraseKey', ARGV[3], 'attempts', ARGV[4], 'failures', 0) end
redis.call('PEXPIREAT', META, ARGV[6])
return 1
