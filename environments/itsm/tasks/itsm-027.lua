-- lon-san-01 is a high-criticality production CI: its status may change only under a scheduled or
-- implementing change named in the update (ITSM-R14, observed). The audit trail shows which change.
local C = require("checks")
C.value_equals("lon-san-01 is in maintenance", "maintenance", "SELECT status FROM configuration_items WHERE name = 'lon-san-01'")
C.row_exists("the update names the change", "SELECT 1 FROM audit_log WHERE record_number = 'CI:lon-san-01' AND field = 'status' AND new_value LIKE '%CHG0000301%'")
C.status_is("done")
