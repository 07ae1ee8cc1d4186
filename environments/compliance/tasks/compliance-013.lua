-- This week's six exceptions: two extended to the dates asked (both within 180 days of their start),
-- the one no longer needed revoked, and three left to lapse - the DMZ review (180 days reached), the CRM
-- restore test (its compensating control is failing) and the lab scan exclusion (nobody asked). The one
-- ending next week is left alone. Each requester is told, and nobody else.
local C = require("checks")
local F = require("grc_facts")
local function exc(title) return F.find_by("policy_exceptions", "title", title) or {} end
local e1 = exc("Shared administrator account on the legacy HR archive")
local e2 = exc("DMZ firewall rule review deferred during the network refresh")
local e3 = exc("CRM restore test postponed until the new storage array is installed")
local e4 = exc("Payroll bureau SFTP account exempt from MFA until key-based login")
local e5 = exc("Manual journal approvals by email during the ERP upgrade")
local e6 = exc("Lab network excluded from the monthly vulnerability scans")
local e7 = exc("Legacy CRM export job runs under a shared service account")

local function extended(e, date, words)
  local ext = db.one("SELECT * FROM exception_extensions WHERE exception_id = ? ORDER BY id DESC LIMIT 1", e.id) or {}
  check(e.number .. " extended to " .. date, e.status == "approved" and e.expires_on == date and ext.new_expires_on == date,
        e.status .. ", expires " .. e.expires_on)
  C.mentions_one_of_each(e.number .. ": the extension says why", ext.reason, words)
end
extended(e1, "2026-04-30", { { "decommission*", "migration", "April", "archive" } })
extended(e4, "2026-05-29", { { "key based", "key-based", "SFTP", "25 May", "bureau" } })

check(e5.number .. " (no longer needed) was revoked", e5.status == "revoked", e5.status)
C.mentions_one_of_each(e5.number .. ": the revocation says why", db.value(
  "SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'revoke_reason' ORDER BY id DESC LIMIT 1", e5.number),
  { { "no longer", "not needed", "went live", "upgrade", "workflow" } })

C.only_rows("only the HR archive and payroll bureau exceptions were extended and the email approvals revoked", "policy_exceptions", "update",
            { { number = e1.number }, { number = e4.number }, { number = e5.number } })
check("the DMZ review exception was not extended past 180 days", e2.status == "approved" and e2.expires_on == "2026-03-04",
      e2.status .. ", expires " .. e2.expires_on)
check("the CRM restore-test exception, whose compensating control is failing, was not extended",
      e3.status == "approved" and e3.expires_on == "2026-03-07", e3.status .. ", expires " .. e3.expires_on)

local function told(user, e, groups)
  C.mentions_one_of_each(user .. " was told about " .. e.number, F.text_to(user), { e.number, table.unpack(groups or {}) })
end
told("raj.iyer", e2, { { "180" } })
told("helen.wu", e3, { { "compensating", "disaster recovery", "failing", "failed" } })
told("victor.lang", e6, { { "laps*", "expir*", "ends", "run out", "runs out" } })
told("david.cohen", e1, { { "30 April", "April 30", "2026-04-30" } })
told("marcus.bell", e4, { { "29 May", "May 29", "2026-05-29" } })
told("frank.delgado", e5)
local own = { ["david.cohen"] = e1.number, ["raj.iyer"] = e2.number, ["helen.wu"] = e3.number, ["marcus.bell"] = e4.number,
              ["frank.delgado"] = e5.number, ["victor.lang"] = e6.number }
local wrong = {}
for _, m in ipairs(F.messages()) do
  if m.record ~= nil and m.record ~= own[m.recipient] then wrong[#wrong + 1] = m.recipient .. " <- " .. m.record end
end
check("each message is linked to the requester's own exception (if to any record)", #wrong == 0, "mislinked: " .. C.list_or_none(wrong))
F.only_messaged("only the six requesters were messaged (not Hannah, whose exception ends next week)",
                { "david.cohen", "frank.delgado", "helen.wu", "marcus.bell", "raj.iyer", "victor.lang" })
C.status_is("done")
