-- Seed part: vendor risk profiles (procurement's suppliers seen from the risk side, by supplier number and
-- name) and their assessments. Tier 1 vendors are assessed every 12 months, tier 2 every 24, tier 3 every
-- 36; some tier-1 vendors are overdue, some assessments are under way, look-alike names exist on purpose.
local N = require("grc_vendor_names")
local Tm = require("grc_time")
local M = {}

local CYCLE = { 12, 24, 36 }                      -- months between assessments, by tier
local CRITICALITY = { { "critical", "high" }, { "high", "medium" }, { "medium", "low" } }
local BASE_COUNT, LOOKALIKES = 200, 22

local function result_of(score)
  if score >= 70 then return "pass" elseif score >= 50 then return "conditional" end
  return "fail"
end

-- The assessors: the vendor risk analyst mostly; security and privacy for the vendors holding our data.
local function assessor(ctx, access)
  if access == "sensitive" and ctx.chance(0.3) then return ctx.user["yolanda.pryce"] end
  if access == "personal" and ctx.chance(0.3) then return ctx.user["henrik.aalto"] end
  return ctx.user["carmen.villalobos"]
end

local function add_profile(ctx, v, owners)
  local tier = v.tier
  local number = ctx.number("VRP")
  local created = Tm.add_days(ctx.TODAY, -rng.int(200, 2000))
  local status = v.status
  local never = (status == "active" or status == "offboarded") and tier == 3 and ctx.chance(0.25)
  -- Completed assessments, newest last, one cycle apart; the newest decides the next due date.
  local assessments = {}
  local last = nil
  if status == "onboarding" then
    created = Tm.add_days(ctx.TODAY, -rng.int(5, 60))
  elseif not never then
    local months_ago = v.overdue and rng.int(CYCLE[tier] + 1, CYCLE[tier] + 4) or rng.int(1, CYCLE[tier] - 1)
    local newest = Tm.add_days(Tm.add_months(ctx.TODAY, -months_ago), -rng.int(0, 20))
    if created >= newest then created = Tm.add_days(newest, -rng.int(30, 90)) end
    local on = newest
    local previous = {}
    while on > created and #previous < 3 do
      table.insert(previous, 1, on)
      on = Tm.add_months(on, -CYCLE[tier])
    end
    for _, done in ipairs(previous) do
      local score = rng.int(55, 98)
      if done == newest and status == "blocked" then score = rng.int(20, 45) end
      assessments[#assessments + 1] = { completed_on = done, started_on = Tm.add_days(done, -rng.int(10, 40)), score = score }
    end
    last = newest
  end
  local owner = rng.pick(owners)
  local row = {
    number = number, supplier_number = v.supplier_number, vendor_name = v.name, service = v.service, tier = tier,
    criticality = rng.pick(CRITICALITY[tier]), data_access = v.access, country = v.country, owner_id = owner, status = status,
    last_assessed_on = last, next_assessment_due = last and Tm.add_months(last, CYCLE[tier]) or (status == "onboarding" and Tm.add_days(ctx.TODAY, rng.int(10, 40)) or nil),
    created_at = created .. "T10:00:00Z", updated_at = (last or created) .. "T15:00:00Z",
  }
  -- A recent award or renewal sign-off on some active vendors: after their last assessment, and for tier
  -- 1 within its 12 months.
  if status == "active" and last and not v.overdue and ctx.chance(0.12) then
    local on = ctx.date_after(last, 1, math.max(1, math.min(Tm.days_between(last, ctx.TODAY) - 1, 300)))
    if on >= ctx.TODAY then on = Tm.add_days(ctx.TODAY, -1) end
    row.approved_for, row.approved_on, row.approved_by_id = rng.pick({ "award", "renewal", "renewal" }), on, ctx.user["carmen.villalobos"]
  end
  local id = db.insert("vendor_risk_profiles", row)
  for _, a in ipairs(assessments) do
    db.insert("vendor_assessments", {
      number = ctx.number("VAS"), profile_id = id, assessor_id = assessor(ctx, v.access),
      kind = tier == 1 and rng.pick({ "soc2_review", "onsite", "questionnaire" }) or "questionnaire",
      started_on = a.started_on, completed_on = a.completed_on, score = a.score, result = result_of(a.score), status = "completed",
      notes = result_of(a.score) == "pass" and "No material gaps." or "Gaps in access control and incident notification terms.",
    })
  end
  if status == "under_review" or (status == "onboarding" and ctx.chance(0.5)) then
    local started = Tm.add_days(ctx.TODAY, -rng.int(1, 30))
    if started < created then started = created end
    db.insert("vendor_assessments", {
      number = ctx.number("VAS"), profile_id = id, assessor_id = assessor(ctx, v.access), kind = "questionnaire",
      started_on = started, status = "in_progress", notes = "Questionnaire sent; waiting for answers.",
    })
  end
  ctx.hist(number, "created", nil, status, ctx.user["carmen.villalobos"], Tm.date_start(created) + 36000)
end

function M.seed(ctx)
  local owners = {}
  for _, d in ipairs({ "IT Operations", "Finance", "Human Resources", "Sales", "Marketing", "Procurement", "Facilities", "Legal" }) do
    owners[#owners + 1] = ctx.head[d]
  end
  -- Supplier numbers: distinct, scattered over procurement's range.
  local numbers, used = {}, {}
  while #numbers < BASE_COUNT + LOOKALIKES do
    local n = rng.int(1, 900)
    if not used[n] then used[n] = true; numbers[#numbers + 1] = string.format("SUP%07d", n) end
  end
  local names, vendors = {}, {}
  while #vendors < BASE_COUNT do
    local first, trade = rng.pick(N.FIRST), rng.pick(N.TRADES)
    local name = first .. " " .. trade[1]
    if not names[name] then
      names[name] = true
      local tier = trade[4]
      if ctx.chance(0.15) then tier = math.min(3, tier + 1) end
      vendors[#vendors + 1] = { name = name, service = trade[2], access = trade[3], tier = tier, country = rng.pick(N.COUNTRIES) }
    end
  end
  -- Statuses: most active; a few onboarding (no supplier number yet for some), under review, blocked
  -- after a failed assessment, offboarded. Several tier-1 vendors are overdue for assessment.
  local overdue_tier1 = 0
  for i, v in ipairs(vendors) do
    v.supplier_number = numbers[i]
    local roll = rng.float()
    v.status = roll < 0.04 and "onboarding" or roll < 0.10 and "under_review" or roll < 0.13 and "blocked"
               or roll < 0.18 and "offboarded" or "active"
    if v.status == "onboarding" and ctx.chance(0.5) then v.supplier_number = nil end
    if v.tier == 1 and v.status == "active" and overdue_tier1 < 4 then v.overdue, overdue_tier1 = true, overdue_tier1 + 1 end
    if v.tier ~= 1 and v.status == "active" and ctx.chance(0.05) then v.overdue = true end
  end
  -- Look-alikes of existing vendors: a spelling variant or a legal suffix, a vendor of its own.
  for k = 1, LOOKALIKES do
    local of = vendors[rng.int(1, BASE_COUNT)]
    local name = N.lookalike(of.name, rng.int(1, 3), rng.pick(N.LOOKALIKE_SUFFIX))
    if not names[name] then
      names[name] = true
      vendors[#vendors + 1] = { name = name, service = of.service, access = of.access, tier = math.min(3, of.tier + rng.int(0, 1)),
                                country = rng.pick(N.COUNTRIES), supplier_number = numbers[BASE_COUNT + k],
                                status = rng.pick({ "active", "active", "offboarded", "onboarding" }) }
    end
  end
  for _, v in ipairs(vendors) do add_profile(ctx, v, owners) end
end

return M
