-- createRoom: stores the meta hash with the room's deadline, atomically, so a room can never exist without
-- an expiry. ARGV: ch, publicKey, passphraseKey ('' = none), attempts, capacity, expiresAt, now. Returns 0 when a
-- live room holds the id (its creator chose it: room_exists).
local meta = redis.call('HGET', META, 'expiresAt')
if meta and tonumber(meta) > tonumber(ARGV[7]) then return 0 end
-- A room past its deadline that Redis has not evicted yet: its id is free again, with nothing of it left.
if meta then redis.call('DEL', unpack(KEYS)) end
redis.call('HSET', META, 'publicKey', ARGV[2], 'capacity', ARGV[5], 'expiresAt', ARGV[6])
if ARGV[3] ~= '' then redis.call('HSET', META, 'passphraseKey', ARGV[3], 'attempts', ARGV[4], 'failures', 0) end
redis.call('PEXPIREAT', META, ARGV[6])
return 1
