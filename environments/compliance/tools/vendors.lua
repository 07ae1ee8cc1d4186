-- Vendor risk: profiles (VRP…) linked to procurement's suppliers by supplier number, tiers, assessments
-- (VAS…) and their age, and the vendor-risk sign-off an award or renewal needs.
local D = require("directory")
local G = require("compliance")
local Pol = require("comp_policy")

-- A profile by number (VRP…), supplier number (SUP…) or exact vendor name; look-alikes are listed.
local function must_profile(ref)
  local p = G.find("vendor_risk_profiles", ref)
  if p then return p end
  local rows = db.query("SELECT * FROM vendor_risk_profiles WHERE supplier_number = ? OR vendor_name = ? COLLATE NOCASE ORDER BY number",
                        tostring(ref):upper(), tostring(ref))
  if #rows == 1 then return rows[1] end
  if #rows > 1 then
    local names = {}
    for i, r in ipairs(rows) do names[i] = r.number .. " (" .. r.vendor_name .. ", " .. r.country .. ", " .. tostring(r.supplier_number) .. ")" end
    fail("ambiguous", #rows .. " vendor profiles match '" .. tostring(ref) .. "'", "Give the number of one: " .. table.concat(names, "; "))
  end
  fail("not_found", "No vendor profile '" .. tostring(ref) .. "'", "Search vendor profiles by name (look-alike names exist).")
end

local function profile_view(p)
  local assessments = {}
  for _, a in ipairs(db.query("SELECT * FROM vendor_assessments WHERE profile_id = ? ORDER BY started_on DESC, id DESC LIMIT 6", p.id)) do
    assessments[#assessments + 1] = { number = a.number, kind = a.kind, status = a.status, assessor = D.name_of(a.assessor_id),
                                      started_on = a.started_on, completed_on = D.or_null(a.completed_on), score = D.or_null(a.score),
                                      result = D.or_null(a.result) }
  end
  local last = Pol.last_assessment(p.id)
  return {
    number = p.number, vendor_name = p.vendor_name, supplier_number = D.or_null(p.supplier_number), service = p.service, tier = p.tier,
    criticality = p.criticality, data_access = p.data_access, country = p.country, owner = D.name_of(p.owner_id), status = p.status,
    last_assessed_on = D.or_null(p.last_assessed_on), next_assessment_due = D.or_null(p.next_assessment_due),
    assessment_age_months = last and G.months_between(last.completed_on, G.today()) or null,
    approved_for = D.or_null(p.approved_for), approved_on = D.or_null(p.approved_on), approved_by = D.name_of(p.approved_by_id),
    assessments = array(assessments),
  }
end

local search_vendor_profiles = {
  name = "search_vendor_profiles",
  description = "Search vendor risk profiles (VRP…) by words in the vendor name, supplier number (SUP…) or profile " ..
    "number (look-alike names exist: check country and supplier number), tier, status, data access, or assessments due " ..
    "by a date.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string" },
    tier = { type = "integer", minimum = 1, maximum = 3 },
    status = { type = "string", enum = { "onboarding", "active", "under_review", "approved", "blocked", "offboarded" } },
    data_access = { type = "string", enum = { "none", "internal", "personal", "sensitive" } },
    assessment_due_by = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("p.tier = ?", args.tier)
      :add("p.status = ?", args.status)
      :add("p.data_access = ?", args.data_access)
      :add("p.next_assessment_due <= ?", G.date_arg(args.assessment_due_by, "assessment_due_by"))
      :text(args.query, "(p.vendor_name LIKE ? OR p.number LIKE ? OR p.supplier_number LIKE ?)", "_vendor_profile_text", "p.id")
    local rows = db.query("SELECT p.*, COUNT(*) OVER () AS total_matches FROM vendor_risk_profiles p" .. w:sql() ..
                          " ORDER BY p.vendor_name, p.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM vendor_risk_profiles p" .. w:sql(), w:params())
    local items = {}
    for k, p in ipairs(rows) do
      items[k] = { number = p.number, vendor_name = p.vendor_name, supplier_number = D.or_null(p.supplier_number), country = p.country,
                   tier = p.tier, status = p.status, data_access = p.data_access, last_assessed_on = D.or_null(p.last_assessed_on),
                   next_assessment_due = D.or_null(p.next_assessment_due) }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_vendor_profile = {
  name = "get_vendor_profile",
  description = "A vendor risk profile with its tier, data access, assessments (newest first) and their age, and " ..
    "the last vendor-risk sign-off.",
  read_only = true,
  parameters = { vendor = { type = "string", description = "Profile number (VRP…), supplier number (SUP…) or exact name", required = true } },
  run = function(args) return profile_view(must_profile(args.vendor)) end,
}

local start_vendor_assessment = {
  name = "start_vendor_assessment",
  description = "Start a risk assessment of a vendor (questionnaire, soc2_review or onsite) as its assessor; the " ..
    "profile goes under review.",
  parameters = {
    vendor = { type = "string", required = true },
    kind = { type = "string", enum = { "questionnaire", "soc2_review", "onsite" }, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local p = must_profile(args.vendor)
    if p.status == "offboarded" or p.status == "blocked" then fail("invalid_state", p.number .. " is " .. p.status) end
    local open = db.value("SELECT number FROM vendor_assessments WHERE profile_id = ? AND status = 'in_progress'", p.id)
    if open then fail("conflict", p.number .. " already has assessment " .. open .. " in progress", "Complete that one.") end
    local a = G.create("vendor_assessments", { profile_id = p.id, assessor_id = me.id, kind = args.kind, started_on = G.today(),
                                               status = "in_progress" }, me.id)
    G.set("vendor_risk_profiles", p, { status = "under_review" }, me.id)
    return { assessment = a.number, vendor = p.number, kind = a.kind, status = "in_progress", profile_status = "under_review" }
  end,
}

local complete_vendor_assessment = {
  name = "complete_vendor_assessment",
  description = "Complete an assessment with a score (0-100); the result follows from it: 70 or more pass, 50-69 " ..
    "conditional, below 50 fail. The profile's last assessment date moves to today and the next falls due by tier " ..
    "(12, 24 or 36 months); a fail blocks the vendor.",
  parameters = {
    assessment = { type = "string", required = true },
    score = { type = "integer", minimum = 0, maximum = 100, required = true },
    result = { type = "string", enum = { "pass", "conditional", "fail" }, description = "Follows from the score (70+ pass, 50-69 conditional, below 50 fail); given, it must agree" },
    notes = { type = "string", minLength = 10, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local a = G.must("vendor_assessments", args.assessment)
    if a.status ~= "in_progress" then fail("invalid_state", a.number .. " is " .. a.status) end
    local result = Pol.vendor_result(args.score)
    if args.result and args.result ~= result then
      fail("invalid_arguments", "A score of " .. args.score .. " gives " .. result .. ", not " .. args.result,
           "70 or more passes, 50 to 69 is conditional, below 50 fails.")
    end
    local today = G.today()
    db.update("vendor_assessments", { id = a.id }, { status = "completed", completed_on = today, score = args.score, result = result, notes = args.notes })
    G.history(a.number, "status", "in_progress", "completed (" .. result .. ", " .. args.score .. ")", me.id)
    local p = db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", a.profile_id)
    G.set("vendor_risk_profiles", p, { last_assessed_on = today, next_assessment_due = G.add_months(today, Pol.TIER_CYCLE_MONTHS[p.tier]),
                                       status = result == "fail" and "blocked" or "active" }, me.id)
    return profile_view(db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", p.id))
  end,
}

local approve_vendor = {
  name = "approve_vendor",
  description = "Give the vendor-risk sign-off procurement needs to award a contract to a vendor or renew one. " ..
    "Policy: a tier-1 (critical) vendor needs a completed assessment at most 12 months old; a failed or blocked vendor " ..
    "is never approved.",
  parameters = {
    vendor = { type = "string", required = true },
    purpose = { type = "string", enum = { "award", "renewal" }, required = true },
    note = { type = "string", minLength = 5, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local p = must_profile(args.vendor)
    if p.status == "blocked" or p.status == "offboarded" then fail("invalid_state", p.number .. " " .. p.vendor_name .. " is " .. p.status) end
    local last = Pol.last_assessment(p.id)
    if last and last.result == "fail" then fail("invalid_state", p.number .. "'s last assessment " .. last.number .. " failed") end
    G.set("vendor_risk_profiles", p, { status = "approved", approved_for = args.purpose, approved_on = G.today(), approved_by_id = me.id }, me.id)
    G.history(p.number, "approval_note", nil, args.note, me.id)
    return profile_view(db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", p.id))
  end,
}

return { search_vendor_profiles, get_vendor_profile, start_vendor_assessment, complete_vendor_assessment, approve_vendor }
