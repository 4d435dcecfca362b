"""The Lua scripts of ``pagecache.store.RedisStore``: each step in one atomic round trip."""

from redis.commands.core import Script

# KEYS: page, behind, since, then the sets the page joins, then the tables' versions.
# ARGV: page, seconds, built, now, seconds of the sets, number of sets, then each set's member.
# Joins the sets, stores the page, and says whether it is behind already: a table it read
# changed after its render started (1), so that it is marked stale rather than served fresh.
SAVE = Script(
    None,
    b"""
local seconds, built, sets = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[6])
for i = 1, sets do
  redis.call('SADD', KEYS[3 + i], ARGV[6 + i])
  redis.call('EXPIRE', KEYS[3 + i], ARGV[5])
end
local changed = 0
for i = 4 + sets, #KEYS do
  local version = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  if version > changed then changed = version end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', seconds)
local behind = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if changed > built and changed > behind then
  behind = changed
  redis.call('SET', KEYS[2], string.format('%d', behind), 'EX', seconds)
end
if behind > built then
  redis.call('SET', KEYS[3], ARGV[4], 'NX', 'EX', seconds)
  return 1
end
redis.call('DEL', KEYS[3])
return 0
""",
)

# KEYS: the content version, then the versions of the tables that changed. ARGV: a fresh
# version, should the key be missing. Returns the new content version.
BUMP = Script(
    None,
    b"""
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
local version = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], string.format('%d', version)) end
return version
""",
)

# KEYS: sets of pages. Returns their members, and empties them.
TAKE = Script(
    None,
    b"""
local pages = {}
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #members do pages[#pages + 1] = members[j] end
  redis.call('DEL', KEYS[i])
end
return pages
""",
)

# KEYS: behind, since and claim of each page. ARGV: version, now, seconds, seconds of a claim.
# Marks each page behind ``version`` (since now, unless it was already), and claims its
# re-render; returns the positions of the pages it claimed.
MARK = Script(
    None,
    b"""
local version, claimed = tonumber(ARGV[1]), {}
for i = 1, #KEYS, 3 do
  local behind = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  if behind < version then redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[3]) end
  redis.call('SET', KEYS[i + 1], ARGV[2], 'NX', 'EX', ARGV[3])
  if redis.call('SET', KEYS[i + 2], '1', 'NX', 'EX', ARGV[4]) then
    claimed[#claimed + 1] = (i - 1) / 3
  end
end
return claimed
""",
)
