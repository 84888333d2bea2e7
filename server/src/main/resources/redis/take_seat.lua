-- takeSeat: frees lapsed seats, spends the join's challenge nonce, then seats the member if capacity allows,
-- atomically (no over-booking under concurrent joins, no nonce used twice). ARGV: ch, memberId, tokenHash, now,
-- heldUntil, nonce ('' = none), nonceUntil. Returns SEATED, FULL or NO_ROOM (also for a nonce spent already).
local m, tok, now, held_until, nonce, nonce_until = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
local meta = redis.call('HMGET', META, 'capacity', 'expiresAt')
if not meta[1] or tonumber(meta[2]) <= now then return 'NO_ROOM' end
if not spend_nonce(nonce, nonce_until, now, meta[2]) then return 'NO_ROOM' end
local freed = free_expired(now)
local old = redis.call('HGET', SEATS, m)
if old then
  -- Same member asking again (ids are random, so only a retry): swap the token, keep the seat's place.
  redis.call('HDEL', TOKENS, old)
elseif redis.call('HLEN', SEATS) >= tonumber(meta[1]) then
  if freed > 0 then publish_presence(now) end
  return 'FULL'
else
  redis.call('RPUSH', ORDER, m)
end
redis.call('HSET', SEATS, m, tok)
redis.call('HSET', TOKENS, tok, m)
redis.call('ZADD', HELD, held_until, m)
expire_all(meta[2])
publish_presence(now)
return 'SEATED'
