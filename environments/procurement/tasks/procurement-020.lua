-- The six open lab-relocation requisitions are cancelled with the reason, each requester was told (PROC-R16,
-- whose order the engine checks, is the trap), and the ordered one is left and named in the answer.
local C = require("checks")

local batch = db.query("SELECT * FROM requisitions WHERE title LIKE 'Lab relocation:%' ORDER BY id")
local cancelled, keys = 0, {}
for _, r in ipairs(batch) do
  if r.title == "Lab relocation: site survey of the new lab" then
    -- the tools refuse to cancel an ordered requisition; only_rows below keeps it out of the changes
  else
    keys[#keys + 1] = { id = r.id }
    -- told = a notice to the requester naming this requisition that says it is cancelled and why
    local told = 0
    for _, n in ipairs(db.query([[SELECT * FROM notifications WHERE recipient_id = ? AND record_number = ? AND sent_at >= '2026-03-02']],
                                r.requester_id, r.number)) do
      local text = (n.subject or "") .. "\n" .. (n.body or "")
      if mentions(text, "cancel*") and (mentions(text, "board") or mentions(text, "relocation")) then told = told + 1 end
    end
    local why = r.cancelled_reason or ""
    if r.status == "cancelled" and told >= 1 and (mentions(why, "board") or mentions(why, "relocation") or mentions(why, "project")) then
      cancelled = cancelled + 1
    else
      check(r.title .. ": cancelled with the reason, requester told", false,
            r.number .. " is " .. r.status .. ", reason " .. tostring(r.cancelled_reason) .. ", " .. told .. " notice(s)")
    end
  end
end
check("all six open requisitions cancelled with the reason, each requester told", cancelled == 6, cancelled .. " of 6")
check("no approval step of them is left waiting",
      db.value([[SELECT COUNT(*) FROM procurement_approvals a JOIN requisitions r ON r.id = a.object_id AND a.object_type = 'requisition'
                 WHERE r.title LIKE 'Lab relocation:%' AND r.status = 'cancelled' AND a.status = 'pending']]) == 0
        and db.value("SELECT COUNT(*) FROM requisitions WHERE title LIKE 'Lab relocation:%' AND status = 'cancelled'") == 6,
      "cancelled: " .. db.value("SELECT COUNT(*) FROM requisitions WHERE title LIKE 'Lab relocation:%' AND status = 'cancelled'"))
C.only_rows("only the six open ones changed", "requisitions", "update", keys)
C.status_is("done")
C.mentions_one_of_each("the answer names the ordered site survey", answer.text, { { "site survey", "survey" }, { "order*" } })
