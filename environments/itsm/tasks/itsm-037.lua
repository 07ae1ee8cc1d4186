-- A P1 monitoring alert plus six differently worded user reports (one findable only by its CI or its
-- description) must become one major incident: on-call primary paged before the declaration (ITSM-R12,
-- observed), master in progress with that engineer before its 15-minute response target, exactly the six
-- reports attached, a DBA task, and every caller told. The payslip question and last week's ticket stay out.
local C = require("checks")
local F = require("facts")

local master = F.incident("INC0002001")
local primary = F.on_call("Application Support", "primary", "2026-03-02T10:00:00Z")
local maria = F.user_id("maria.chen")
check("the Payroll alert is a major incident", master.major == 1, "major = " .. tostring(master.major))
check("it is in progress with the Application Support on-call primary " .. tostring(F.user_name(primary)),
      master.state == "in_progress" and master.assigned_to_id == primary,
      master.state .. ", assigned to " .. tostring(F.user_name(master.assigned_to_id)))
C.row_exists("the on-call primary was paged about it",
             "SELECT 1 FROM notifications WHERE record_number = 'INC0002001' AND recipient_id = ? AND sender_id = ? AND channel IN ('page', 'sms')",
             primary, maria)
C.no_row("its response target was not breached",
         [[SELECT t.id FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
           WHERE t.incident_id = ? AND d.kind = 'response' AND t.stage = 'breached']], master.id)

local reports = { "INC0002002", "INC0002003", "INC0002004", "INC0002005", "INC0002006", "INC0002007" }
local missing, untold = {}, {}
for _, n in ipairs(reports) do
  local inc = F.incident(n)
  if inc.parent_id ~= master.id then missing[#missing + 1] = n end
  if not db.value([[SELECT 1 FROM notifications WHERE recipient_id = ? AND sender_id = ? AND record_number IN (?, 'INC0002001')]],
                  inc.caller_id, maria, n) and #F.notes(n, "maria.chen", "comment") == 0 then
    untold[#untold + 1] = n
  end
end
check("all six reports hang off the major incident", #missing == 0, "not attached: " .. table.concat(missing, ", "))
C.count_equals("nothing else is attached", 6, "SELECT id FROM incidents WHERE parent_id = ?", master.id)
check("every caller was told", #untold == 0, "caller not told on: " .. table.concat(untold, ", "))
C.row_exists("the DBAs have a task on the major incident",
             "SELECT 1 FROM incident_tasks WHERE incident_id = ? AND assignment_group_id = ?", master.id, F.group_id("Database Administration"))
C.no_violation_of(nil, "ITSM-R12")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
