-- The problem is resolved with a root cause naming the expired certificate; its seven open incidents are
-- resolved pointing to the change (code resolved_by_change, or notes naming CHG0000301); the closed one
-- and the unrelated SSO ticket stay as they were.
local C = require("checks")
local F = require("facts")

local p = db.one("SELECT * FROM problems WHERE number = 'PRB0000061'")
check("the problem is resolved", p.state == "resolved", "state " .. p.state)
check("its root cause names the expired certificate", (p.root_cause or ""):lower():find("certificate", 1, true) ~= nil,
      "root cause: " .. tostring(p.root_cause))
local open, unpointed = {}, {}
for k = 1, 7 do
  local n = "INC000200" .. k
  local inc = F.incident(n)
  if inc.state ~= "resolved" then open[#open + 1] = n .. " (" .. inc.state .. ")" end
  if inc.resolution_code ~= "resolved_by_change" and not (inc.resolution_notes or ""):find("CHG0000301", 1, true) then
    unpointed[#unpointed + 1] = n
  end
end
check("all seven open linked tickets are resolved", #open == 0, "still open: " .. table.concat(open, ", "))
check("each resolution points to the change", #unpointed == 0, "no pointer to the change on: " .. table.concat(unpointed, ", "))
C.value_equals("the closed ticket is untouched", "closed", "SELECT state FROM incidents WHERE number = 'INC0002008'")
C.value_equals("the unrelated SSO ticket is untouched", "new", "SELECT state FROM incidents WHERE number = 'INC0002009'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
