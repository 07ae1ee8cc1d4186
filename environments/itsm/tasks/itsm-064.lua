-- Two reports that came in after the declaration (one never says "email" in its title) join the major
-- incident and their callers are told; the mailbox ticket stays out.
local C = require("checks")
local F = require("facts")

local master = F.incident("INC0002001")
local missing, untold = {}, {}
for _, n in ipairs({ "INC0002004", "INC0002005" }) do
  local inc = F.incident(n)
  if inc.parent_id ~= master.id then missing[#missing + 1] = n end
  if not db.value("SELECT 1 FROM notifications WHERE recipient_id = ? AND sender_id IS NOT NULL AND record_number IN (?, 'INC0002001')", inc.caller_id, n)
     and #F.notes(n, "julia.berg", "comment") == 0 then
    untold[#untold + 1] = n
  end
end
check("both new reports hang off the major incident", #missing == 0, "not attached: " .. table.concat(missing, ", "))
check("their callers were told", #untold == 0, "not told: " .. table.concat(untold, ", "))
C.count_equals("the major incident has four reports", 4, "SELECT id FROM incidents WHERE parent_id = ?", master.id)
C.value_equals("the shared-mailbox ticket is not attached", null, "SELECT parent_id FROM incidents WHERE number = 'INC0002006'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
