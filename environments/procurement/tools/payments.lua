-- Payments: schedule an approved invoice (taking the early-payment discount when paid in time), release
-- to the supplier's verified bank account, cancel, search.
local D = require("directory")
local P = require("procurement")
local V = require("proc_views")

local search_payments = {
  name = "search_payments",
  description = "Search payments (PAY…) by status, supplier, invoice or date, soonest first.",
  read_only = true,
  parameters = D.with_paging({
    status = { type = "string", enum = { "scheduled", "released", "paid", "cancelled" } },
    supplier = { type = "string", description = "Supplier number or exact name" },
    invoice = { type = "string", description = "Invoice number (INV…)" },
    scheduled_before = { type = "string", description = "Scheduled on or before, e.g. 2026-03-10" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("p.status = ?", args.status)
      :add("p.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :add("p.invoice_id = ?", args.invoice and P.must("supplier_invoices", args.invoice).id)
      :add("p.scheduled_for <= ?", P.date_arg(args.scheduled_before, "scheduled_before"))
    local rows = db.query("SELECT p.*, COUNT(*) OVER () AS total_matches FROM payments p" .. w:sql() ..
                          " ORDER BY p.scheduled_for, p.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM payments p" .. w:sql(), w:params())
    local items = {}
    for k, p in ipairs(rows) do items[k] = V.payment(p) end
    return D.paged(items, total, page, size)
  end,
}

local schedule_payment = {
  name = "schedule_payment",
  description = "Schedule payment of an approved invoice on a date, to the supplier's verified bank account. Paid on or " ..
    "before the invoice's discount date, the early-payment discount is taken (unless take_discount is false).",
  parameters = {
    invoice = { type = "string", description = "Invoice number (INV…)", required = true },
    pay_on = { type = "string", description = "Payment date, e.g. 2026-03-05 (today or later)", required = true },
    take_discount = { type = "boolean", default = true },
  },
  run = function(args)
    local me = D.actor_user()
    local inv = P.must("supplier_invoices", args.invoice)
    if inv.status ~= "approved" then
      fail("invalid_state", inv.number .. " is " .. inv.status .. "; only an approved invoice is scheduled for payment",
           inv.status == "scheduled" and "It already has a scheduled payment (search_payments)." or nil)
    end
    local pay_on = P.date_arg(args.pay_on, "pay_on")
    if pay_on < P.today() then fail("invalid_arguments", "pay_on " .. pay_on .. " is in the past; today is " .. P.today()) end
    local account = P.verified_account(inv.supplier_id)
    if not account then
      fail("conflict", V.supplier_ref(inv.supplier_id) .. " has no verified bank account", "Bank details must be verified by callback first.")
    end
    local discount = 0
    if args.take_discount ~= false and inv.discount_cents > 0 and inv.discount_due_date and pay_on <= inv.discount_due_date then
      discount = inv.discount_cents
    end
    local pay = P.create("payments", {
      invoice_id = inv.id, supplier_id = inv.supplier_id, bank_account_id = account.id, amount_cents = inv.amount_cents - discount,
      discount_taken_cents = discount, scheduled_for = pay_on, status = "scheduled", scheduled_by_id = me.id, scheduled_at = D.now(),
    }, me.id)
    P.set("supplier_invoices", inv, { status = "scheduled" }, me.id)
    return V.payment(pay)
  end,
}

local release_payment = {
  name = "release_payment",
  description = "Release a scheduled payment to the bank (status paid): the invoice is paid and the cost centre's " ..
    "budget moves from committed to actual.",
  parameters = { number = { type = "string", description = "Payment number (PAY…)", required = true } },
  run = function(args)
    local me = D.actor_user()
    local pay = P.must("payments", args.number)
    if pay.status ~= "scheduled" then fail("invalid_state", pay.number .. " is " .. pay.status .. ", not scheduled") end
    local account = db.one("SELECT * FROM supplier_bank_accounts WHERE id = ?", pay.bank_account_id)
    if account.status ~= "verified" then
      fail("conflict", pay.number .. " goes to an account that is " .. account.status, "Cancel it and schedule it again to the verified account.")
    end
    local s = db.one("SELECT * FROM suppliers WHERE id = ?", pay.supplier_id)
    if s.status == "blocked" then fail("conflict", s.number .. " " .. s.name .. " is blocked: " .. tostring(s.blocked_reason), "Blocked suppliers are not paid.") end
    local now = D.now()
    P.set("payments", pay, { status = "paid", released_by_id = me.id, released_at = now, paid_at = now }, me.id)
    local inv = db.one("SELECT * FROM supplier_invoices WHERE id = ?", pay.invoice_id)
    P.set("supplier_invoices", inv, { status = "paid" }, me.id)
    local gross = pay.amount_cents + pay.discount_taken_cents
    local po = inv.po_id and db.one("SELECT * FROM purchase_orders WHERE id = ?", inv.po_id)
    local period = po and po.budget_period or P.period_of(inv.invoice_date)
    local b = P.budget(inv.cost_center_id, period)
    if b then
      local relieved = po and math.min(gross, math.max(0, b.committed_cents)) or 0
      db.update("budgets", { id = b.id }, { committed_cents = b.committed_cents - relieved, actual_cents = b.actual_cents + gross, updated_at = now })
      P.history(P.budget_ref(b), "actual_cents", b.actual_cents, b.actual_cents + gross, me.id)
    end
    return V.payment(db.one("SELECT * FROM payments WHERE id = ?", pay.id))
  end,
}

local cancel_payment = {
  name = "cancel_payment",
  description = "Cancel a scheduled payment (before release), with a reason; the invoice goes back to approved.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local pay = P.must("payments", args.number)
    if pay.status ~= "scheduled" then fail("invalid_state", pay.number .. " is " .. pay.status .. "; only a scheduled payment is cancelled") end
    P.set("payments", pay, { status = "cancelled", cancelled_reason = args.reason }, me.id)
    local inv = db.one("SELECT * FROM supplier_invoices WHERE id = ?", pay.invoice_id)
    P.set("supplier_invoices", inv, { status = "approved" }, me.id)
    return { number = pay.number, status = "cancelled", invoice = inv.number }
  end,
}

return { search_payments, schedule_payment, release_payment, cancel_payment }
