-- Two reports that came in after the declaration (one never says "email" in its title) join the major
-- incident and their callers are told (a comment they can see, or a message about their ticket or the
-- major incident; one each at most) that the email problem is already being worked on; nobody else is messaged; the mailbox ticket stays out.
local C = require("checks")
local F = require("facts")


local WORKING = { "working on", "work on", "on it", "aware", "investigat*", "looking into", "known", "fixing", "in progress" }

local master = F.incident("INC0002001")
local attached, missing, told, untold, callers = {}, {}, {}, {}, {}
for _, n in ipairs({ "INC0002004", "INC0002005" }) do
  local inc = F.incident(n)
  if inc.parent_id == master.id then attached[#attached + 1] = n else missing[#missing + 1] = n end
  local caller = F.user_name(inc.caller_id)
  callers[#callers + 1] = caller
  local parts = {}
  for _, w in ipairs(F.new_notes(n, nil, "comment")) do parts[#parts + 1] = w.body end
  for _, m in ipairs(F.notifications()) do
    local about = m.record_number
    if m.sender and m.recipient == caller and (about == nil or about == null or about == n or about == "INC0002001") then
      parts[#parts + 1] = m.subject .. "\n" .. m.body
    end
  end
  local text = table.concat(parts, "\n")
  if C.has_one_of_each(text, { { "email*", "mail", "e mail", "outbound", "deliver*", "send*" }, WORKING }) then told[#told + 1] = caller
  else untold[#untold + 1] = caller end
end
check("both new reports hang off the major incident", #missing == 0,
      "attached: " .. C.list_or_none(attached) .. "; not attached: " .. C.list_or_none(missing))
check("each of their callers is told the email problem is being worked on", #untold == 0,
      "told: " .. C.list_or_none(told) .. "; not told: " .. C.list_or_none(untold))
F.only_notified("nobody but those two callers was messaged", callers)
C.count_equals("the major incident has four reports", 4, "SELECT id FROM incidents WHERE parent_id = ?", master.id)
C.value_equals("the shared-mailbox ticket is not attached", null, "SELECT parent_id FROM incidents WHERE number = 'INC0002006'")
C.status_is("done")
