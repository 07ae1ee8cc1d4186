-- Staging helpers for the enterprise tasks about IT assets and purchases (hardware requests, refreshes,
-- returns, licence renewals, servers): the people who do that work with the roles they hold in each
-- system, laptops and servers in the CMDB, catalog requests in the service desk. Orders, receipts and
-- invoices come from procurement's order_scenarios, changes and requests from ITSM's scenario module.
-- Every helper takes user names, group names, CI names and catalog names (never ids).
local M = {}

local function uid(name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", name)
  if not id then error("asset_scenarios: no user " .. tostring(name), 2) end
  return id
end
M.user_id = uid

-- Gives `user_name` the role `role` (role names are unique across systems) unless they hold it already.
function M.grant(user_name, role)
  local u = uid(user_name)
  local r = db.value("SELECT id FROM roles WHERE name = ?", role)
  if not r then error("asset_scenarios: no role " .. tostring(role), 2) end
  if not db.value("SELECT 1 FROM user_roles WHERE user_id = ? AND role_id = ?", u, r) then
    db.insert("user_roles", { user_id = u, role_id = r })
  end
end

-- The IT asset coordinator of End User Computing (the enterprise seed makes zoe.martin that: ITSM admin for
-- the CMDB, procurement requisitioner), who receives and records the company's hardware. A task whose
-- coordinator needs more gives it with `extra` (role names).
M.COORDINATOR = "zoe.martin"
function M.coordinator(extra)
  for _, r in ipairs({ "agent", "admin", "requisitioner" }) do M.grant(M.COORDINATOR, r) end
  for _, r in ipairs(extra or {}) do M.grant(M.COORDINATOR, r) end
  return uid(M.COORDINATOR)
end

-- A configuration item. spec: name, class (laptop), environment (production), status (maintenance),
-- criticality (low), group (End User Computing), owner (user name), location, os, ip, description, updated.
function M.ci(spec)
  local id = db.insert("configuration_items", {
    name = spec.name, ci_class = spec.class or "laptop", environment = spec.environment or "production",
    status = spec.status or "maintenance", criticality = spec.criticality or "low",
    support_group_id = db.value("SELECT id FROM groups WHERE name = ?", spec.group or "End User Computing"),
    owner_id = spec.owner and uid(spec.owner) or nil, location = spec.location, ip_address = spec.ip, os = spec.os,
    description = spec.description, updated_at = spec.updated or "2026-02-27T16:00:00Z",
  })
  return db.one("SELECT * FROM configuration_items WHERE id = ?", id)
end

-- The laptop a person uses today: a CI owned by them, in service (a name the seed never gives).
function M.laptop_of(user_name, name, spec)
  spec = spec or {}
  local existing = db.one("SELECT * FROM configuration_items WHERE name = ?", name)
  if existing then error("asset_scenarios: CI " .. name .. " exists", 2) end
  return M.ci({ name = name, owner = user_name, status = spec.status or "operational", location = spec.location,
                os = spec.os or "Windows 11", description = spec.description or "Laptop in use", updated = spec.updated or "2023-03-06T10:00:00Z" })
end

-- People who are not in the fixed directory, each { user_name, first, last } with a department, manager,
-- title and office shared by the list: staff that one task is about (the directory never generates their
-- names); manager: a user name, default the owner of the department's cost centre. Everyone gets the
-- roles every employee has (ITSM reporter, procurement requisitioner).
function M.staff(list, common)
  local dept = db.value("SELECT id FROM departments WHERE name = ?", common.department)
  if not dept then error("asset_scenarios: no department " .. tostring(common.department), 2) end
  -- the manager named, else the owner of the department's cost centre (its head)
  local manager = common.manager and uid(common.manager) or db.value([[SELECT c.owner_id FROM cost_centers c
                    JOIN departments d ON d.cost_center = c.code WHERE d.id = ?]], dept)
  for _, p in ipairs(list) do
    db.insert("users", {
      user_name = p[1], first_name = p[2], last_name = p[3], email = p[1] .. "@example.com", title = p.title or common.title,
      department_id = dept, manager_id = manager, location = p.location or common.location, vip = 0,
      active = p.inactive and 0 or 1, created_at = p.since or "2022-01-10T09:00:00Z",
    })
    M.grant(p[1], "reporter")
    if not p.inactive then M.grant(p[1], "requisitioner") end
  end
end

-- A contract with a supplier. spec: supplier (name), title, category (code), starts_on, ends_on, ceiling and
-- consumed (cents), owner (default paula.reyes), status (active).
function M.contract(spec)
  local P = require("procurement")
  local number = P.next_number("contracts")
  local id = db.insert("contracts", {
    number = number, supplier_id = db.value("SELECT id FROM suppliers WHERE name = ?", spec.supplier), title = spec.title,
    category_id = db.value("SELECT id FROM spend_categories WHERE code = ?", spec.category), starts_on = spec.starts_on,
    ends_on = spec.ends_on, ceiling_cents = spec.ceiling, consumed_cents = spec.consumed or 0, status = spec.status or "active",
    owner_id = uid(spec.owner or "paula.reyes"), created_at = spec.starts_on .. "T09:00:00Z", updated_at = spec.starts_on .. "T09:00:00Z",
  })
  return db.one("SELECT * FROM contracts WHERE id = ?", id)
end

-- An approved requisition waiting for its purchase order: every band its total reaches approved, as the
-- chain would have left it. spec: title, requester, requested_for (default the requester), cost_center
-- (code), supplier (name), contract (row, optional), justification, needed_by, created_at, approved_at (ISO),
-- lines = { { description, category (code), quantity, unit, price (cents) } }. Returns the requisition row.
function M.approved_requisition(spec)
  local P = require("procurement")
  local AC = require("approval_chain")
  local cc = db.one("SELECT * FROM cost_centers WHERE code = ?", spec.cost_center)
  local who = uid(spec.requester)
  local total = 0
  for _, l in ipairs(spec.lines) do total = total + l.quantity * l.price end
  local first = db.one("SELECT * FROM spend_categories WHERE code = ?", spec.lines[1].category)
  local number = P.next_number("requisitions")
  local id = db.insert("requisitions", {
    number = number, title = spec.title, requester_id = who, requested_for_id = uid(spec.requested_for or spec.requester),
    cost_center_id = cc.id, gl_account_id = first.default_gl_account_id, supplier_id = db.value("SELECT id FROM suppliers WHERE name = ?", spec.supplier),
    contract_id = spec.contract and spec.contract.id or nil, justification = spec.justification, needed_by = spec.needed_by,
    total_cents = total, status = "approved", created_at = spec.created_at, submitted_at = spec.created_at,
    approved_at = spec.approved_at, updated_at = spec.approved_at,
  })
  for i, l in ipairs(spec.lines) do
    local cat = db.one("SELECT * FROM spend_categories WHERE code = ?", l.category)
    db.insert("requisition_lines", { requisition_id = id, line_no = i, contract_id = spec.contract and spec.contract.id or nil,
      description = l.description, category_id = cat.id, gl_account_id = cat.default_gl_account_id, quantity = l.quantity,
      unit = l.unit or "each", unit_price_cents = l.price, amount_cents = l.quantity * l.price })
  end
  for _, band in ipairs(AC.bands_for(total)) do
    local approver = AC.band_approver(band.approver_kind, cc.id)
    if approver == who then approver = db.value("SELECT manager_id FROM users WHERE id = ?", who) end
    db.insert("procurement_approvals", { object_type = "requisition", object_id = id, record_number = number, step = band.step,
      approver_id = approver, acted_by_id = approver, status = "approved", amount_cents = total,
      requested_at = spec.created_at, acted_at = spec.approved_at })
  end
  return db.one("SELECT * FROM requisitions WHERE id = ?", id)
end

-- The vendor-risk profile of a supplier as a task needs it, whatever the seed linked: the profile naming
-- the supplier's number is updated (one is made when there is none), with its latest completed assessment
-- on `last_assessed_on` (score and result given). spec: tier, data_access, status, service, last_assessed_on,
-- score (default 82), approved_for / approved_on (a sign-off; nil: none), kind (questionnaire).
-- Returns the profile row.
function M.vendor_profile(supplier_name, spec)
  local G = require("compliance")
  local s = db.one("SELECT * FROM suppliers WHERE name = ?", supplier_name)
  if not s then error("asset_scenarios: no supplier " .. tostring(supplier_name), 2) end
  local carmen = uid("carmen.villalobos")
  local cycle = ({ 12, 24, 36 })[spec.tier]
  local E = require("ent_policy")
  local values = {
    vendor_name = s.name, tier = spec.tier, data_access = spec.data_access, status = spec.status or "active",
    criticality = spec.tier == 1 and "critical" or (spec.tier == 2 and "high" or "medium"),
    last_assessed_on = spec.last_assessed_on, next_assessment_due = spec.last_assessed_on and E.add_months(spec.last_assessed_on, cycle) or null,
    approved_for = spec.approved_for or null, approved_on = spec.approved_on or null,
    approved_by_id = spec.approved_on and carmen or null, updated_at = (spec.approved_on or spec.last_assessed_on or "2025-01-15") .. "T15:00:00Z",
  }
  if spec.service then values.service = spec.service end
  local p = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = ? ORDER BY number LIMIT 1", s.number)
  if p then
    db.update("vendor_risk_profiles", { id = p.id }, values)
  else
    values.number, values.supplier_number, values.service = G.next_number("vendor_risk_profiles"), s.number, spec.service or "Software licences and support"
    values.country, values.owner_id, values.created_at = s.country or "US", carmen, "2023-05-10T10:00:00Z"
    for k, v in pairs(values) do if v == null then values[k] = nil end end
    db.insert("vendor_risk_profiles", values)
  end
  p = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = ? ORDER BY number LIMIT 1", s.number)
  -- no assessment under way; the latest completed one is the one named
  db.exec("UPDATE vendor_assessments SET status = 'cancelled' WHERE profile_id = ? AND status = 'in_progress'", p.id)
  if spec.last_assessed_on then
    local score = spec.score or 82
    local result = score >= 70 and "pass" or (score >= 50 and "conditional" or "fail")
    local last = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND status = 'completed' ORDER BY completed_on DESC, id DESC LIMIT 1", p.id)
    local row = { completed_on = spec.last_assessed_on, started_on = E.add_months(spec.last_assessed_on, -1), score = score, result = result,
                  notes = result == "pass" and "No material gaps." or "Gaps in access control and incident notification terms." }
    if last and last.completed_on >= spec.last_assessed_on then
      db.exec("DELETE FROM vendor_assessments WHERE profile_id = ? AND status = 'completed' AND completed_on > ?", p.id, spec.last_assessed_on)
      last = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND status = 'completed' ORDER BY completed_on DESC, id DESC LIMIT 1", p.id)
    end
    if last and last.completed_on == spec.last_assessed_on then
      db.update("vendor_assessments", { id = last.id }, row)
    else
      row.number, row.profile_id, row.assessor_id, row.kind, row.status = G.next_number("vendor_assessments"), p.id, carmen, spec.kind or "questionnaire", "completed"
      db.insert("vendor_assessments", row)
    end
  end
  return p
end

return M
