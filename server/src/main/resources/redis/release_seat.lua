-- releaseSeat: frees a seat now and tells the room (LEFT, then presence). ARGV: ch, memberId, now.
local m, now = ARGV[2], tonumber(ARGV[3])
if redis.call('HEXISTS', SEATS, m) == 0 then return 0 end
free_seat(m)
publish('l', m, 0, '{"type":"left","memberId":"' .. m .. '"}')
publish_presence(now)
return 1
