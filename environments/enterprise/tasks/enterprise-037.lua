-- Emma carried out the approved ERP change (closed successful with its three tasks), checked the six
-- sampled invoices' orders in the procurement suite and named the two still without a goods receipt,
-- completed the finding's three remediation tasks citing the change, put the finding up for validation
-- (not closed: Noor validates it) and told Noor and Frank. Nothing in procurement changed.
local C = require("checks")
local F = require("grc_facts")
local f = F.find_by("findings", "title", "Supplier invoices paid without a goods receipt")
local chg = db.one("SELECT * FROM change_requests WHERE short_description = 'ERP payment run: refuse invoices without a matching goods receipt'")
  or db.one("SELECT * FROM change_requests WHERE id = (SELECT change_id FROM change_approvals WHERE decided_at = '2026-02-26T15:00:00Z' AND approver_id = (SELECT id FROM users WHERE user_name = 'priya.raman') ORDER BY id DESC LIMIT 1)")

local function order_of(title)
  return db.one([[SELECT po.number AS po, i.number AS inv FROM purchase_orders po JOIN requisitions r ON r.id = po.requisition_id
                  JOIN supplier_invoices i ON i.po_id = po.id WHERE r.title = ?]], title)
end
local guards = order_of("Guard shifts for the December stock count")
local toner = order_of("Printer toner for the Austin office")

check("the change was implemented and closed successful", chg.state == "closed" and chg.close_code == "successful" and chg.actual_start ~= nil,
      chg.number .. " " .. chg.state .. " / " .. tostring(chg.close_code))
local open_tasks = db.value("SELECT COUNT(*) FROM change_tasks WHERE change_id = ? AND state <> 'closed_complete'", chg.id)
check("every task of the change closed complete", open_tasks == 0, open_tasks .. " task(s) not closed complete")
C.mentions_one_of_each("the change's close notes say what changed", chg.close_notes, { { "receipt" }, { "refuse*", "block*", "reject*", "stop*" } })
local ct = db.query("SELECT * FROM change_tasks WHERE change_id = ? ORDER BY number", chg.id)
local ct_words = { { { "snapshot" } }, { { "override", "receipt" } }, { { "test" }, { "refuse*", "block*", "reject*", "stop*" } } }
for i, t in ipairs(ct) do
  C.mentions_one_of_each(t.number .. "'s close notes say what was done", t.close_notes or "", ct_words[i])
end

local tasks = {
  F.find_by("remediation_tasks", "title", "Change the ERP payment run to refuse invoices with no matching goods receipt"),
  F.find_by("remediation_tasks", "title", "Check the six sampled invoices for goods receipts booked since and list those still without one"),
  F.find_by("remediation_tasks", "title", "Confirm the payment run blocks a test invoice with no receipt after the change"),
}
local done = 0
for _, t in ipairs(tasks) do if t.status == "done" and t.finding_id == f.id then done = done + 1 end end
check("the finding's three remediation tasks are done", done == 3, done .. " of 3 done")
C.mentions("the change task's remediation note names the change", tasks[1].notes or "", chg.number)
C.mentions_one_of_each("the sample check names the two orders still without a receipt", tasks[2].notes or "",
  { { guards.po, guards.inv }, { toner.po, toner.inv } })
C.mentions_one_of_each("the validation task's note says the test invoice was refused", tasks[3].notes or "",
  { { "test invoice", "test" }, { "refuse*", "block*", "reject*", "stop*" } })
check("the finding is ready for validation, not closed by its remediator", f.status == "ready_for_validation", f.number .. " " .. f.status)

F.every_message_to("Noor was told the finding is ready for validation", "noor.qureshi", { { f.number }, { chg.number } })
F.reply_or_message("Frank learnt which sampled orders still lack a receipt", "frank.delgado",
  { { guards.po, guards.inv }, { toner.po, toner.inv } })
F.only_messaged("only Noor and Frank were messaged", { "noor.qureshi", "frank.delgado" })
F.links_only("the messages are linked to the finding or the change", { f.number, chg.number })
C.status_is("done")
