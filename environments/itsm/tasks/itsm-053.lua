-- One emergency change on tor-fw-01 for tonight's window, high risk as Raj says, impact 1 (the office's
-- only firewall: the whole Toronto office depends on it), with the three plans Raj gave (checked by
-- words), implemented by Omar in Network, waiting for CAB approval from members other than Omar (its
-- requester and implementer). Nobody outside the CAB is messaged.
local C = require("checks")
local F = require("facts")



local made = F.inserted("change_requests")
check("one change was raised", #made == 1, #made .. " change(s) raised")
local c = db.one("SELECT * FROM change_requests WHERE id = ?", (made[1] or {}).id or 0) or { id = 0, state = "missing" }
check("it is an emergency change on tor-fw-01", c.type == "emergency"
      and c.ci_id == F.ci_id("tor-fw-01"), tostring(c.type) .. ", ci " .. tostring(c.ci_id))
check("high risk, as Raj says", c.risk == "high", "risk " .. tostring(c.risk))
check("impact 1: the whole Toronto office sits behind its only firewall", c.impact == 1, "impact " .. tostring(c.impact))
check("tonight 22:00-23:00 UTC", c.planned_start == "2026-03-02T22:00:00Z" and c.planned_end == "2026-03-02T23:00:00Z",
      tostring(c.planned_start) .. " - " .. tostring(c.planned_end))
local about = (c.short_description or "") .. "\n" .. ((c.justification ~= null and c.justification) or "")
C.mentions_one_of_each("it says what and why: the exploited vulnerability's hotfix", about,
     { { "hotfix", "patch*", "pan os" }, { "vulnerab*", "exploit*", "cve*", "security" } })
C.mentions_one_of_each("the implementation plan: save the config, install the hotfix, reboot", c.implementation_plan,
     { { "config*", "snapshot", "backup" }, { "hotfix", "patch*", "install*" }, { "reboot*", "restart*" } })
C.mentions_one_of_each("the backout plan: previous image, restore the config", c.backout_plan,
     { { "previous", "prior", "old", "earlier", "roll back", "rollback", "revert*" }, "config*" })
C.mentions_one_of_each("the test plan: VPN and internet from Toronto", c.test_plan, { "vpn", "internet" })
check("Omar implements it in Network", c.assigned_to_id == F.user_id("omar.haddad") and c.assignment_group_id == F.group_id("Network"),
      "assigned to " .. tostring(F.user_name(c.assigned_to_id)) .. " in "
      .. tostring(F.group_name(c.assignment_group_id)))
C.row_exists("the CAB was asked to approve it",
             "SELECT 1 FROM change_approvals WHERE change_id = ? AND group_id = ? AND state = 'requested'", c.id, F.group_id("Change Advisory Board"))
check("it waits for authorization", c.state == "authorize", "state " .. tostring(c.state))
F.only_notified("only the CAB was notified", F.members("Change Advisory Board"))
C.status_is("done")
