-- Seed part: business systems, entitlements and segregation-of-duties rules (catalog), then who holds
-- which access (grants), with the leavers who kept theirs, deliberate SoD conflicts (mitigated by an
-- approved exception, unmitigated, or with a lapsed exception), and the access review campaigns.
local C = require("grc_catalog")
local Tm = require("grc_time")
local M = {}

local IAM = { "david.cohen", "fatima.zahra", "noah.williams", "irene.lopez" }

function M.catalog(ctx)
  ctx.system, ctx.systems = {}, {}
  for _, s in ipairs(C.SYSTEMS) do
    local id = db.insert("business_systems", {
      code = s[1], name = s[2], kind = s[3], owner_id = ctx.owner(s[4]), sox_in_scope = s[5], holds_personal_data = s[6],
      description = s[7],
    })
    ctx.system[s[1]] = { id = id, code = s[1], name = s[2], owner_id = ctx.owner(s[4]), sox = s[5], personal = s[6] }
    ctx.systems[#ctx.systems + 1] = ctx.system[s[1]]
  end
  ctx.ent = {}
  for _, s in ipairs(C.SYSTEMS) do
    for _, e in ipairs(C.ENTITLEMENTS[s[1]]) do
      local key = s[1] .. "." .. e[1]
      local id = db.insert("entitlements", { system_id = ctx.system[s[1]].id, code = e[1], name = e[2], privileged = e[3], description = e[4] })
      ctx.ent[key] = { id = id, key = key, system = s[1], privileged = e[3] }
    end
  end
  ctx.sod, ctx.sod_by_code, ctx.conflicts = {}, {}, {}
  for _, r in ipairs(C.SOD_RULES) do
    local id = db.insert("sod_rules", { code = r[1], entitlement_a_id = ctx.ent[r[2]].id, entitlement_b_id = ctx.ent[r[3]].id,
                                         risk = r[4], description = r[5], active = 1 })
    local rule = { id = id, code = r[1], a = r[2], b = r[3], risk = r[4] }
    ctx.sod[#ctx.sod + 1] = rule
    ctx.sod_by_code[r[1]] = rule
    for _, pair in ipairs({ { r[2], r[3] }, { r[3], r[2] } }) do
      ctx.conflicts[pair[1]] = ctx.conflicts[pair[1]] or {}
      table.insert(ctx.conflicts[pair[1]], pair[2])
    end
  end
end

-- Whether holding `key` beside the set `held` would complete an SoD pair (other than `allowed`).
local function completes_pair(ctx, held, key, allowed)
  for _, other in ipairs(ctx.conflicts[key] or {}) do
    if held[other] and other ~= allowed then return true end
  end
  return false
end

local function copy(list)
  local out = {}
  for i, v in ipairs(list) do out[i] = v end
  return out
end

---------------------------------------------------------------------------------------------------
-- Grants
---------------------------------------------------------------------------------------------------
-- Everyone's access from their first day: the baseline, a share of their department's entitlements, and
-- older grants since revoked (a role change). People who left lost their access on leaving, except
-- LEAVER_KEEPS of them. Appends the person's grant rows (not yet inserted) to `out`, and sets their active
-- grants by entitlement in held_of[user id].
local LEAVER_KEEPS = 0.3

local function person_grants(ctx, u, out, held_of)
  local iam = ctx.iam
  local first = ctx.date_after(u.created_on, 0, 5)
  local last = Tm.add_days(ctx.TODAY, -1)
  local leave_on
  if u.active == 0 then
    local span = Tm.days_between(first, last)
    leave_on = Tm.add_days(first, rng.int(math.min(60, span), span))
    last = leave_on
  end
  local span = math.max(0, Tm.days_between(first, last))
  local held, mine = {}, {}
  held_of[u.id] = held
  local function add(key, granted_on)
    local g = { user_id = u.id, key = key, granted_on = granted_on, granted_by_id = rng.pick(iam), status = "active" }
    out[#out + 1] = g
    mine[#mine + 1] = g
    held[key] = g
    return g
  end
  for _, key in ipairs(C.BASELINE) do add(key, first) end
  local list = copy(C.BY_DEPARTMENT[u.department] or {})
  rng.shuffle(list)
  local want = #list > 0 and rng.int(math.min(2, #list), #list) or 0
  local taken = 0
  for _, key in ipairs(list) do
    if taken < want and not completes_pair(ctx, held, key) then
      add(key, ctx.date_after(first, 0, span))
      taken = taken + 1
    end
  end
  -- Older grants of the same department since revoked (role changes, earlier reviews).
  local old, old_max = 0, rng.int(2, 5)
  for _, key in ipairs(list) do
    if not held[key] and old < old_max and span > 60 then
      local on = ctx.date_after(first, 0, span - 60)
      local off = ctx.date_after(on, 30, Tm.days_between(on, last))
      local g = add(key, on)
      g.status, g.revoked_on, g.revoked_by_id, g.revoke_reason = "revoked", off, rng.pick(iam), "No longer needed for the role"
      held[key] = nil
      old = old + 1
    end
  end
  if leave_on then
    local keeps = u.user_name == "henrik.aalto2" or ctx.chance(LEAVER_KEEPS)
    for _, g in ipairs(mine) do
      if g.status == "active" and not keeps then
        g.status, g.revoked_on, g.revoked_by_id, g.revoke_reason = "revoked", Tm.add_days(leave_on, rng.int(0, 2)), rng.pick(iam), "Leaver"
        if g.revoked_on >= ctx.TODAY then g.revoked_on = Tm.add_days(ctx.TODAY, -1) end
        held[g.key] = nil
      end
    end
  end
end

-- The SoD conflicts the seed makes on purpose: kind, rule, department of the person.
local CONFLICTS = {
  { "mitigated", "SOD-01", "Finance" }, { "mitigated", "SOD-03", "Finance" }, { "mitigated", "SOD-04", "Human Resources" },
  { "mitigated", "SOD-07", "Procurement" }, { "mitigated", "SOD-08", "Engineering" }, { "mitigated", "SOD-02", "Finance" },
  { "unmitigated", "SOD-02", "Finance" }, { "unmitigated", "SOD-05", "Human Resources" }, { "unmitigated", "SOD-09", "IT Operations" },
  { "unmitigated", "SOD-10", "IT Operations" }, { "unmitigated", "SOD-08", "Engineering" },
  { "lapsed", "SOD-01", "Finance" }, { "lapsed", "SOD-06", "Human Resources" }, { "lapsed", "SOD-07", "Procurement" },
}
-- The compensating control named by each rule's exceptions.
local COMPENSATING = {
  ["SOD-01"] = "Dual approval of payment runs", ["SOD-02"] = "Manual journal entry review", ["SOD-03"] = "Dual approval of payment runs",
  ["SOD-04"] = "Payroll to ledger reconciliation", ["SOD-05"] = "Payroll to ledger reconciliation", ["SOD-06"] = "Payroll change approval",
  ["SOD-07"] = "Three-way match before payment", ["SOD-08"] = "CLOUD change management", ["SOD-09"] = "CLOUD audit logging",
  ["SOD-10"] = "ERP audit logging",
}

local function make_conflicts(ctx, out, held_of)
  local used = {}
  for _, c in ipairs(CONFLICTS) do
    local kind, rule = c[1], ctx.sod_by_code[c[2]]
    -- Someone of the department (anyone, in the rare World where nobody there fits) who has been here a
    -- while and whom the pair would not put in a second conflict.
    local candidates = {}
    for _, any_department in ipairs({ false, true }) do
      if #candidates == 0 then
        for _, u in ipairs(ctx.people) do
          local held = held_of[u.id]
          if u.active == 1 and (any_department or u.department == c[3]) and not used[u.id] and not ctx.fixed[u.user_name]
             and held and not completes_pair(ctx, held, rule.a, rule.b) and not completes_pair(ctx, held, rule.b, rule.a)
             and Tm.days_between(u.created_on, ctx.TODAY) > 400 then
            candidates[#candidates + 1] = u
          end
        end
      end
    end
    local u = rng.pick(candidates)
    used[u.id] = true
    local held = held_of[u.id]
    if not held[rule.a] then
      local g = { user_id = u.id, key = rule.a, granted_on = ctx.date_after(u.created_on, 5, 200), granted_by_id = rng.pick(ctx.iam), status = "active" }
      out[#out + 1] = g
      held[rule.a] = g
    end
    local b = { user_id = u.id, key = rule.b, granted_by_id = rng.pick(ctx.iam), status = "active" }
    if held[rule.b] then b = held[rule.b] else out[#out + 1] = b; held[rule.b] = b end
    if kind == "unmitigated" then
      b.granted_on = Tm.add_days(ctx.TODAY, -rng.int(10, 200))
    else
      local expires = kind == "mitigated" and Tm.add_days(ctx.TODAY, rng.int(0, 120)) or Tm.add_days(ctx.TODAY, -rng.int(3, 40))
      if kind == "mitigated" and #ctx.sod_exceptions < 2 then expires = Tm.add_days(ctx.TODAY, rng.int(1, 6)) end  -- this week
      local starts = Tm.add_days(expires, -rng.int(60, 170))
      if starts > Tm.add_days(ctx.TODAY, -5) then starts = Tm.add_days(ctx.TODAY, -rng.int(5, 30)) end
      local requester = ctx.head[u.department]
      local exc = ctx.add_exception({
        title = "SoD conflict " .. rule.code .. ": " .. u.first_name .. " " .. u.last_name .. " holds " ..
                rule.a:match("%.(.+)$") .. " and " .. rule.b:match("%.(.+)$"),
        justification = "Small team: " .. u.first_name .. " covers both duties until a second person is trained. Every " ..
                        "transaction is checked under the compensating control.",
        policy = "Access Control Policy", control = "Segregation of duties monitoring", sod_rule_id = rule.id, user_id = u.id,
        requester_id = requester, risk_rating = rule.risk, compensating = COMPENSATING[rule.code],
        starts_on = starts, expires_on = expires, status = kind == "mitigated" and "approved" or "expired",
      })
      b.granted_on = starts
      b.exception_id = exc.id
      ctx.sod_exceptions[#ctx.sod_exceptions + 1] = exc
    end
    -- The pair is completed by the later grant, the one the exception allowed.
    if held[rule.a].granted_on >= b.granted_on then held[rule.a].granted_on = Tm.add_days(b.granted_on, -rng.int(20, 90)) end
  end
end

---------------------------------------------------------------------------------------------------
-- Access reviews
---------------------------------------------------------------------------------------------------
local function active_on(g, date) return g.granted_on <= date and (g.revoked_on == nil or g.revoked_on >= date) end

-- The reviewer of a grant: the system's owner, or the access governance lead when it is the owner's own
-- access (and the IT Security Manager when it is his).
local function reviewer_for(ctx, g)
  local owner = ctx.system[ctx.ent[g.key].system].owner_id
  if owner ~= g.user_id then return owner end
  local lead = ctx.user["desmond.achebe"]
  if lead ~= g.user_id then return lead end
  return ctx.user["yolanda.pryce"]
end

local CAMPAIGNS = {
  { title = "2025-Q4 Ledger ERP user access review", system = "ERP", scope = "Every user's access to Ledger ERP",
    opens_on = "2026-01-05", closes_on = "2026-01-30", status = "closed", closed_on = "2026-01-29", decided = 1.0, revoke = 0.06 },
  { title = "2026-Q1 privileged access review", scope = "Privileged entitlements in every system",
    opens_on = "2026-02-16", closes_on = "2026-03-13", status = "open", decided = 0.6, revoke = 0.12, privileged = true },
  { title = "2026-Q1 PayCentral Payroll access review", system = "PAYROLL", scope = "Every user's access to PayCentral Payroll",
    opens_on = "2026-02-23", closes_on = "2026-03-20", status = "open", decided = 0.15, revoke = 0.1 },
  { title = "2026-Q2 ClientHub CRM access review", system = "CRM", scope = "Every user's access to ClientHub CRM",
    opens_on = "2026-04-01", closes_on = "2026-04-24", status = "draft" },
}

-- Decides the campaigns' items on the grant rows before they are inserted (a closed review's revocations
-- were carried out, so they show on the grants); returns the items to insert once grants have ids.
local function plan_reviews(ctx, grants)
  local plans = {}
  local lead = ctx.user["desmond.achebe"]
  for _, c in ipairs(CAMPAIGNS) do
    local plan = { c = c, items = {} }
    plans[#plans + 1] = plan
    if c.status ~= "draft" then
      for _, g in ipairs(grants) do
        local e = ctx.ent[g.key]
        local in_scope = (c.system and e.system == c.system) or (c.privileged and e.privileged == 1)
        if in_scope and active_on(g, c.opens_on) then
          local item = { grant = g, reviewer_id = reviewer_for(ctx, g), decision = "pending" }
          local last_day = c.status == "closed" and Tm.add_days(c.closed_on, -1) or Tm.add_days(ctx.TODAY, -1)
          local leaver = ctx.person[g.user_id].active == 0
          if ctx.chance(c.decided) or (leaver and c.status == "closed") then
            local revoke = leaver or ctx.chance(c.revoke)
            item.decision = revoke and "revoke" or "keep"
            item.decided_at = ctx.time_on(ctx.date_after(c.opens_on, 0, Tm.days_between(c.opens_on, last_day)))
            item.comment = revoke and (leaver and "Left the company." or "Not needed for the current role.") or "Needed for the role."
            -- Carried out: always in a closed review, mostly in an open one (the rest is the mess).
            local revoked_later = g.status == "revoked" and g.revoked_on > last_day
            if revoke and (g.status == "active" or revoked_later) and (c.status == "closed" or ctx.chance(0.5)) then
              local off = Tm.date_of(item.decided_at + rng.int(0, 2) * Tm.DAY)
              if off > last_day then off = last_day end
              g.status, g.revoked_on, g.revoked_by_id = "revoked", off, lead
              g.revoke_reason = "Access review: " .. c.title
              item.revoked_at = clock.iso(Tm.date_start(off) + 15 * 3600)
              if item.revoked_at < clock.iso(item.decided_at) then item.revoked_at = clock.iso(item.decided_at + 3600) end
            elseif revoke and g.status == "revoked" and not revoked_later then
              item.revoked_at = clock.iso(Tm.date_start(g.revoked_on) + 15 * 3600)
              if item.revoked_at < clock.iso(item.decided_at) then item.revoked_at = clock.iso(item.decided_at) end
            end
          end
          plan.items[#plan.items + 1] = item
        end
      end
    end
  end
  return plans
end

local function insert_reviews(ctx, plans)
  local lead = ctx.user["desmond.achebe"]
  for _, plan in ipairs(plans) do
    local c = plan.c
    local number = ctx.number("ARC")
    local id = db.insert("access_review_campaigns", {
      number = number, title = c.title, system_id = c.system and ctx.system[c.system].id or nil, scope = c.scope, owner_id = lead,
      opens_on = c.opens_on, closes_on = c.closes_on, status = c.status,
      closed_at = c.closed_on and (c.closed_on .. "T16:30:00Z") or nil, closed_by_id = c.closed_on and lead or nil,
      created_at = clock.iso(Tm.date_start(c.opens_on) - 7 * Tm.DAY + 10 * 3600),
    })
    for _, item in ipairs(plan.items) do
      db.insert("access_review_items", {
        number = ctx.number("ARI"), campaign_id = id, grant_id = item.grant.id, user_id = item.grant.user_id,
        reviewer_id = item.reviewer_id, decision = item.decision, decided_by_id = item.decided_at and item.reviewer_id or nil,
        decided_at = item.decided_at and clock.iso(item.decided_at) or nil, comment = item.comment, revoked_at = item.revoked_at,
      })
    end
  end
end

function M.grants(ctx)
  ctx.iam = {}
  for _, n in ipairs(IAM) do ctx.iam[#ctx.iam + 1] = ctx.user[n] end
  ctx.sod_exceptions = {}
  local grants, held_of = {}, {}
  for _, u in ipairs(ctx.people) do
    if u.user_name ~= "svc.monitoring" then person_grants(ctx, u, grants, held_of) end
  end
  make_conflicts(ctx, grants, held_of)
  local plans = plan_reviews(ctx, grants)
  -- Numbers follow the grant dates (AGT0000001 is the oldest grant).
  -- (sorted by a text key: a comparator in Lua would cost more than the rest of the part)
  local keys = {}
  for i, g in ipairs(grants) do keys[i] = string.format("%s%06d", g.granted_on, i) end
  table.sort(keys)
  local ordered = {}
  for i, k in ipairs(keys) do ordered[i] = grants[tonumber(k:sub(11))] end
  -- AGT0000001 is the oldest active grant of an active person (env.yaml's mutant calls revoke it).
  for i, g in ipairs(ordered) do
    if g.status == "active" and ctx.person[g.user_id].active == 1 then
      table.insert(ordered, 1, table.remove(ordered, i))
      break
    end
  end
  grants = ordered
  for _, g in ipairs(grants) do
    g.number = ctx.number("AGT")
    g.id = db.insert("access_grants", {
      number = g.number, user_id = g.user_id, entitlement_id = ctx.ent[g.key].id, granted_on = g.granted_on,
      granted_by_id = g.granted_by_id, status = g.status, revoked_on = g.revoked_on, revoked_by_id = g.revoked_by_id,
      revoke_reason = g.revoke_reason, exception_id = g.exception_id,
    })
    local at = Tm.date_start(g.granted_on) + 10 * 3600
    ctx.hist(g.number, "created", nil, "active", g.granted_by_id, at)
    if g.revoked_on then ctx.hist(g.number, "status", "active", "revoked", g.revoked_by_id, Tm.date_start(g.revoked_on) + 15 * 3600) end
  end
  insert_reviews(ctx, plans)
end

return M
