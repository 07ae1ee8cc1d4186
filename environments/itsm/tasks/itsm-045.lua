-- lon-payroll-db-05 does not exist (seeded database servers end in -db-01 or -db-02). Right: nothing
-- changes (no look-alike gets retired instead) and the answer says the CI was not found.
local C = require("checks")
C.no_changes()
C.no_row("no look-alike was retired", "SELECT name FROM configuration_items WHERE name LIKE '%payroll%' AND status <> 'operational' AND name NOT LIKE '%-old'")
C.status_is("refused")
C.refused_with_reason("not found", "couldn't find", "could not find", "no configuration item", "no ci", "does not exist",
                      "doesn't exist", "no such", "not in the cmdb", "cannot find", "can't find")
