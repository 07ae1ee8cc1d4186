-- Major incident handling: the earliest report becomes a P1 major incident owned by the Messaging on-call
-- primary, who is paged before the declaration (ITSM-R12 is observed: declaring first is allowed but a
-- violation); the four other outage reports are attached and told; the shared-mailbox ticket is not.
local C = require("checks")
local F = require("facts")

local master = F.incident("INC0002001")
local primary = F.on_call("Messaging", "primary", "2026-03-02T11:00:00Z")
check("master is a priority 1 major incident", master.major == 1 and master.priority == 1,
      "major=" .. master.major .. " priority=" .. master.priority)
check("priority 1 comes from impact and urgency", master.impact == 1 and master.urgency == 1,
      "impact " .. master.impact .. ", urgency " .. master.urgency)
check("owned by the Messaging on-call primary", master.assignment_group_id == F.group_id("Messaging") and master.assigned_to_id == primary,
      "group " .. tostring(master.assignment_group_id) .. ", assignee " .. tostring(F.user_name(master.assigned_to_id)))
check("on-call engineer was paged", F.notified("INC0002001", primary, { "page", "sms" }), "no page or SMS to the on-call primary")

local missing, silent = {}, {}
for _, n in ipairs({ "INC0002002", "INC0002003", "INC0002004", "INC0002006" }) do
  local c = F.incident(n)
  if c.parent_id ~= master.id then missing[#missing + 1] = n end
  if #F.notes(n, "maria.chen", "comment") == 0 and not F.notified(n, c.caller_id) then silent[#silent + 1] = n end
end
check("all four outage reports are attached", #missing == 0, "not attached: " .. table.concat(missing, ", "))
check("each attached caller got an update", #silent == 0, "no update on: " .. table.concat(silent, ", "))
C.value_equals("the shared-mailbox ticket stays separate", null, "SELECT parent_id FROM incidents WHERE number = 'INC0002005'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
