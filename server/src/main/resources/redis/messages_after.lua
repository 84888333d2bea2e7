-- messagesAfter: ids in the log are consecutive, so the first frame's id locates afterId without a scan.
-- ARGV: ch, afterId. Returns the frames with id > afterId, oldest first.
local after = tonumber(ARGV[2])
local first = redis.call('LINDEX', LOG, 0)
if not first then return {} end
local first_id = tonumber(string.match(first, '"id":"(%d+)"'))
local start = after - first_id + 1
if start < 0 then start = 0 end
return redis.call('LRANGE', LOG, start, -1)
