-- Staging helpers for the enterprise tasks that lean on the seed's cross-system links (enterprise-049 ...):
-- a supplier's vendor profile pinned to the state a task needs, approved requisitions and issued orders, a
-- laptop in stock, a person's roles. Every helper takes user names and numbers (never ids) and returns the
-- row it wrote. The systems' own helpers (scenario, access_scenarios, order_scenarios) stay available.
local P = require("procurement")
local AS = require("access_scenarios")
local M = {}

function M.user_id(user_name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", user_name)
  if not id then error("enterprise_scenarios: no user " .. tostring(user_name), 2) end
  return id
end

-- Roles of any system by name, unless held already.
function M.give_roles(user_name, roles)
  local uid = M.user_id(user_name)
  for _, name in ipairs(roles) do
    local rid = db.value("SELECT id FROM roles WHERE name = ?", name)
    if not rid then error("enterprise_scenarios: no role " .. tostring(name), 2) end
    if not db.value("SELECT 1 FROM user_roles WHERE user_id = ? AND role_id = ?", uid, rid) then
      db.insert("user_roles", { user_id = uid, role_id = rid })
    end
  end
end

function M.supplier(number)
  local s = db.one("SELECT * FROM suppliers WHERE number = ?", number)
  if not s then error("enterprise_scenarios: no supplier " .. tostring(number), 2) end
  return s
end

-- A new supplier as procurement's supplier desk onboards one: active, screened clear, with a verified bank
-- account. spec: name, legal_name, country, category (code), email, phone, terms (days), created_at.
function M.new_supplier(spec)
  local cat = db.value("SELECT id FROM spend_categories WHERE code = ?", spec.category)
  local at = spec.created_at or "2026-02-26T10:00:00Z"
  local id = db.insert("suppliers", {
    number = P.next_number("suppliers"), name = spec.name, legal_name = spec.legal_name or spec.name, country = spec.country or "US",
    email = spec.email, phone = spec.phone, primary_category_id = cat, status = "active", screening_status = "clear",
    risk_rating = spec.risk_rating or "medium", payment_terms_days = spec.terms or 30, onboarded_by_id = M.user_id("ines.carvalho"),
    created_at = at, updated_at = at,
  })
  db.insert("supplier_bank_accounts", {
    supplier_id = id, bank_name = spec.bank or "First Harbor Bank", account_holder = spec.legal_name or spec.name,
    account_masked = "****" .. (spec.account or "7301"), routing_masked = "****0210", country = spec.country or "US", status = "verified",
    requested_by_id = M.user_id("ines.carvalho"), requested_at = at, callback_phone_on_file = spec.phone,
    verified_by_id = M.user_id("wendy.tran"), verified_at = at, callback_notes = "Confirmed with the supplier's finance office at onboarding.",
  })
  return db.one("SELECT * FROM suppliers WHERE id = ?", id)
end

-- A vendor profile of its own (compliance's helper) with its assessments (see pin_profile).
function M.new_profile(spec, assessments)
  local p = AS.vendor(spec)
  for _, a in ipairs(assessments or {}) do
    AS.assessment(p.id, { kind = a.kind or "questionnaire", started_on = a.started_on, completed_on = a.completed_on, score = a.score,
                          result = a.result, status = a.completed_on and "completed" or "in_progress",
                          assessor = a.assessor or "carmen.villalobos", notes = a.notes })
  end
  return db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", p.id)
end

-- The vendor profile linked to a supplier (by the seed), its columns set to `fields` and its completed
-- assessments replaced by `assessments` ({ kind, started_on, completed_on, score, result, assessor, notes },
-- oldest first; an in-progress one has no completed_on). The profile's last assessment date follows.
function M.pin_profile(supplier_number, fields, assessments)
  local p = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = ? ORDER BY number LIMIT 1", supplier_number)
  if not p then error("enterprise_scenarios: no vendor profile for " .. tostring(supplier_number), 2) end
  if assessments then
    db.delete("vendor_assessments", { profile_id = p.id })
    local last
    for _, a in ipairs(assessments) do
      AS.assessment(p.id, { kind = a.kind or "questionnaire", started_on = a.started_on, completed_on = a.completed_on, score = a.score,
                            result = a.result, status = a.completed_on and "completed" or "in_progress",
                            assessor = a.assessor or "carmen.villalobos", notes = a.notes })
      if a.completed_on then last = a.completed_on end
    end
    fields.last_assessed_on = fields.last_assessed_on or last
  end
  if next(fields) then db.update("vendor_risk_profiles", { id = p.id }, fields) end
  return db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", p.id)
end

-- An approved requisition (one line, every band it reaches approved), ready for a purchase order.
-- spec: title, requester, requested_for (default requester), cost_center (code), supplier (number), category
-- (code), amount (cents), quantity (1), unit ("each"), justification, created_at, approved_at (ISO).
function M.requisition(spec)
  local AC = require("approval_chain")
  local cc = db.one("SELECT * FROM cost_centers WHERE code = ?", spec.cost_center)
  local cat = db.one("SELECT * FROM spend_categories WHERE code = ?", spec.category)
  local s = M.supplier(spec.supplier)
  local who = M.user_id(spec.requester)
  local qty = spec.quantity or 1
  local number = P.next_number("requisitions")
  local id = db.insert("requisitions", {
    number = number, title = spec.title, requester_id = who, requested_for_id = M.user_id(spec.requested_for or spec.requester),
    cost_center_id = cc.id, gl_account_id = cat.default_gl_account_id, supplier_id = s.id, justification = spec.justification,
    needed_by = spec.needed_by, total_cents = spec.amount, status = "approved", created_at = spec.created_at,
    submitted_at = spec.created_at, approved_at = spec.approved_at, updated_at = spec.approved_at,
  })
  db.insert("requisition_lines", { requisition_id = id, line_no = 1, description = spec.line or spec.title, category_id = cat.id,
                                   gl_account_id = cat.default_gl_account_id, quantity = qty, unit = spec.unit or "each",
                                   unit_price_cents = spec.amount // qty, amount_cents = spec.amount })
  for _, band in ipairs(AC.bands_for(spec.amount)) do
    local approver = AC.band_approver(band.approver_kind, cc.id)
    if approver == who then approver = db.value("SELECT manager_id FROM users WHERE id = ?", who) end
    db.insert("procurement_approvals", { object_type = "requisition", object_id = id, record_number = number, step = band.step,
                                         approver_id = approver, acted_by_id = approver, status = "approved", amount_cents = spec.amount,
                                         requested_at = spec.created_at, acted_at = spec.approved_at })
  end
  return db.one("SELECT * FROM requisitions WHERE id = ?", id)
end

-- A configuration item. spec: name, class ("laptop"), status, criticality, group, owner, location, os, description.
function M.ci(spec)
  local S = require("scenario")
  local id = db.insert("configuration_items", {
    name = spec.name, ci_class = spec.class or "laptop", environment = spec.environment or "production",
    status = spec.status or "operational", criticality = spec.criticality or "low",
    support_group_id = spec.group and S.group_id(spec.group), owner_id = spec.owner and M.user_id(spec.owner),
    location = spec.location, os = spec.os, description = spec.description, updated_at = spec.updated_at or "2026-02-27T15:00:00Z",
  })
  return db.one("SELECT * FROM configuration_items WHERE id = ?", id)
end

return M
