-- deleteFile: the uploader cancels a file: its chunks and record are deleted and its reservation freed.
-- ARGV: ch, fileId, memberId. Returns DELETED, NO_FILE or NOT_UPLOADER. Deletes first (Redis allows deletes at
-- maxmemory, and a script whose first write is one runs on).
local file_id, member = ARGV[2], ARGV[3]
local rec = redis.call('HGET', FILES, file_id)
if not rec or redis.call('EXISTS', META) == 0 then return 'NO_FILE' end
local uploader, chunks, reserve = string.match(rec, '^([^|]*)|[^|]*|([^|]*)|([^|]*)$')
if uploader ~= member then return 'NOT_UPLOADER' end
local fields = {}
for i = 0, tonumber(chunks) - 1 do fields[#fields + 1] = file_id .. ':' .. i end
redis.call('HDEL', CHUNKS, unpack(fields))
redis.call('HDEL', FILES, file_id)
if redis.call('HINCRBY', META, 'fileBytes', '-' .. reserve) < 0 then redis.call('HSET', META, 'fileBytes', 0) end
return 'DELETED'
