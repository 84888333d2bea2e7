-- messagesAfter: one page of history. Ids in the log are consecutive, so the first frame's id locates afterId
-- without a scan; the page is read in slices of 32 frames, so a page capped by bytes never copies more of the
-- log than it returns (plus one slice).
-- ARGV: ch, afterId, maxCount, maxBytes. Returns {more (0|1), trimmed, frame, frame, ...}: trimmed is the meta
-- field `trimmed` (the newest message id dropped, '0' for none), then the frames with id > afterId,
-- oldest first, at most maxCount of them and maxBytes of frame bytes (the first one always); more = 1 when
-- frames follow the last one returned.
local after = tonumber(ARGV[2])
local max_count = tonumber(ARGV[3])
local max_bytes = tonumber(ARGV[4])
local out = {0, redis.call('HGET', META, 'trimmed') or '0'}
local first = redis.call('LINDEX', LOG, 0)
if not first then return out end
local first_id = tonumber(string.match(first, '"id":"(%d+)"'))
local index = after - first_id + 1
if index < 0 then index = 0 end
local count, bytes = 0, 0
while true do
  local slice = redis.call('LRANGE', LOG, index, index + 31)
  if #slice == 0 then return out end
  for _, frame in ipairs(slice) do
    if count >= max_count or (count > 0 and bytes + #frame > max_bytes) then
      out[1] = 1
      return out
    end
    count = count + 1
    bytes = bytes + #frame
    out[count + 2] = frame
  end
  if #slice < 32 then return out end
  index = index + 32
end
