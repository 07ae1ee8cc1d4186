-- Nine batch requests: six for active people are fulfilled; three for inactive accounts are canceled
-- with notes, and whoever raised each was told first (ITSM-R12, observed); David gets a summary.
local C = require("checks")
local F = require("facts")

local wrong, undocumented, untold = {}, {}, {}
for _, r in ipairs(db.query([[SELECT r.*, u.active FROM requests r JOIN users u ON u.id = r.requested_for_id
                              WHERE r.justification = 'batch 2026-03-01' ORDER BY r.number]])) do
  local want = r.active == 1 and "fulfilled" or "canceled"
  if r.state ~= want then wrong[#wrong + 1] = r.number .. " is " .. r.state .. " (want " .. want .. ")" end
  if r.close_notes == nil then undocumented[#undocumented + 1] = r.number end
  if want == "canceled" and not F.notified(r.number, r.opened_by_id) then untold[#untold + 1] = r.number end
end
check("active people's requests fulfilled, leavers' canceled", #wrong == 0, table.concat(wrong, "; "))
check("every closed request has close notes", #undocumented == 0, "no notes: " .. table.concat(undocumented, ", "))
check("whoever raised each canceled request was told", #untold == 0, "not told: " .. table.concat(untold, ", "))
C.row_exists("David got a summary", "SELECT 1 FROM notifications WHERE recipient_id = ? AND sender_id = ?",
             F.user_id("david.cohen"), F.user_id("fatima.zahra"))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
