-- authenticate: token hash -> member; extends the hold (never shortens it), frees a lapsed seat.
-- ARGV: ch, tokenHash, now, heldUntil. Returns {status[, memberId, meta fields as find_room reads them]}.
local tok, now, held_until = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local meta = redis.call('HMGET', META, 'publicKey', 'passphraseKey', 'attempts', 'capacity', 'expiresAt', 'failures',
  'trimmed')
if not meta[1] or not meta[5] or tonumber(meta[5]) <= now then return { 'NO_ROOM' } end
local m = redis.call('HGET', TOKENS, tok)
if not m then return { 'NO_SEAT' } end
local held = redis.call('ZSCORE', HELD, m)
if not held or tonumber(held) < now then
  free_seat(m)
  publish_presence(now)
  return { 'NO_SEAT' }
end
upkeep('ZADD', HELD, 'GT', held_until, m)
return { 'OK', m, meta[1], meta[2] or '', meta[3] or '0', meta[4], meta[5], meta[6] or '0', meta[7] or '0' }
