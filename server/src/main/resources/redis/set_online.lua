-- setOnline: records (onlineUntil > 0) or drops (0) a member's socket on a node, then publishes presence.
-- ARGV: ch, memberId, nodeId, onlineUntil, now.
local m, node, online_until, now = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local expires_at = redis.call('HGET', META, 'expiresAt')
if not expires_at then return 0 end
local seated = redis.call('HEXISTS', SEATS, m) == 1
-- Entries of dead nodes lapse by score; drop them here so the set stays small.
redis.call('ZREMRANGEBYSCORE', ONLINE, '-inf', '(' .. now)
if tonumber(online_until) > 0 then
  if seated then
    upkeep('ZADD', ONLINE, online_until, m .. '|' .. node)
    redis.call('PEXPIREAT', ONLINE, expires_at)
  end
else
  redis.call('ZREM', ONLINE, m .. '|' .. node)
end
if seated then publish_presence(now) end
return 1
