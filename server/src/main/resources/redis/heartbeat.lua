-- heartbeat: a node's periodic refresh of the members with sockets on it; publishes nothing.
-- ARGV: ch, nodeId, onlineUntil, heldUntil, memberId...
local node, online_until, held_until = ARGV[2], ARGV[3], ARGV[4]
local expires_at = redis.call('HGET', META, 'expiresAt')
if not expires_at then return 0 end
for i = 5, #ARGV do
  local m = ARGV[i]
  if redis.call('HEXISTS', SEATS, m) == 1 then
    upkeep('ZADD', HELD, 'GT', held_until, m)
    upkeep('ZADD', ONLINE, online_until, m .. '|' .. node)
  end
end
redis.call('PEXPIREAT', HELD, expires_at)
redis.call('PEXPIREAT', ONLINE, expires_at)
return 1
