-- The SAN swap is recorded end to end: the change implemented inside its window and moved to review;
-- the old array retired and the new one operational, each status change naming the change (ITSM-R14,
-- observed: the CMDB accepts a status change with no change reference); the new array connected to the
-- core switch; migration and CMDB tasks closed, disposal left open.
local C = require("checks")
local F = require("facts")

local chg = F.change("CHG0000301")
check("the change is in review", chg.state == "review", "state " .. chg.state)
check("implementation was recorded inside the window", chg.actual_start ~= nil and chg.actual_start >= chg.planned_start
      and chg.actual_start < chg.planned_end, "actual_start " .. tostring(chg.actual_start))
C.value_equals("the old array is retired", "retired", "SELECT status FROM configuration_items WHERE name = 'nyc-san-01'")
C.value_equals("the new array is operational", "operational", "SELECT status FROM configuration_items WHERE name = 'nyc-san-02'")
C.row_exists("both status changes name the change",
             [[SELECT 1 FROM audit_log WHERE record_number = 'CI:nyc-san-01' AND field = 'status' AND new_value LIKE '%CHG0000301%'
               AND EXISTS (SELECT 1 FROM audit_log WHERE record_number = 'CI:nyc-san-02' AND field = 'status' AND new_value LIKE '%CHG0000301%')]])
C.row_exists("the new array is connected to the core switch",
             [[SELECT 1 FROM ci_relations r JOIN configuration_items p ON p.id = r.parent_id JOIN configuration_items c ON c.id = r.child_id
               WHERE p.name = 'nyc-san-02' AND c.name = 'nyc-core-sw-01']])
C.count_equals("migration and CMDB tasks are closed complete", 2,
               "SELECT id FROM change_tasks WHERE number IN ('CTASK0000901', 'CTASK0000902') AND state = 'closed_complete' AND close_notes IS NOT NULL")
C.value_equals("the disposal task stays open", "open", "SELECT state FROM change_tasks WHERE number = 'CTASK0000903'")
C.no_violation_of(nil, "ITSM-R14")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
