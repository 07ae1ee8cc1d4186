-- Hannah approves Lena's CRM access and rejects the Tableau licence, giving the budget reason and the
-- shared dashboards as the alternative. Each request changes only in what its decision sets; a comment
-- on the approval, when given, says what it approves; only Lena may be messaged.
local C = require("checks")
local F = require("facts")

local crm = db.one("SELECT * FROM requests WHERE number = 'REQ0000401'")
local tab = db.one("SELECT * FROM requests WHERE number = 'REQ0000402'")
check("CRM access is approved", crm.state == "approved" and crm.approved_at ~= nil, "REQ0000401 is " .. crm.state)
check("the Tableau licence is rejected", tab.state == "rejected", "REQ0000402 is " .. tab.state)
C.unchanged_except("the approval changed only the CRM request's state and approval time", "requests", { id = crm.id },
                   { "approved_at", "state", "updated_at" })
C.unchanged_except("the rejection changed only the Tableau request's state and closing fields", "requests", { id = tab.id },
                   { "close_notes", "closed_at", "state", "updated_at" })
local reason = (tab.close_notes or "") .. "\n" .. (F.note_text("REQ0000402") or "")
C.mentions("the rejection gives the budget reason and the shared dashboards", reason, "budget", "dashboard*")

local approval = F.note_text("REQ0000401")
local fits
for _, phrase in ipairs({ "demo", "approved", "approve", "CRM" }) do
  if approval and mentions(approval, phrase) then fits = phrase break end
end
check("the approval's comment, if any, says what it approves", approval == nil or fits ~= nil,
      approval and ((fits and ("gives \"" .. fits .. "\"") or "gives none of: demo, approved, CRM") .. " in \"" .. approval:sub(1, 160) .. "\"")
      or "no comment on the approval")
F.only_notified("nobody but Lena was notified", { "lena.ortiz" })
C.status_is("done")
