-- The HR Portal application (parent) runs on the new server (child), the way the CMDB models every
-- application server; the server gets Karl as owner and Linux Server as support group, nothing else.
local C = require("checks")
local F = require("facts")

C.row_exists("the HR Portal application runs on the new server",
             [[SELECT 1 FROM ci_relations r JOIN configuration_items p ON p.id = r.parent_id JOIN configuration_items c ON c.id = r.child_id
               WHERE p.name = 'hrportal-app' AND c.name = 'lon-hrportal-app-09' AND r.kind = 'runs_on']])
local ci = db.one("SELECT * FROM configuration_items WHERE name = 'lon-hrportal-app-09'")
check("Karl Jensen owns it", ci.owner_id == F.user_id("karl.jensen"), "owner " .. tostring(F.user_name(ci.owner_id)))
check("Linux Server supports it", ci.support_group_id == F.group_id("Linux Server"), "support group " .. tostring(F.group_name(ci.support_group_id)))
check("its status is unchanged", ci.status == "operational", "status " .. ci.status)
C.status_is("done")
