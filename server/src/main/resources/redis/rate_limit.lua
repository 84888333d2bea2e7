-- Abuse limits shared by every node (see limits/Limiter.java): GCRA, a token bucket of LIMIT tokens that
-- refills completely over WINDOW ms, kept as one number per bucket — its "theoretical arrival time". The
-- same arithmetic as limits/Gcra.java. The key's expiry is the moment the bucket is full again, so nothing
-- outlives one window. KEYS[1] = the bucket (a keyed hash, never an IP); ARGV = limit, window ms, now ms,
-- cost (tokens taken at once: 1, or a message's bytes). Returns 0 when the hit is allowed, else the milliseconds
-- to wait (the whole window for a cost beyond the bucket). The arrival time is rounded up, like Gcra.java.
local key = KEYS[1]
local limit, window, now, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4] or '1')
if cost > limit then return window end
local interval = window / limit
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local allow_at = tat + cost * interval - window
if now < allow_at then return math.ceil(allow_at - now) end
local next_tat = math.ceil(tat + cost * interval)
upkeep('SET', key, string.format('%.0f', next_tat), 'PX', math.max(1, math.ceil(next_tat - now)))
return 0
