-- Seed of the enterprise composite: runs last, after the company directory and the three systems, each of
-- which seeded exactly as it does alone. It links what the systems must share and do not yet:
--
-- 1. Suppliers and vendor profiles agree. Compliance seeded its vendor profiles alone, naming supplier
--    numbers procurement may not have and names procurement never used. Here every procurement supplier in a
--    line of business vendor risk covers gets (when one fits) a profile of that line of business, which
--    takes the supplier's number and name; a profile left without a supplier keeps no supplier number
--    (a vendor procurement does not buy from, or a prospect). A blocked or inactive supplier's profile is
--    blocked or offboarded when one fits, an active or pending supplier's never is.
-- 2. The vendors that run our systems: four business systems (and the catalog item that provisions one of
--    them) are linked to their vendor's profile (vendor_services, and in words: the profile's service and
--    the catalog item's description), and those vendors carry a current vendor-risk sign-off.
-- 3. People: the ITSM reporter role for every active person without an ITSM role (procurement's and
--    compliance's staff joined the directory after ITSM seeded), and procurement's requisitioner role (which
--    procurement's policy gives everyone) for every active person without a procurement role; procurement's staff get the access they
--    use in the compliance systems (ERP, procurement suite); three people whose job spans systems get the
--    roles it needs (ent_links.CROSS_ROLES).
--
-- Deterministic: no randomness, every list walked in a fixed order.
local L = require("ent_links")

local TODAY = clock.iso(clock.now()):sub(1, 10)

local function user_id(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local function role_id(name) return db.value("SELECT id FROM roles WHERE name = ?", name) end

local function add_months(date, months)
  local y, m, d = date:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  y, m, d = tonumber(y), tonumber(m) + months, tonumber(d)
  while m > 12 do y, m = y + 1, m - 12 end
  while m < 1 do y, m = y - 1, m + 12 end
  local last = ({ 31, (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
  return string.format("%04d-%02d-%02d", y, m, math.min(d, last))
end

local function add_days(date, days)
  return clock.iso(clock.parse(date .. "T00:00:00Z") + days * 86400):sub(1, 10)
end

local function set_of(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local function comp_history(number, field, old, new, actor_id, at)
  db.insert("compliance_history", { record_number = number, field = field, old_value = old, new_value = new, actor_id = actor_id, at = at })
end

---------------------------------------------------------------------------------------------------
-- 1 and 2. Vendor profiles <-> suppliers, and the vendors that run our systems
---------------------------------------------------------------------------------------------------
local carmen = user_id("carmen.villalobos")
local profiles = db.query("SELECT * FROM vendor_risk_profiles ORDER BY number")
local used = {}                       -- profile id -> true once it names a supplier
local new_number = {}                 -- profile id -> the supplier number it ends with (nil: none)

-- The latest completed assessment of a profile.
local function last_assessment(profile_id)
  return db.one([[SELECT * FROM vendor_assessments WHERE profile_id = ? AND status = 'completed'
                  ORDER BY completed_on DESC, id DESC LIMIT 1]], profile_id)
end

local function give(p, s)
  used[p.id] = true
  new_number[p.id] = s.number
  db.update("vendor_risk_profiles", { id = p.id }, { supplier_number = s.number, vendor_name = s.name })
  p.supplier_number, p.vendor_name = s.number, s.name
end

-- The vendors of our systems first. The supplier: a fixed one by number, else the first active supplier of
-- the category not yet linked. The profile: the first free one of a fitting service that is active and
-- whose last assessment passed within the last 11 months; failing that (another seed), the first free
-- fitting one that is not blocked or offboarded, reassessed (a passed SOC 2 review two months ago). It
-- takes the supplier and gets a renewal sign-off two weeks after that assessment.
local recent = add_months(TODAY, -11)
local linked = {}                     -- supplier number -> true once it runs a system (the fixed ones from the start)
for _, v in ipairs(L.SYSTEM_VENDORS) do
  if v.supplier then linked[v.supplier] = true end
end
local function first_supplier(v)
  if v.supplier then return db.one("SELECT * FROM suppliers WHERE number = ?", v.supplier) end
  for _, s in ipairs(db.query([[SELECT s.* FROM suppliers s JOIN spend_categories c ON c.id = s.primary_category_id
                                WHERE c.name = ? AND s.status = 'active' ORDER BY s.number]], v.category)) do
    if not linked[s.number] then return s end
  end
end
local function fitting_profile(wanted)
  for _, p in ipairs(profiles) do
    if not used[p.id] and wanted[p.service] and p.status == "active" and p.last_assessed_on and p.last_assessed_on >= recent then
      local a = last_assessment(p.id)
      if a and a.result == "pass" then return p, false end
    end
  end
  for _, p in ipairs(profiles) do
    if not used[p.id] and wanted[p.service] and p.status ~= "blocked" and p.status ~= "offboarded" then return p, true end
  end
  for _, p in ipairs(profiles) do
    if not used[p.id] and p.status ~= "blocked" and p.status ~= "offboarded" then return p, true end
  end
end
local CYCLE = { 12, 24, 36 }
for _, v in ipairs(L.SYSTEM_VENDORS) do
  local s = first_supplier(v)
  local chosen, reassess = fitting_profile(set_of(v.services))
  assert(s and chosen, "no supplier or profile for the vendor of " .. v.system)
  linked[s.number] = true
  give(chosen, s)
  if reassess then
    local done = add_days(TODAY, -60)
    for _, a in ipairs(db.query("SELECT id FROM vendor_assessments WHERE profile_id = ? AND status = 'in_progress' ORDER BY id", chosen.id)) do
      db.update("vendor_assessments", { id = a.id }, { status = "cancelled", notes = "Superseded by the SOC 2 review." })
    end
    local last_vas = db.value("SELECT number FROM vendor_assessments ORDER BY number DESC LIMIT 1")
    db.insert("vendor_assessments", {
      number = string.format("VAS%07d", (last_vas and tonumber(last_vas:match("(%d+)$")) or 0) + 1), profile_id = chosen.id,
      assessor_id = carmen, kind = "soc2_review", started_on = add_days(done, -21), completed_on = done, score = 88, result = "pass",
      status = "completed", notes = "SOC 2 Type II report reviewed; no material gaps.",
    })
    chosen.last_assessed_on = done
  end
  local system = db.one("SELECT * FROM business_systems WHERE code = ?", v.system)
  local approved_on = add_days(chosen.last_assessed_on, 14)
  if approved_on >= TODAY then approved_on = add_days(TODAY, -1) end
  local service = "Runs " .. system.name .. " for us (" .. v.what .. ")"
  db.update("vendor_risk_profiles", { id = chosen.id }, {
    service = service, status = "approved", approved_for = "renewal", approved_on = approved_on, approved_by_id = carmen,
    last_assessed_on = chosen.last_assessed_on, next_assessment_due = add_months(chosen.last_assessed_on, CYCLE[chosen.tier]),
    updated_at = approved_on .. "T15:00:00Z",
  })
  local item_id = v.catalog_item and db.value("SELECT id FROM catalog_items WHERE name = ?", v.catalog_item)
  db.insert("vendor_services", { profile_id = chosen.id, system_id = system.id, catalog_item_id = item_id, service = system.name })
  if item_id then
    local item = db.one("SELECT * FROM catalog_items WHERE id = ?", item_id)
    db.update("catalog_items", { id = item_id }, {
      description = item.description .. " " .. system.name .. " is run for us by " .. s.name .. " (vendor risk profile " ..
        chosen.number .. ").",
    })
  end
end

-- Then every supplier of a covered line of business, in number order: the first free profile of a fitting
-- service whose status suits the supplier's.
for _, s in ipairs(db.query([[SELECT s.*, c.name AS category FROM suppliers s JOIN spend_categories c ON c.id = s.primary_category_id
                              ORDER BY s.number]])) do
  local services = L.CATEGORY_SERVICES[s.category]
  local already = false
  for _, p in ipairs(profiles) do
    if used[p.id] and new_number[p.id] == s.number then already = true break end
  end
  if services and not already then
    local wanted, statuses = set_of(services), L.PROFILE_STATUSES[s.status]
    local chosen
    for _, status in ipairs(statuses) do
      for _, p in ipairs(profiles) do
        if not used[p.id] and wanted[p.service] and p.status == status then chosen = p break end
      end
      if chosen then break end
    end
    if chosen then give(chosen, s) end
  end
end

-- A profile that names no supplier of procurement's keeps none.
for _, p in ipairs(profiles) do
  if not used[p.id] and p.supplier_number ~= nil then
    db.update("vendor_risk_profiles", { id = p.id }, { supplier_number = null })
  end
end

---------------------------------------------------------------------------------------------------
-- 3. People
---------------------------------------------------------------------------------------------------
-- The ITSM reporter role for every active person who has no ITSM role.
local reporter = role_id("reporter")
for _, u in ipairs(db.query([[SELECT u.id FROM users u WHERE u.active = 1 AND NOT EXISTS (
                                SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.system = 'itsm')
                              ORDER BY u.id]])) do
  db.insert("user_roles", { user_id = u.id, role_id = reporter })
end

-- Procurement's requisitioner role for every active person who has no procurement role: procurement's policy
-- makes everyone a requisitioner, and compliance's staff joined the directory after procurement seeded.
local requisitioner = role_id("requisitioner")
for _, u in ipairs(db.query([[SELECT u.id FROM users u WHERE u.active = 1 AND NOT EXISTS (
                                SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.system = 'procurement')
                              ORDER BY u.id]])) do
  db.insert("user_roles", { user_id = u.id, role_id = requisitioner })
end

-- Roles of the people whose job spans systems.
for _, c in ipairs(L.CROSS_ROLES) do
  local uid = user_id(c.user)
  for _, r in ipairs(c.roles) do
    local rid = role_id(r)
    if not db.value("SELECT 1 FROM user_roles WHERE user_id = ? AND role_id = ?", uid, rid) then
      db.insert("user_roles", { user_id = uid, role_id = rid })
    end
  end
end

-- Procurement's staff in the compliance systems: everyone's baseline and what their work uses, granted by
-- Identity & Access a few days after they joined. Numbers continue compliance's.
local last = db.value("SELECT number FROM access_grants ORDER BY number DESC LIMIT 1")
local n = last and tonumber(last:match("(%d+)$")) or 0
local granter = user_id(L.GRANTED_BY)
for _, who in ipairs(L.STAFF_ACCESS) do
  local u = db.one("SELECT * FROM users WHERE user_name = ?", who.user)
  if u and u.active == 1 then
    local on = add_days(u.created_at:sub(1, 10), 3)
    if on >= TODAY then on = add_days(TODAY, -1) end
    local keys = {}
    for _, k in ipairs(L.BASELINE) do keys[#keys + 1] = k end
    for _, k in ipairs(who.access) do keys[#keys + 1] = k end
    for _, key in ipairs(keys) do
      local code, ent = key:match("^(%u+)%.(.+)$")
      local eid = db.value([[SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                             WHERE s.code = ? AND e.code = ?]], code, ent)
      if not db.value("SELECT 1 FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active'", u.id, eid) then
        n = n + 1
        local number = string.format("AGT%07d", n)
        db.insert("access_grants", { number = number, user_id = u.id, entitlement_id = eid, granted_on = on, granted_by_id = granter,
                                     status = "active" })
        if on >= add_days(TODAY, -30) then comp_history(number, "created", nil, "active", granter, on .. "T10:00:00Z") end
      end
    end
  end
end
