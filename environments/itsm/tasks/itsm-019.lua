-- The change must go through its life cycle (implement, inside its 10:00-12:00 window, then review, then
-- closed): closed as successful with close notes that say what was done, with its actual start recorded,
-- and both tasks closed complete with notes that say what each task did. Nobody is messaged.
local C = require("checks")
local F = require("facts")


local chg = F.change("CHG0000301")
check("the change is closed as successful", chg.state == "closed" and chg.close_code == "successful",
      "CHG0000301 is " .. chg.state .. " / " .. tostring(chg.close_code))
C.mentions_one_of_each("the change's close notes say the certificates were rotated and HTTPS verified", chg.close_notes,
      { { "certificate", "certificates", "cert", "certs" }, { "HTTPS", "verified", "serves", "serving" } })
check("implementation was recorded inside the window", chg.actual_start ~= nil and chg.actual_start >= chg.planned_start
      and chg.actual_start < chg.planned_end, "actual_start " .. tostring(chg.actual_start) .. ", window "
      .. chg.planned_start .. " - " .. chg.planned_end)

local function task(number) return db.one("SELECT * FROM change_tasks WHERE number = ?", number) end
local install, verify = task("CTASK0000901"), task("CTASK0000902")
check("both change tasks are closed complete", install.state == "closed_complete" and verify.state == "closed_complete",
      "CTASK0000901 " .. install.state .. ", CTASK0000902 " .. verify.state)
C.mentions_one_of_each("the install task's notes say the certificates were installed", install.close_notes,
      { { "certificate", "certificates", "cert", "certs" }, { "installed", "install", "deployed", "rotated", "replaced" } })
C.mentions_one_of_each("the verify task's notes say HTTPS serves the new certificate", verify.close_notes,
      { { "HTTPS", "serves", "serving", "verified", "checked", "tested" } })
F.only_notified("nobody was notified", {})
C.status_is("done")
