-- destroyRoom: deletes every key of the room, then tells its sockets. ARGV: ch. Returns 1 if the room existed.
local existed = redis.call('EXISTS', META)
redis.call('DEL', unpack(KEYS))
if existed == 1 then publish('d', '', 0, '{"type":"destroyed"}') end
return existed
