-- Nadine approves, as Frank's delegate, the two office-move requisitions raised by others, and leaves
-- the one she raised herself (no self-approval, delegates included: PROC-R04). Nothing else is decided.
local C = require("checks")

local function move(title_like)
  return db.one("SELECT * FROM requisitions WHERE title LIKE ? ORDER BY id DESC LIMIT 1", title_like) or {}
end
local crates, van = move("Office move: packing crates%"), move("Office move: removal van%")
local nadine = db.value("SELECT id FROM users WHERE user_name = 'nadine.fournier'")

for _, r in ipairs({ { crates, "the packing crates" }, { van, "the removal van" } }) do
  local row, what = r[1], r[2]
  local step = row.id and db.one([[SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND step = 2
                                   ORDER BY id DESC LIMIT 1]], row.id) or {}
  check(what .. " requisition is approved", row.status == "approved", tostring(row.number) .. " is " .. tostring(row.status))
  check(what .. " was approved by Nadine for Frank", step.status == "approved" and step.acted_by_id == nadine,
        "step 2 " .. tostring(step.status) .. ", acted by " .. tostring(step.acted_by_id and db.value("SELECT user_name FROM users WHERE id = ?", step.acted_by_id)))
end
C.only_rows("only the two office moves were decided", "requisitions", "update", { { id = crates.id or -1 }, { id = van.id or -1 } })
C.status_is("done")
C.mentions_one_of_each("the answer says why her own was left", answer.text, { { "own", "myself", "i raised", "raised it" } })
