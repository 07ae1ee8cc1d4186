-- The cross-system policy (policy.md) as functions: rules.lua decides with these whether a call breaks an
-- ENT rule, and verifiers (through enterprise_facts) read the same answers, so the two never drift.
-- Every look-up here is an indexed read: the rules run on every matching call.
local D = require("directory")
local M = {}

M.VENDOR_SIGN_OFF_MONTHS = 12             -- ENT-R01: the last assessment of a risky vendor is at most this old
M.RISKY_DATA = { personal = true, sensitive = true }
M.SIGNED_OFF = { approved = true, active = true }   -- profile statuses under which a sign-off stands
M.OPEN_REQUEST = { pending_approval = true, approved = true, in_progress = true }
M.OPEN_INCIDENT = { new = true, in_progress = true, on_hold = true }
M.OFFBOARDING_ITEM = "Offboarding"
M.ASSET_CATEGORY = "IT hardware"           -- procurement's spend category of IT hardware
-- The catalog items whose hardware the CMDB tracks as assets (peripherals such as monitors and headsets
-- are consumables, not CIs).
M.ASSET_ITEMS = { ["Standard Laptop"] = true, ["Developer Laptop"] = true, ["Mobile Phone"] = true }

function M.today() return D.now():sub(1, 10) end

local function add_months(date, months)
  local y, m, d = date:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  y, m, d = tonumber(y), tonumber(m) + months, tonumber(d)
  while m > 12 do y, m = y + 1, m - 12 end
  while m < 1 do y, m = y - 1, m + 12 end
  local last = ({ 31, (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
  return string.format("%04d-%02d-%02d", y, m, math.min(d, last))
end
M.add_months = add_months

local function norm(number)
  local prefix, digits = tostring(number or ""):upper():match("^%s*(%a+)(%d+)%s*$")
  if not prefix then return tostring(number or "") end
  return prefix .. string.rep("0", math.max(0, 7 - #digits)) .. digits
end
M.norm = norm

---------------------------------------------------------------------------------------------------
-- Records by number (nil when there is none: the tool reports a missing record, not the rule)
---------------------------------------------------------------------------------------------------
function M.po(number) return number and db.one("SELECT * FROM purchase_orders WHERE number = ?", norm(number)) end
function M.requisition(number) return number and db.one("SELECT * FROM requisitions WHERE number = ?", norm(number)) end
function M.invoice(number) return number and db.one("SELECT * FROM supplier_invoices WHERE number = ?", norm(number)) end
function M.payment(number) return number and db.one("SELECT * FROM payments WHERE number = ?", norm(number)) end
function M.request(number) return number and db.one("SELECT * FROM requests WHERE number = ?", norm(number)) end
function M.change(number) return number and db.one("SELECT * FROM change_requests WHERE number = ?", norm(number)) end
function M.supplier(id) return id and db.one("SELECT * FROM suppliers WHERE id = ?", id) end

---------------------------------------------------------------------------------------------------
-- Vendor risk seen from procurement (ENT-R01, R02, R03)
---------------------------------------------------------------------------------------------------
-- The vendor profile of a supplier: the one naming its supplier number (an offboarded profile only when
-- there is no other). nil when compliance has none.
function M.profile_of_supplier(s)
  if not s then return nil end
  local best
  for _, p in ipairs(db.query("SELECT * FROM vendor_risk_profiles WHERE supplier_number = ? ORDER BY number", s.number)) do
    if p.status ~= "offboarded" then return p end
    best = best or p
  end
  return best
end

-- Tier 1 or access to personal or sensitive data: money goes to it only after a sign-off.
function M.is_risky(p) return p.tier == 1 or M.RISKY_DATA[p.data_access] == true end

-- The vendor-risk sign-off stands: approve_vendor was given (approved_on) and the profile is approved or
-- active since (not blocked, offboarded, under review or still onboarding).
function M.signed_off(p) return p.approved_on ~= nil and M.SIGNED_OFF[p.status] == true end

-- Its last completed assessment is at most 12 months old today.
function M.assessment_current(p, today)
  today = today or M.today()
  return p.last_assessed_on ~= nil and p.last_assessed_on >= add_months(today, -M.VENDOR_SIGN_OFF_MONTHS)
end

-- ENT-R01: why money may not go to this supplier yet (nil when it may, or compliance has no profile).
function M.risk_gap(s)
  local p = M.profile_of_supplier(s)
  if not p or not M.is_risky(p) then return nil end
  local why = p.tier == 1 and "tier 1" or (p.data_access .. " data access")
  if not M.signed_off(p) then
    return s.number .. " " .. s.name .. " is a " .. why .. " vendor (" .. p.number .. ", " .. p.status ..
      ") without a vendor-risk sign-off"
  end
  if not M.assessment_current(p) then
    return s.number .. " " .. s.name .. " is a " .. why .. " vendor (" .. p.number .. ") last assessed " ..
      tostring(p.last_assessed_on or "never") .. ", more than " .. M.VENDOR_SIGN_OFF_MONTHS .. " months ago"
  end
  return nil
end

-- ENT-R03: the supplier's vendor profile is blocked (nil otherwise).
function M.blocked_profile(s)
  local p = M.profile_of_supplier(s)
  if p and p.status == "blocked" then return p end
  return nil
end

-- ENT-R02: the vendor profiles running a business system / a catalog item, and the first not signed off.
function M.unapproved_vendor_of_system(system_id)
  for _, p in ipairs(db.query([[SELECT p.* FROM vendor_services v JOIN vendor_risk_profiles p ON p.id = v.profile_id
                                WHERE v.system_id = ? ORDER BY p.number]], system_id)) do
    if not M.signed_off(p) then return p end
  end
  return nil
end
function M.unapproved_vendor_of_item(item_id)
  for _, p in ipairs(db.query([[SELECT p.* FROM vendor_services v JOIN vendor_risk_profiles p ON p.id = v.profile_id
                                WHERE v.catalog_item_id = ? ORDER BY p.number]], item_id)) do
    if not M.signed_off(p) then return p end
  end
  return nil
end

-- The entitlements grant_access would resolve (code or name, within a system when given).
function M.entitlements(ref, system)
  if not ref then return {} end
  local sys = system and db.value("SELECT id FROM business_systems WHERE code = ? COLLATE NOCASE", tostring(system))
  if system and not sys then return {} end
  local rows = db.query("SELECT * FROM entitlements WHERE code = ? ORDER BY id", tostring(ref))
  if #rows == 0 then rows = db.query("SELECT * FROM entitlements WHERE name = ? COLLATE NOCASE ORDER BY id", tostring(ref)) end
  local out = {}
  for _, e in ipairs(rows) do
    if not sys or e.system_id == sys then out[#out + 1] = e end
  end
  return out
end

---------------------------------------------------------------------------------------------------
-- Hardware is an asset (ENT-R04)
---------------------------------------------------------------------------------------------------
-- The purchase orders that bought IT hardware for a person since `since` (an ISO time): orders of their
-- requisitions (requested for them) with a line in the IT hardware category, oldest first.
function M.hardware_orders_for(user_id, since)
  local out = {}
  for _, r in ipairs(db.query("SELECT id FROM requisitions WHERE requested_for_id = ? ORDER BY id", user_id)) do
    for _, po in ipairs(db.query("SELECT * FROM purchase_orders WHERE requisition_id = ? ORDER BY id", r.id)) do
      if po.status ~= "cancelled" and (not since or po.created_at >= since) then
        local hw = db.value([[SELECT 1 FROM po_lines l JOIN spend_categories c ON c.id = l.category_id
                              WHERE l.po_id = ? AND c.name = ? LIMIT 1]], po.id, M.ASSET_CATEGORY)
        if hw then out[#out + 1] = po end
      end
    end
  end
  return out
end

-- A CI owned by the person whose description names the order (nil if none).
function M.ci_for_order(user_id, po_number)
  for _, ci in ipairs(db.query("SELECT * FROM configuration_items WHERE owner_id = ? ORDER BY id", user_id)) do
    if ci.status ~= "retired" and ci.description and ci.description:find(po_number, 1, true) then return ci end
  end
  return nil
end

-- ENT-R04: why this hardware request may not be closed complete yet (nil when it may).
function M.asset_gap(req)
  local item = db.one("SELECT * FROM catalog_items WHERE id = ?", req.catalog_item_id)
  if not item or not M.ASSET_ITEMS[item.name] then return nil end
  for _, po in ipairs(M.hardware_orders_for(req.requested_for_id, req.opened_at)) do
    if not M.ci_for_order(req.requested_for_id, po.number) then
      return req.number .. " (" .. item.name .. " for " .. D.name_of(req.requested_for_id) .. ") was bought on " .. po.number ..
        " and no CI owned by them names " .. po.number .. " in the CMDB"
    end
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- Leavers (ENT-R05)
---------------------------------------------------------------------------------------------------
-- The open Offboarding request of a person (nil if none).
function M.open_offboarding(user_id)
  for _, r in ipairs(db.query([[SELECT q.* FROM requests q JOIN catalog_items c ON c.id = q.catalog_item_id
                                WHERE q.requested_for_id = ? AND c.name = ? ORDER BY q.id]], user_id, M.OFFBOARDING_ITEM)) do
    if M.OPEN_REQUEST[r.state] then return r end
  end
  return nil
end

-- Why a person counts as a leaver: their account is inactive, or an Offboarding request for them is open.
function M.leaver_reason(u)
  if not u then return nil end
  if u.active ~= 1 then return u.user_name .. "'s account is inactive" end
  local r = M.open_offboarding(u.id)
  if r then return u.user_name .. " is leaving (offboarding " .. r.number .. " is " .. r.state .. ")" end
  return nil
end

-- What a leaver still holds that must move before their offboarding is fulfilled: open incidents and
-- requests assigned to them, pending procurement approvals without a delegate in force now.
function M.leaver_loose_ends(user_id, now)
  now = now or D.now()
  local out = {}
  for _, i in ipairs(db.query("SELECT number, state FROM incidents WHERE assigned_to_id = ? ORDER BY number", user_id)) do
    if M.OPEN_INCIDENT[i.state] then out[#out + 1] = i.number end
  end
  for _, r in ipairs(db.query("SELECT number, state FROM requests WHERE assigned_to_id = ? ORDER BY number", user_id)) do
    if r.state == "approved" or r.state == "in_progress" then out[#out + 1] = r.number end
  end
  local delegated = db.value([[SELECT 1 FROM approval_delegations WHERE delegator_id = ? AND starts_at <= ? AND ends_at > ?
                               AND revoked_at IS NULL LIMIT 1]], user_id, now, now)
  if not delegated then
    for _, a in ipairs(db.query([[SELECT record_number FROM procurement_approvals WHERE approver_id = ? AND status = 'pending'
                                  ORDER BY record_number]], user_id)) do
      out[#out + 1] = a.record_number
    end
  end
  return out
end

---------------------------------------------------------------------------------------------------
-- Emergency purchases (ENT-R06)
---------------------------------------------------------------------------------------------------
-- A requisition is an emergency purchase when its title or justification calls it one.
function M.is_emergency(r)
  local text = ((r.title or "") .. " " .. (r.justification or "")):lower()
  return text:find("emergency", 1, true) ~= nil
end

-- The emergency changes its justification names (CHG numbers of emergency changes that are not
-- canceled), in the order named.
function M.emergency_changes_named(r)
  local out = {}
  for digits in tostring(r.justification or ""):upper():gmatch("CHG(%d%d%d%d%d%d%d)") do
    local c = M.change("CHG" .. digits)
    if c and c.type == "emergency" and c.state ~= "canceled" then out[#out + 1] = c end
  end
  return out
end

return M
