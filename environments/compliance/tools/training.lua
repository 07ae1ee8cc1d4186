-- Compliance training: courses, assignments (TRN…) by person, department or course, assigning a course to a
-- person or a whole department, and the trainee's own completion attestation.
local D = require("directory")
local G = require("compliance")
local Deadlines = require("grc_deadlines")

local DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

local function must_course(ref)
  local c = db.one("SELECT * FROM training_courses WHERE code = ? COLLATE NOCASE OR title = ? COLLATE NOCASE", ref, ref)
  if not c then fail("not_found", "No training course '" .. tostring(ref) .. "'", "list_training_courses gives the codes.") end
  return c
end

local function assignment_view(a)
  return { number = a.number, user = D.name_of(a.user_id), course = db.value("SELECT code FROM training_courses WHERE id = ?", a.course_id),
           assigned_on = a.assigned_on, due_on = a.due_on, status = a.status, completed_on = D.or_null(a.completed_on),
           attested = a.attested == 1, attested_at = D.or_null(a.attested_at) }
end

local list_training_courses = {
  name = "list_training_courses",
  description = "The compliance training courses: code, title, framework, mandatory, how long a completion counts.",
  read_only = true,
  parameters = {},
  run = function()
    local items = {}
    for _, c in ipairs(db.query([[SELECT c.*, f.code AS framework FROM training_courses c LEFT JOIN frameworks f ON f.id = c.framework_id
                                  ORDER BY c.code]])) do
      items[#items + 1] = { code = c.code, title = c.title, framework = D.or_null(c.framework), mandatory = c.mandatory == 1,
                            validity_months = D.or_null(c.validity_months), duration_minutes = c.duration_minutes }
    end
    return { items = array(items), total = #items }
  end,
}

local search_training_assignments = {
  name = "search_training_assignments",
  description = "Training assignments (TRN…) by person, department, course or status (assigned, completed, overdue, waived).",
  read_only = true,
  parameters = D.with_paging({
    user = { type = "string" },
    department = { type = "string", description = "Department name, e.g. Sales" },
    course = { type = "string", description = "Course code" },
    status = { type = "string", enum = { "assigned", "completed", "overdue", "waived" } },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local dept = args.department and db.one("SELECT * FROM departments WHERE name = ? COLLATE NOCASE", args.department)
    if args.department and not dept then fail("not_found", "No department '" .. args.department .. "'") end
    local w = D.where()
      :add("a.user_id = ?", args.user and D.must_user(args.user).id)
      :add("a.user_id IN (SELECT id FROM users WHERE department_id = ?)", dept and dept.id)
      :add("a.course_id = ?", args.course and must_course(args.course).id)
      :add("a.status = ?", args.status)
    local rows = db.query("SELECT a.*, COUNT(*) OVER () AS total_matches FROM training_assignments a" .. w:sql() ..
                          " ORDER BY a.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM training_assignments a" .. w:sql(), w:params())
    local items = {}
    for k, a in ipairs(rows) do items[k] = assignment_view(a) end
    return D.paged(items, total, page, size)
  end,
}

local assign_training = {
  name = "assign_training",
  description = "Assign a course to one active person or to every active person of a department who has no open or " ..
    "current assignment of it, due on a date; each is told.",
  parameters = {
    course = { type = "string", required = true },
    user = { type = "string", description = "User name (or give department)" },
    department = { type = "string", description = "Department name (or give user)" },
    due_on = { type = "string", pattern = DATE, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local c = must_course(args.course)
    if (args.user == nil) == (args.department == nil) then fail("missing_field", "Give either user or department") end
    local due = G.date_arg(args.due_on, "due_on")
    if due < G.today() then fail("invalid_arguments", "due_on " .. due .. " is in the past") end
    local people
    if args.user then
      people = { G.must_person(args.user, "assigned training") }
    else
      local dept = db.one("SELECT * FROM departments WHERE name = ? COLLATE NOCASE", args.department)
      if not dept then fail("not_found", "No department '" .. args.department .. "'") end
      people = db.query("SELECT * FROM users WHERE department_id = ? AND active = 1 ORDER BY user_name", dept.id)
    end
    local made, skipped = {}, {}
    for _, u in ipairs(people) do
      local open = db.value([[SELECT number FROM training_assignments WHERE user_id = ? AND course_id = ? AND status IN ('assigned', 'overdue')]], u.id, c.id)
      if open then
        skipped[#skipped + 1] = u.user_name .. " (" .. open .. ")"
      else
        local a = G.create("training_assignments", { user_id = u.id, course_id = c.id, assigned_on = G.today(), due_on = due, status = "assigned" },
                           me.id, "assigned " .. c.code .. " to " .. u.user_name)
        D.notify(u.id, "Training assigned: " .. c.title, "Please complete " .. c.code .. " '" .. c.title .. "' by " .. due ..
                 " and attest its completion.", a.number, "email", me.id)
        made[#made + 1] = a.number
      end
    end
    if args.user and #made == 0 then fail("conflict", "Already assigned: " .. skipped[1]) end
    Deadlines.training(due)
    return { course = c.code, due_on = due, assigned = array(made), already_assigned = array(skipped) }
  end,
}

local attest_training = {
  name = "attest_training",
  description = "The trainee attests that they completed an assigned course and read its policy; the assignment is " ..
    "completed today. Policy: only the trainee attests their own training.",
  parameters = {
    assignment = { type = "string", required = true },
    statement = { type = "string", minLength = 10, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local a = G.must("training_assignments", args.assignment)
    local now = D.now()
    G.set("training_assignments", a, { status = "completed", completed_on = G.today(), attested = 1, attested_at = now }, me.id)
    G.history(a.number, "attestation", nil, args.statement, me.id)
    return assignment_view(db.one("SELECT * FROM training_assignments WHERE id = ?", a.id))
  end,
}

return { list_training_courses, search_training_assignments, assign_training, attest_training }
