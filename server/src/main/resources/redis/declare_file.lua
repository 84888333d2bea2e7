-- declareFile: records a file (uploader, size, chunk count, reservation) and reserves its whole ciphertext
-- against the room's file budget (meta field `fileBytes`), atomically. ARGV: ch, fileId, uploader, size, chunks,
-- reserve, roomFileBytes, now. Returns DECLARED, NO_ROOM or ROOM_FILES_FULL. At maxmemory Redis refuses the HSET
-- (the first write) with OOM: storage_full, nothing stored.
local file_id, uploader, size, chunks, reserve = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local budget, now = tonumber(ARGV[7]), tonumber(ARGV[8])
local meta = redis.call('HMGET', META, 'expiresAt', 'fileBytes')
if not meta[1] or tonumber(meta[1]) <= now then return 'NO_ROOM' end
if tonumber(meta[2] or '0') + tonumber(reserve) > budget then return 'ROOM_FILES_FULL' end
redis.call('HSET', FILES, file_id, uploader .. '|' .. size .. '|' .. chunks .. '|' .. reserve)
redis.call('HINCRBY', META, 'fileBytes', reserve)
redis.call('PEXPIREAT', FILES, meta[1])
return 'DECLARED'
