-- Seed part: compliance training courses and who was assigned them. The 2026 cycles are under way at T0:
-- some due dates have passed (completed, or overdue), some fall this week, most later this month.
local Tm = require("grc_time")
local Deadlines = require("grc_deadlines")
local M = {}

-- code, title, framework, mandatory, validity months, minutes, audience (departments; nil: everyone;
-- 'privacy_team': the privacy and compliance staff), assigned on, due on, attested (code of conduct)
local COURSES = {
  { "SEC-101", "Security awareness 2026", "ISO27001", 1, 12, 45, nil, "2026-01-12", "2026-03-13" },
  { "COC-100", "Code of conduct 2026 attestation", nil, 1, 12, 20, nil, "2026-01-05", "2026-02-27", attest = true },
  { "PRIV-101", "Data protection essentials", "PRIV", 1, 24, 40,
    { "Human Resources", "Sales", "Customer Support", "Legal", "Marketing" }, "2026-02-02", "2026-03-31" },
  { "SOX-201", "Financial controls for finance staff", "SOX", 1, 12, 60, { "Finance", "Procurement" }, "2025-10-01", "2025-12-15" },
  { "PRIV-301", "Handling data-subject requests", "PRIV", 1, 24, 90, "privacy_team", "2026-02-16", "2026-03-06" },
  { "SEC-201", "Secure development", "ISO27001", 1, 24, 120, { "Engineering" }, "2026-01-26", "2026-03-04" },
}
local PRIVACY_TEAM = { ["henrik.aalto"] = true, ["elif.demir"] = true, ["noor.qureshi"] = true, ["tomasz.wrobel"] = true }

local function in_audience(course, u)
  local audience = course[7]
  if audience == nil then return true end
  if audience == "privacy_team" then return PRIVACY_TEAM[u.user_name] == true end
  for _, d in ipairs(audience) do if d == u.department then return true end end
  return false
end

function M.seed(ctx)
  local due_dates = {}
  local function assign(course_id, attest, u, assigned, due)
    if assigned < u.created_on then assigned = u.created_on end
    if due < assigned then due = assigned end
    local status, completed
    local elapsed = Tm.days_between(assigned, ctx.TODAY) / math.max(1, Tm.days_between(assigned, due))
    if u.active == 0 then
      status = "waived"
    elseif due < ctx.TODAY then
      status = ctx.chance(0.86) and "completed" or "overdue"
    else
      status = ctx.chance(math.min(0.85, elapsed * 0.9)) and "completed" or "assigned"
    end
    if status == "completed" then
      local last = math.min(Tm.date_start(due), Tm.date_start(ctx.TODAY) - Tm.DAY)
      completed = ctx.date_after(assigned, 0, math.max(0, (last - Tm.date_start(assigned)) // Tm.DAY))
    end
    if status == "assigned" then due_dates[due] = true end
    db.insert("training_assignments", {
      number = ctx.number("TRN"), user_id = u.id, course_id = course_id, assigned_on = assigned, due_on = due,
      completed_on = completed, attested = (attest and completed) and 1 or 0,
      attested_at = (attest and completed) and (completed .. "T" .. string.format("%02d:%02d:00Z", rng.int(8, 17), rng.int(0, 59))) or nil,
      status = status,
    })
  end
  for _, c in ipairs(COURSES) do
    local id = db.insert("training_courses", { code = c[1], title = c[2], framework_id = c[3] and ctx.framework[c[3]] or nil,
                                               mandatory = c[4], validity_months = c[5], duration_minutes = c[6] })
    for _, u in ipairs(ctx.people) do
      local joined_late = u.created_on > c[9]
      if in_audience(c, u) and u.user_name ~= "svc.monitoring" and not joined_late and (u.active == 1 or c[1] == "SOX-201") then
        assign(id, c.attest, u, c[8], c[9])
      end
    end
  end
  local dates = {}
  for d in pairs(due_dates) do dates[#dates + 1] = d end
  table.sort(dates)
  for _, d in ipairs(dates) do Deadlines.training(d) end
end

return M
