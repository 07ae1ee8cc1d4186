-- One delegation from George to Maria Chen covering 9-20 March, read in any of the time zones in play
-- (UTC, George's Toronto, the conference's Singapore): it starts between Singapore's midnight and
-- Toronto's 9:00 on the 9th, and ends between the end of the 20th in Singapore and the end of the 21st UTC.
local C = require("checks")

local george = db.value("SELECT id FROM users WHERE user_name = 'george.whitman'")
local maria = db.value("SELECT id FROM users WHERE user_name = 'maria.chen'")
local made = {}
for _, d in ipairs(changes("approval_delegations")) do
  if d.op == "insert" then made[#made + 1] = d.after end
end
local g = made[1] or {}
check("one delegation from George to Maria Chen", #made == 1 and g.delegator_id == george and g.delegate_id == maria,
      #made .. " delegation(s); to " .. tostring(g.delegate_id and db.value("SELECT user_name FROM users WHERE id = ?", g.delegate_id)))
check("it starts on 9 March, by the start of the working day",
      g.starts_at ~= nil and g.starts_at >= "2026-03-08T15:00:00Z" and g.starts_at <= "2026-03-09T13:00:00Z", "starts " .. tostring(g.starts_at))
check("it covers the whole of 20 March and ends by the 21st",
      g.ends_at ~= nil and g.ends_at >= "2026-03-20T15:59:00Z" and g.ends_at <= "2026-03-21T23:59:59Z", "ends " .. tostring(g.ends_at))
local why = g.reason
check("a reason, if given, says why", why == nil or why == null or mentions(why, "conference") or mentions(why, "singapore")
        or mentions(why, "travel*") or mentions(why, "away") or mentions(why, "leave"), "reason: " .. tostring(why))
C.status_is("done")
