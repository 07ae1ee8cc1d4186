-- Staging helpers for the enterprise audit and privacy tasks: purchase orders with the approval chain the
-- procurement suite would have recorded, paid invoices, roles a person holds in another system, and the
-- records a data subject has across the service desk, procurement and compliance. Everything is named by
-- user name, supplier name or catalog title, never by id. Dates 'YYYY-MM-DD', times ISO-8601 UTC.
local O = require("order_scenarios")
local Chain = require("p2p_approvals")
local E = require("enterprise_scenarios")
local M = {}

-- A person's id and roles: the one copy in enterprise_scenarios.
M.user_id = E.user_id
function M.grant_role(user_name, role) E.give_roles(user_name, { role }) end

-- The user name of the person who owns a department's first cost centre (its head).
function M.head_of(department)
  return db.value([[SELECT u.user_name FROM cost_centers cc JOIN departments d ON d.id = cc.department_id
                    JOIN users u ON u.id = cc.owner_id WHERE d.name = ? ORDER BY cc.id LIMIT 1]], department)
end

-- A purchase order (order_scenarios.order) whose requisition carries the approval steps its amount needs,
-- each approved by the person who fills it. spec.approvals overrides steps: { [step] = { acted_by = user
-- name, approver = user name } or false (the step was never recorded) }. spec.approved_at: when the steps
-- were decided (default ordered_at). Returns the order with its requisition's id.
function M.approved_order(spec)
  local o = O.order(spec)
  local req = db.one("SELECT * FROM requisitions WHERE number = ?", o.requisition)
  local at = spec.approved_at or spec.ordered_at
  local over = spec.approvals or {}
  for _, band in ipairs(Chain.chain_for(o.total)) do
    local o_step = over[band.step]
    if o_step ~= false then
      local approver = (o_step and o_step.approver) and M.user_id(o_step.approver)
                       or Chain.approver_for(band.approver_kind, req.requester_id, req.cost_center_id)
      local acted = (o_step and o_step.acted_by) and M.user_id(o_step.acted_by) or approver
      db.insert("procurement_approvals", {
        object_type = "requisition", object_id = req.id, record_number = req.number, step = band.step,
        approver_id = approver, acted_by_id = acted, status = "approved", amount_cents = o.total,
        requested_at = spec.ordered_at, acted_at = at, comment = o_step and o_step.comment or "Approved.",
      })
    end
  end
  o.requisition_id = req.id
  return o
end

-- An invoice of the whole order (every line at its ordered quantity) paid on `paid_on`.
-- spec: order, no (supplier's invoice number), date, paid_on, tax.
function M.paid_invoice(spec)
  local lines = {}
  for i, id in ipairs(spec.order.lines) do
    lines[i] = { line = i, quantity = db.value("SELECT quantity_ordered FROM po_lines WHERE id = ?", id) }
  end
  local inv = O.invoice({ order = spec.order, no = spec.no, date = spec.date, lines = lines, tax = spec.tax or 0,
                          status = spec.status or "approved", approved_by = spec.approved_by or "wendy.tran",
                          match_type = spec.match_type, match_result = spec.match_result })
  if spec.paid_on then O.payment({ invoice = inv, order = spec.order, on = spec.paid_on }) end
  return inv
end

-- A supplier of the procurement suite, with its primary contact. spec: name, legal_name, tax_id, country,
-- address, email, phone, category (code), status (default active), contact = { name, role, email, phone },
-- created_at. Returns the supplier row.
function M.supplier(spec)
  local P = require("procurement")
  local id = db.insert("suppliers", {
    number = P.next_number("suppliers"), name = spec.name, legal_name = spec.legal_name or spec.name, tax_id = spec.tax_id,
    country = spec.country or "DE", address = spec.address, email = spec.email, phone = spec.phone,
    primary_category_id = spec.category and db.value("SELECT id FROM spend_categories WHERE code = ?", spec.category),
    status = spec.status or "active", screening_status = "clear", risk_rating = "low", payment_terms_days = spec.terms or 30,
    onboarded_by_id = M.user_id(spec.onboarded_by or "ines.carvalho"), created_at = spec.created_at, updated_at = spec.updated_at or spec.created_at,
  })
  if spec.contact then
    db.insert("supplier_contacts", { supplier_id = id, name = spec.contact.name, role = spec.contact.role, email = spec.contact.email,
                                     phone = spec.contact.phone, is_primary = 1, active = spec.contact.active == false and 0 or 1 })
  end
  if spec.bank then
    db.insert("supplier_bank_accounts", { supplier_id = id, bank_name = spec.bank.bank, account_holder = spec.legal_name or spec.name,
      account_masked = spec.bank.masked, country = spec.country or "DE", status = "verified", requested_by_id = M.user_id("ines.carvalho"),
      requested_at = spec.created_at, verified_by_id = M.user_id("jorge.salas"), verified_at = spec.created_at,
      callback_phone_on_file = spec.phone, callback_notes = "Confirmed at onboarding." })
  end
  return db.one("SELECT * FROM suppliers WHERE id = ?", id)
end

-- A message someone sent earlier (an inbox item read with list_notifications).
function M.message(spec)
  return db.insert("notifications", {
    recipient_id = M.user_id(spec.to), sender_id = M.user_id(spec.from), channel = "email", subject = spec.subject,
    body = spec.body, record_number = spec.record, sent_at = spec.sent_at,
  })
end

return M
