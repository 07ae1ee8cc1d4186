-- Access to business systems: entitlements, grants (AGT…), the segregation-of-duties rules, a check of a
-- prospective grant against them, and granting and revoking access.
local D = require("directory")
local G = require("compliance")
local Pol = require("comp_policy")

-- An entitlement by code or name, in a system (code) when given; ends the call when absent or ambiguous.
local function must_entitlement(ref, system)
  local sys
  if system then
    sys = db.one("SELECT * FROM business_systems WHERE code = ? COLLATE NOCASE OR name = ? COLLATE NOCASE", system, system)
    if not sys then fail("not_found", "No system '" .. system .. "'", "list_entitlements shows the systems.") end
  end
  local rows
  if sys then
    rows = db.query([[SELECT e.*, s.code AS system_code FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                      WHERE e.system_id = ? AND (e.code = ? COLLATE NOCASE OR e.name = ? COLLATE NOCASE) ORDER BY e.id]], sys.id, ref, ref)
  else
    rows = db.query([[SELECT e.*, s.code AS system_code FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                      WHERE e.code = ? COLLATE NOCASE OR e.name = ? COLLATE NOCASE ORDER BY e.id]], ref, ref)
  end
  if #rows == 1 then return rows[1] end
  if #rows > 1 then
    local names = {}
    for i, r in ipairs(rows) do names[i] = r.system_code .. " " .. r.code end
    fail("ambiguous", "'" .. ref .. "' exists in several systems: " .. table.concat(names, ", "), "Give system as well.")
  end
  fail("not_found", "No entitlement '" .. tostring(ref) .. "'" .. (sys and (" in " .. sys.code) or ""), "list_entitlements gives the codes.")
end

local function ent_label(id)
  local e = db.one([[SELECT e.code, s.code AS system_code FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE e.id = ?]], id)
  return e and (e.system_code .. ":" .. e.code) or null
end

local function grant_view(g)
  return { number = g.number, user = D.name_of(g.user_id), user_active = db.value("SELECT active FROM users WHERE id = ?", g.user_id) == 1,
           entitlement = ent_label(g.entitlement_id), status = g.status, granted_on = g.granted_on, granted_by = D.name_of(g.granted_by_id),
           revoked_on = D.or_null(g.revoked_on), revoke_reason = D.or_null(g.revoke_reason),
           exception = G.number_of("policy_exceptions", g.exception_id), request_ref = D.or_null(g.request_ref) }
end

local function conflicts_view(list)
  local out = {}
  for i, c in ipairs(list) do
    out[i] = { sod_rule = c.rule.code, description = c.rule.description, risk = c.rule.risk,
               conflicts_with = ent_label(c.other.id), held_as = c.grant,
               mitigating_exception = c.mitigated and c.mitigated.number or null }
  end
  return array(out)
end

local search_access_grants = {
  name = "search_access_grants",
  description = "Access grants (AGT…) by user, entitlement (code, optionally with system), system, status (active, " ..
    "revoked), or grants still active for people who have left (leavers_only).",
  read_only = true,
  parameters = D.with_paging({
    user = { type = "string", description = "User name" },
    entitlement = { type = "string", description = "Entitlement code or name, e.g. payment_release" },
    system = { type = "string", description = "System code, e.g. ERP" },
    status = { type = "string", enum = { "active", "revoked" } },
    leavers_only = { type = "boolean", description = "Only active grants of inactive accounts" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local ent = args.entitlement and must_entitlement(args.entitlement, args.system)
    local sys = (not ent) and args.system and db.one("SELECT * FROM business_systems WHERE code = ? COLLATE NOCASE", args.system)
    if args.system and not ent and not sys then fail("not_found", "No system '" .. args.system .. "'") end
    local w = D.where()
      :add("g.user_id = ?", args.user and D.must_user(args.user).id)
      :add("g.entitlement_id = ?", ent and ent.id)
      :add("g.entitlement_id IN (SELECT id FROM entitlements WHERE system_id = ?)", sys and sys.id)
      :add("g.status = ?", args.status)
      :add_if(args.leavers_only, "g.status = 'active' AND g.user_id IN (SELECT id FROM users WHERE active = 0)")
    local rows = db.query("SELECT g.*, COUNT(*) OVER () AS total_matches FROM access_grants g" .. w:sql() ..
                          " ORDER BY g.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM access_grants g" .. w:sql(), w:params())
    local items = {}
    for k, g in ipairs(rows) do items[k] = grant_view(g) end
    return D.paged(items, total, page, size)
  end,
}

local list_entitlements = {
  name = "list_entitlements",
  description = "Business systems and their entitlements (code, name, privileged), with how many active grants each has.",
  read_only = true,
  parameters = D.with_paging({ system = { type = "string", description = "System code, e.g. ERP; all systems when absent" } }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local sys = args.system and db.one("SELECT * FROM business_systems WHERE code = ? COLLATE NOCASE", args.system)
    if args.system and not sys then fail("not_found", "No system '" .. args.system .. "'") end
    local w = D.where():add("e.system_id = ?", sys and sys.id)
    local rows = db.query([[SELECT e.*, s.code AS system_code, s.name AS system_name, COUNT(*) OVER () AS total_matches
                            FROM entitlements e JOIN business_systems s ON s.id = e.system_id]] .. w:sql() ..
                          " ORDER BY s.code, e.code LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM entitlements e" .. w:sql(), w:params())
    local items = {}
    for k, e in ipairs(rows) do
      items[k] = { system = e.system_code, system_name = e.system_name, code = e.code, name = e.name, privileged = G.yes(e.privileged),
                   active_grants = db.value("SELECT COUNT(*) FROM access_grants WHERE entitlement_id = ? AND status = 'active'", e.id) }
    end
    return D.paged(items, total, page, size)
  end,
}

local list_sod_rules = {
  name = "list_sod_rules",
  description = "The segregation-of-duties rules: pairs of entitlements one person must not hold together, with risk.",
  read_only = true,
  parameters = {},
  run = function()
    local items = {}
    for _, r in ipairs(db.query("SELECT * FROM sod_rules WHERE active = 1 ORDER BY code")) do
      items[#items + 1] = { code = r.code, a = ent_label(r.entitlement_a_id), b = ent_label(r.entitlement_b_id),
                            description = r.description, risk = r.risk }
    end
    return { items = array(items), total = #items }
  end,
}

local check_sod = {
  name = "check_sod",
  description = "Check whether giving a user an entitlement would complete a segregation-of-duties pair with access " ..
    "they already hold, and whether an approved, unexpired exception mitigates it.",
  read_only = true,
  parameters = {
    user = { type = "string", required = true },
    entitlement = { type = "string", required = true },
    system = { type = "string" },
  },
  run = function(args)
    local u = D.must_user(args.user)
    local e = must_entitlement(args.entitlement, args.system)
    local list = Pol.sod_conflicts(u.id, e.id)
    local blocking = 0
    for _, c in ipairs(list) do if not c.mitigated then blocking = blocking + 1 end end
    return { user = u.user_name, entitlement = ent_label(e.id), conflicts = conflicts_view(list), may_grant = blocking == 0,
             already_held = db.value("SELECT number FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active'", u.id, e.id) or null }
  end,
}

local grant_access = {
  name = "grant_access",
  description = "Grant an active user an entitlement. Policy: never a grant that completes a segregation-of-duties " ..
    "pair unless an approved, unexpired exception for that user and rule mitigates it (it is linked to the grant).",
  parameters = {
    user = { type = "string", required = true },
    entitlement = { type = "string", required = true, description = "Entitlement code or name" },
    system = { type = "string", description = "System code when the code exists in several" },
    request_ref = { type = "string", maxLength = 40, description = "The access request it fulfils, e.g. REQ0001234" },
  },
  run = function(args)
    local me = D.actor_user()
    local u = G.must_person(args.user, "given access")
    local e = must_entitlement(args.entitlement, args.system)
    local held = db.value("SELECT number FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active'", u.id, e.id)
    if held then fail("conflict", u.user_name .. " already holds " .. ent_label(e.id) .. " (" .. held .. ")") end
    local exception
    for _, c in ipairs(Pol.sod_conflicts(u.id, e.id)) do exception = exception or c.mitigated end
    local g = G.create("access_grants", { user_id = u.id, entitlement_id = e.id, granted_on = G.today(), granted_by_id = me.id,
                                          status = "active", exception_id = exception and exception.id, request_ref = args.request_ref },
                       me.id, "granted " .. ent_label(e.id) .. " to " .. u.user_name)
    return grant_view(g)
  end,
}

local revoke_access = {
  name = "revoke_access",
  description = "Revoke an active access grant (AGT…) with a reason (leaver, conflict, no longer needed).",
  parameters = {
    grant = { type = "string", required = true },
    reason = { type = "string", minLength = 5, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local g = G.must("access_grants", args.grant)
    G.set("access_grants", g, { status = "revoked", revoked_on = G.today(), revoked_by_id = me.id, revoke_reason = args.reason }, me.id)
    -- a revoke decision of an open review on this grant is thereby carried out
    local now = D.now()
    for _, i in ipairs(db.query([[SELECT i.* FROM access_review_items i JOIN access_review_campaigns c ON c.id = i.campaign_id
                                  WHERE i.grant_id = ? AND i.decision = 'revoke' AND i.revoked_at IS NULL AND c.status = 'open'
                                  ORDER BY i.id]], g.id)) do
      G.set("access_review_items", i, { revoked_at = now }, me.id)
    end
    return grant_view(db.one("SELECT * FROM access_grants WHERE id = ?", g.id))
  end,
}

return { search_access_grants, list_entitlements, list_sod_rules, check_sod, grant_access, revoke_access }
