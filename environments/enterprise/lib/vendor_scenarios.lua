-- Staging helpers for the vendor and incident tasks: one outside company seen from all three systems (a
-- supplier in procurement with its contract and bank account, its vendor-risk profile in compliance named by
-- the supplier number, the CIs and tickets of the service it runs in ITSM), so a task does not depend on what
-- the seed generated. Every helper takes user names (never ids) and returns the inserted row.
local P = require("procurement")
local G = require("compliance")
local AS = require("access_scenarios")
local S = require("scenario")
local E = require("enterprise_scenarios")
local M = {}

-- A person's id and roles: the one copy in enterprise_scenarios.
M.user_id = E.user_id
M.give_roles = E.give_roles

-- An active, screened-clear supplier with a verified bank account and a primary contact.
-- spec: name, legal_name, country, category (code), email, phone, website, terms (days), bank, account (last 4),
-- contact, contact_email, created_at.
function M.supplier(spec)
  local cat = db.value("SELECT id FROM spend_categories WHERE code = ?", spec.category)
  if not cat then error("vendor_scenarios: no category " .. tostring(spec.category), 2) end
  local at = spec.created_at or "2023-04-03T09:00:00Z"
  local number = P.next_number("suppliers")
  local id = db.insert("suppliers", {
    number = number, name = spec.name, legal_name = spec.legal_name or spec.name, tax_id = spec.tax_id, country = spec.country or "US",
    address = spec.address, email = spec.email, phone = spec.phone, website = spec.website, primary_category_id = cat,
    status = spec.status or "active", screening_status = "clear", risk_rating = spec.risk_rating or "medium",
    payment_terms_days = spec.terms or 30, blocked_reason = spec.blocked_reason,
    onboarded_by_id = M.user_id("ines.carvalho"), created_at = at, updated_at = at,
  })
  db.insert("supplier_bank_accounts", {
    supplier_id = id, bank_name = spec.bank or "First Harbor Bank", account_holder = spec.legal_name or spec.name,
    account_masked = "****" .. (spec.account or "4417"), routing_masked = "****0210", country = spec.country or "US",
    status = "verified", requested_by_id = M.user_id("ines.carvalho"), requested_at = at, callback_phone_on_file = spec.phone,
    verified_by_id = M.user_id("wendy.tran"), verified_at = at, callback_notes = "Confirmed with the supplier's finance office at onboarding.",
  })
  if spec.contact then
    db.insert("supplier_contacts", { supplier_id = id, name = spec.contact, role = "Account manager", email = spec.contact_email,
                                     phone = spec.phone, is_primary = 1, active = 1 })
  end
  return db.one("SELECT * FROM suppliers WHERE id = ?", id)
end

-- A contract with a supplier. spec: supplier (row), title, category, starts_on, ends_on, ceiling (cents),
-- consumed (cents), owner, status.
function M.contract(spec)
  local number = P.next_number("contracts")
  local id = db.insert("contracts", {
    number = number, supplier_id = spec.supplier.id, title = spec.title,
    category_id = db.value("SELECT id FROM spend_categories WHERE code = ?", spec.category),
    starts_on = spec.starts_on, ends_on = spec.ends_on, ceiling_cents = spec.ceiling, consumed_cents = spec.consumed or 0,
    status = spec.status or "active", owner_id = M.user_id(spec.owner or "paula.reyes"),
    created_at = spec.starts_on .. "T09:00:00Z", updated_at = spec.starts_on .. "T09:00:00Z",
  })
  return db.one("SELECT * FROM contracts WHERE id = ?", id)
end

-- An approved requisition (one line, every band it reaches approved), ready for a purchase order.
-- spec: title, requester, cost_center (code), supplier (row), contract (row, optional), category, amount (cents),
-- justification, created_at (ISO), approved_at (ISO).
function M.requisition(spec)
  local cc = db.one("SELECT * FROM cost_centers WHERE code = ?", spec.cost_center)
  local cat = db.one("SELECT * FROM spend_categories WHERE code = ?", spec.category)
  local AC = require("approval_chain")
  local who = M.user_id(spec.requester)
  local number = P.next_number("requisitions")
  local id = db.insert("requisitions", {
    number = number, title = spec.title, requester_id = who, requested_for_id = who, cost_center_id = cc.id,
    gl_account_id = cat.default_gl_account_id, supplier_id = spec.supplier.id, contract_id = spec.contract and spec.contract.id or nil,
    justification = spec.justification, total_cents = spec.amount, status = spec.status or "approved",
    created_at = spec.created_at, submitted_at = spec.created_at, approved_at = spec.approved_at, updated_at = spec.approved_at,
  })
  db.insert("requisition_lines", { requisition_id = id, line_no = 1, contract_id = spec.contract and spec.contract.id or nil,
                                   description = spec.title, category_id = cat.id, gl_account_id = cat.default_gl_account_id,
                                   quantity = 1, unit = "each", unit_price_cents = spec.amount, amount_cents = spec.amount })
  for _, band in ipairs(AC.bands_for(spec.amount)) do
    local approver = AC.band_approver(band.approver_kind, cc.id)
    if approver == who then approver = db.value("SELECT manager_id FROM users WHERE id = ?", who) end
    db.insert("procurement_approvals", { object_type = "requisition", object_id = id, record_number = number, step = band.step,
                                         approver_id = approver, acted_by_id = approver, status = "approved", amount_cents = spec.amount,
                                         requested_at = spec.created_at, acted_at = spec.approved_at })
  end
  return db.one("SELECT * FROM requisitions WHERE id = ?", id)
end

-- A vendor-risk profile named by a supplier's number, with its assessments ({ kind, started_on,
-- completed_on, score, result, status, assessor }), newest last. spec as access_scenarios.vendor, plus
-- supplier (row) and assessments.
function M.profile(spec)
  spec.supplier_number = spec.supplier_number or (spec.supplier and spec.supplier.number)
  spec.name = spec.name or (spec.supplier and spec.supplier.name)
  local p = AS.vendor(spec)
  for _, a in ipairs(spec.assessments or {}) do AS.assessment(p.id, a) end
  return db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", p.id)
end

-- A configuration item. spec: name, class, environment, status, criticality, group, owner, location, description.
function M.ci(spec)
  local id = db.insert("configuration_items", {
    name = spec.name, ci_class = spec.class or "application", environment = spec.environment or "production",
    status = spec.status or "operational", criticality = spec.criticality or "medium",
    support_group_id = spec.group and S.group_id(spec.group), owner_id = spec.owner and M.user_id(spec.owner),
    location = spec.location, ip_address = spec.ip, os = spec.os, description = spec.description,
    updated_at = spec.updated_at or "2025-11-10T09:00:00Z",
  })
  return db.one("SELECT * FROM configuration_items WHERE id = ?", id)
end

-- A relation between two staged CIs: parent depends_on / runs_on / hosted_on / connects_to child.
function M.relate(parent, child, kind)
  db.insert("ci_relations", { parent_id = S.ci_id(parent), child_id = S.ci_id(child), kind = kind or "depends_on" })
end

-- A business system run for us by a vendor, with entitlements ({ code, name, privileged }).
-- spec: code, name, kind, owner, personal (bool), description, entitlements.
function M.system(spec)
  local id = db.insert("business_systems", { code = spec.code, name = spec.name, kind = spec.kind, owner_id = M.user_id(spec.owner),
                                             sox_in_scope = spec.sox and 1 or 0, holds_personal_data = spec.personal and 1 or 0,
                                             description = spec.description })
  for _, e in ipairs(spec.entitlements or {}) do
    db.insert("entitlements", { system_id = id, code = e.code, name = e.name, description = e.description or e.name,
                                privileged = e.privileged and 1 or 0 })
  end
  return db.one("SELECT * FROM business_systems WHERE id = ?", id)
end

-- An active grant of "SYSTEM.code" to a person (see access_scenarios.grant for opts).
function M.grant(user_name, ref, opts)
  return AS.grant(M.user_id(user_name), ref, opts)
end

M.next_number = G.next_number
return M
