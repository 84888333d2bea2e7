-- createRoom: stores the meta hash with the room's deadline, atomically, so a room can never exist without
-- an expiry. ARGV: ch, accessHash, capacity, expiresAt. Returns 0 when the id is taken.
if redis.call('EXISTS', META) == 1 then return 0 end
redis.call('HSET', META, 'accessHash', ARGV[2], 'capacity', ARGV[3], 'expiresAt', ARGV[4])
redis.call('PEXPIREAT', META, ARGV[4])
return 1
