-- Scheduled events of the procurement environment. Each handler runs once the simulated clock passes its
-- due time, in its own savepoint, as the system (no acting user). The seed schedules them for the state
-- at T0; tools schedule new ones (an approval step they create, an invoice they register). A handler
-- whose record has moved on since (approved, paid, rescheduled) does nothing: the payload names the
-- state it was scheduled for, and only an event matching the current state acts.
local Tm = require("p2p_time")
local A = require("p2p_approvals")
local D = require("directory")

local function history(number, field, old, new)
  db.insert("procurement_history", { record_number = number, field = field, old_value = old ~= nil and tostring(old) or nil,
                                     new_value = new ~= nil and tostring(new) or nil, at = D.now() })
end

local function user_name(id) return db.value("SELECT user_name FROM users WHERE id = ?", id) end

return {
  -- An approval step has waited ESCALATION_BUSINESS_DAYS business days. Payload: { approval_id, due_at }.
  -- The step is marked escalated and a new pending step goes to the approver's manager, who is told.
  approval_escalation = function(payload)
    local a = db.one("SELECT * FROM procurement_approvals WHERE id = ?", payload.approval_id)
    if not a or a.status ~= "pending" or a.due_at ~= payload.due_at then return end
    local manager = db.value("SELECT manager_id FROM users WHERE id = ?", a.approver_id)
    if not manager then return end
    local now = D.now()
    db.update("procurement_approvals", { id = a.id }, {
      status = "escalated", escalated_to_id = manager, acted_at = now,
      comment = "Pending " .. A.ESCALATION_BUSINESS_DAYS .. " business days; escalated.",
    })
    local next_due = db.value("SELECT manager_id FROM users WHERE id = ?", manager)
      and clock.iso(A.escalation_due(clock.now())) or nil
    local id = db.insert("procurement_approvals", {
      object_type = a.object_type, object_id = a.object_id, record_number = a.record_number, step = a.step,
      approver_id = manager, status = "pending", amount_cents = a.amount_cents, requested_at = now, due_at = next_due,
    })
    if next_due then clock.schedule(clock.parse(next_due), "approval_escalation", { approval_id = id, due_at = next_due }) end
    history(a.record_number, "approval_escalated", user_name(a.approver_id), user_name(manager))
    D.notify(manager, "Approval escalated to you: " .. a.record_number,
             a.record_number .. " (USD " .. Tm.money(a.amount_cents) .. ") has waited for " .. user_name(a.approver_id) ..
             " since " .. a.requested_at .. ". As their manager, please approve or reject it.", a.record_number)
  end,

  -- The early-payment discount of an invoice lapses at the end of its discount date. Payload:
  -- { invoice_id, discount_due_date }. A payment already scheduled with the discount loses it.
  discount_lapse = function(payload)
    local inv = db.one("SELECT * FROM supplier_invoices WHERE id = ?", payload.invoice_id)
    if not inv or inv.discount_due_date ~= payload.discount_due_date or inv.discount_cents == 0 or inv.status == "paid" then
      return
    end
    db.update("supplier_invoices", { id = inv.id }, { discount_cents = 0, updated_at = D.now() })
    history(inv.number, "discount_cents", inv.discount_cents, 0)
    local pay = db.one([[SELECT * FROM payments WHERE invoice_id = ? AND status = 'scheduled' AND discount_taken_cents > 0]], inv.id)
    if pay then
      db.update("payments", { id = pay.id }, { amount_cents = pay.amount_cents + pay.discount_taken_cents, discount_taken_cents = 0 })
      history(pay.number, "discount_taken_cents", pay.discount_taken_cents, 0)
      history(pay.number, "amount_cents", pay.amount_cents, pay.amount_cents + pay.discount_taken_cents)
    end
  end,

  -- An unpaid invoice passes its due date (the event falls at the end of due_date). Payload:
  -- { invoice_id, due_date }. The order's buyer (or, for a bill without an order, the cost centre's
  -- owner) is told.
  invoice_due = function(payload)
    local inv = db.one("SELECT * FROM supplier_invoices WHERE id = ?", payload.invoice_id)
    if not inv or inv.due_date ~= payload.due_date or inv.status == "paid" or inv.status == "rejected" then return end
    if db.value("SELECT 1 FROM payments WHERE invoice_id = ? AND status IN ('released', 'paid')", inv.id) then return end
    history(inv.number, "overdue", nil, inv.due_date)
    local who = inv.po_id and db.value("SELECT buyer_id FROM purchase_orders WHERE id = ?", inv.po_id)
      or db.value("SELECT owner_id FROM cost_centers WHERE id = ?", inv.cost_center_id)
    local supplier = db.value("SELECT name FROM suppliers WHERE id = ?", inv.supplier_id)
    if who then
      D.notify(who, "Invoice overdue: " .. inv.number,
               inv.number .. " from " .. supplier .. " (their invoice " .. inv.supplier_invoice_no .. ", USD " ..
               Tm.money(inv.amount_cents) .. ") was due on " .. inv.due_date .. " and is " .. inv.status:gsub("_", " ") .. ".",
               inv.number)
    end
  end,

  -- A budget quarter ends. Payload: { closing, opening } (codes such as '2026-Q1'). The closing quarter
  -- stops taking commitments, the next opens, each cost centre's owner gets the closing figures, and the
  -- next rollover is scheduled (its quarter is added as 'future' if missing).
  budget_rollover = function(payload)
    local closing = db.one("SELECT * FROM budget_periods WHERE code = ?", payload.closing)
    if not closing or closing.status ~= "open" then return end
    db.update("budget_periods", { id = closing.id }, { status = "closed" })
    history(payload.closing, "status", "open", "closed")
    local opening = db.one("SELECT * FROM budget_periods WHERE code = ?", payload.opening)
    if opening then
      db.update("budget_periods", { id = opening.id }, { status = "open" })
    else
      local starts, ends = Tm.quarter_bounds(payload.opening)
      db.insert("budget_periods", { code = payload.opening, starts_on = starts, ends_on = ends, status = "open" })
    end
    history(payload.opening, "status", "future", "open")
    local upcoming = Tm.next_quarter(payload.opening)
    if not db.value("SELECT 1 FROM budget_periods WHERE code = ?", upcoming) then
      local starts, ends = Tm.quarter_bounds(upcoming)
      db.insert("budget_periods", { code = upcoming, starts_on = starts, ends_on = ends, status = "future" })
    end
    local next_start = Tm.quarter_bounds(upcoming)
    clock.schedule(Tm.date_start(next_start), "budget_rollover", { closing = payload.opening, opening = upcoming })
    for _, b in ipairs(db.query([[SELECT b.*, cc.code, cc.owner_id AS cc_owner FROM budgets b JOIN cost_centers cc ON cc.id = b.cost_center_id
                                  WHERE b.period = ? ORDER BY cc.code]], payload.closing)) do
      if b.cc_owner then
        D.notify(b.cc_owner, "Budget " .. payload.closing .. " closed: " .. b.code,
                 "Budget USD " .. Tm.money(b.amount_cents) .. ", committed USD " .. Tm.money(b.committed_cents) ..
                 ", actual USD " .. Tm.money(b.actual_cents) .. ". New commitments now go to " .. payload.opening .. ".")
      end
    end
  end,
}
