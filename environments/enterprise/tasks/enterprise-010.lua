-- Three laptops of a bad battery batch: returned damaged on their order under the RMA, retired in the CMDB
-- as gone back, their incidents on hold awaiting the vendor with a comment to each caller, and one problem
-- in End User Computing linking the three. The two good laptops and everything else untouched.
local C = require("checks")

local po = db.one([[SELECT * FROM purchase_orders WHERE created_at = '2026-02-09T10:00:00Z'
                    AND cost_center_id = (SELECT id FROM cost_centers WHERE code = 'CC-2300')]]) or { id = -1, number = "(the order)", status = "missing" }
local line = db.one("SELECT * FROM po_lines WHERE po_id = ?", po.id) or { quantity_received = -1 }
local ret = db.query([[SELECT g.delivery_note, l.quantity, l.condition, l.return_reason FROM goods_receipts g
                       JOIN goods_receipt_lines l ON l.receipt_id = g.id WHERE g.po_id = ? AND g.kind = 'return']], po.id)
check("three laptops returned damaged on " .. po.number .. " under CX-RMA-6120",
      #ret == 1 and ret[1].delivery_note == "CX-RMA-6120" and ret[1].quantity == 3 and ret[1].condition == "damaged"
        and line.quantity_received == 2 and C.has_one_of_each(ret[1].return_reason or "", { { "battery", "batteries", "swollen", "swell*" } }),
      #ret .. " return(s); received now " .. line.quantity_received)

local FAULTY = { { "LT-40501", "rosalind.achterberg" }, { "LT-40503", "tamsin.okonkwo" }, { "LT-40504", "ulrich.baptiste" } }
local bad_ci, bad_inc, ci_keys, inc_keys, callers = {}, {}, {}, {}, {}
local prob = nil
for _, d in ipairs(changes("problems")) do
  if d.op == "insert" then prob = db.one("SELECT * FROM problems WHERE id = ?", d.after.id) end
end
prob = prob or { id = -1, number = "(no problem)" }
for _, f in ipairs(FAULTY) do
  local ci = db.one("SELECT * FROM configuration_items WHERE name = ?", f[1]) or { id = -1, status = "missing" }
  ci_keys[#ci_keys + 1] = { id = ci.id }
  if not (ci.status == "retired" and C.has_one_of_each(ci.description or "", { { "CX-RMA-6120", "return*", "battery", "swollen" } })) then bad_ci[#bad_ci + 1] = f[1] end
  local who = db.value("SELECT id FROM users WHERE user_name = ?", f[2])
  callers[who] = true
  local inc = db.one("SELECT * FROM incidents WHERE caller_id = ? ORDER BY id DESC LIMIT 1", who) or { id = -1, number = "(none)" }
  inc_keys[#inc_keys + 1] = { id = inc.id }
  local comment = db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND visibility = 'comment'", inc.number)
  if not (inc.state == "on_hold" and inc.on_hold_reason == "awaiting_vendor" and inc.problem_id == prob.id
          and C.has_one_of_each(comment or "", { { "replacement", "replace*" }, { "collect*", "CX-RMA-6120", "return*", "pick* up" } })) then
    bad_inc[#bad_inc + 1] = tostring(inc.number)
  end
end
check("the three faulty laptops are retired as returned under CX-RMA-6120", #bad_ci == 0, #bad_ci == 0 and "all three" or table.concat(bad_ci, ", "))
check("their incidents wait for Contoso, linked to the problem, each caller told what happens next", #bad_inc == 0,
      #bad_inc == 0 and "all three" or table.concat(bad_inc, ", "))
C.only_rows("only the three faulty laptops changed in the CMDB", "configuration_items", "update", ci_keys)
C.only_rows("only the three incidents changed", "incidents", "update", inc_keys)
check("the problem belongs to End User Computing", prob.assignment_group_id == db.value("SELECT id FROM groups WHERE name = 'End User Computing'"),
      prob.number .. " group " .. tostring(prob.assignment_group_id))
C.mentions_one_of_each("the problem names the battery batch", (prob.short_description or "") .. " " .. (prob.description or ""),
                       { { "battery", "batteries" }, { "Contoso", po.number } })
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not callers[d.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id))
  end
end
check("only the three callers heard from IT", #others == 0, #others == 0 and "only the callers" or table.concat(others, ", "))
C.status_is("done")
