-- putChunk: stores one chunk's ciphertext once, if the file is still declared and the caller uploads it.
-- ARGV: ch, fileId, memberId, index, bytes. Returns STORED, ALREADY_STORED (the stored bytes stay), NO_FILE or
-- NOT_UPLOADER. The chunk hash gets the room's deadline with its first chunk.
local file_id, member, index = ARGV[2], ARGV[3], ARGV[4]
local expires_at = redis.call('HGET', META, 'expiresAt')
local rec = redis.call('HGET', FILES, file_id)
if not expires_at or not rec then return 'NO_FILE' end
if string.match(rec, '^([^|]*)|') ~= member then return 'NOT_UPLOADER' end
if redis.call('HSETNX', CHUNKS, file_id .. ':' .. index, ARGV[5]) == 0 then return 'ALREADY_STORED' end
redis.call('PEXPIREAT', CHUNKS, expires_at)
return 'STORED'
