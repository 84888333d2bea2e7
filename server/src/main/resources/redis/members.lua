-- members: read-only roster, the same one presence frames are built from. ARGV: ch, now.
-- Returns a flat array memberId, online (1/0), memberId, online...
local out = {}
for _, r in ipairs(roster(tonumber(ARGV[2]))) do
  out[#out + 1] = r[1]
  out[#out + 1] = r[2] and 1 or 0
end
return out
