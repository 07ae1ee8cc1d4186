-- Seed part: data-subject requests of the last four months, each in the state its dates call for. Closed
-- ones were answered in time (data sent to the verified subject's own address, erasures done except what
-- a duty or a hold keeps); open ones are received (identity unverified) or in progress. On purpose: two
-- requests past their deadline (flagged overdue), one extended in time, some due this week, an erasure for
-- a subject under legal hold, an erasure for a former employee whose payroll records a duty keeps, an
-- access request from an address that is not the subject's, and one from someone not in our data.
local Tm = require("grc_time")
local Deadlines = require("grc_deadlines")
local M = {}

local TYPES = { "access", "access", "access", "access", "erasure", "erasure", "erasure", "rectification", "portability", "portability" }
local CHANNELS = { "email", "email", "web_form", "web_form", "letter", "phone" }
local METHODS = { "email round trip to the address on file", "employee number and last payslip reference",
                  "customer number and last invoice number", "copy of ID checked on a video call" }
local COUNT = 44

local function iso(t) return clock.iso(t) end

-- The records an erasure may not touch: under a legal hold (the subject's, or a category's) or a
-- retention duty still running on `date`. Returns the reason, or nil.
local function kept_because(ctx, subject, rec, date)
  if ctx.held_subject[subject.id] then return "legal hold " .. ctx.held_subject[subject.id] end
  if ctx.held_category[rec.category] then return "legal hold " .. ctx.held_category[rec.category] end
  if rec.retention_until and rec.retention_until >= date then return "retention duty until " .. rec.retention_until end
  return nil
end

-- What answering a closed request did: an export to the subject's address, erasure (what may go), or a
-- correction.
local function carry_out(ctx, d, subject, handler, closed)
  local actions = {}
  local codes = {}
  for _, rec in ipairs(subject.records) do codes[#codes + 1] = rec.category end
  if d.request_type == "access" or d.request_type == "portability" then
    actions[#actions + 1] = { action = "export", sent_to = subject.email, categories = table.concat(codes, ","),
                              detail = (d.request_type == "portability" and "Machine-readable export" or "Copy of personal data") ..
                                       " sent to the verified address." }
  elseif d.request_type == "erasure" then
    for _, rec in ipairs(subject.records) do
      local reason = kept_because(ctx, subject, rec, Tm.date_of(closed))
      if reason then
        db.update("personal_data_records", { id = rec.id }, { state = "restricted", restricted_reason = "Kept: " .. reason })
        actions[#actions + 1] = { action = "note", record_id = rec.id, detail = "Not erased (" .. reason .. "); processing restricted." }
      else
        db.update("personal_data_records", { id = rec.id }, { state = "erased", erased_at = iso(closed), erased_by_id = handler })
        actions[#actions + 1] = { action = "erasure", record_id = rec.id, detail = "Erased." }
      end
    end
  else
    actions[#actions + 1] = { action = "rectification", record_id = subject.records[1].id, detail = "Contact details corrected." }
  end
  for _, a in ipairs(actions) do
    a.dsr_id, a.actor_id, a.at = d.id, handler, iso(closed - 600)
    db.insert("dsr_actions", a)
  end
end

function M.seed(ctx, people)
  local customers, former, employees = {}, {}, {}
  for _, s in ipairs(people) do
    if s.kind == "customer" and not ctx.held_subject[s.id] then customers[#customers + 1] = s end
    if s.kind == "former_employee" and not ctx.held_subject[s.id] then former[#former + 1] = s end
    if s.kind == "employee" then employees[#employees + 1] = s end
  end
  local held = {}
  for _, s in ipairs(people) do if ctx.held_subject[s.id] then held[#held + 1] = s end end
  -- Receipt times, oldest first; two fall so their month ends this week.
  local received = {}
  for i = 1, COUNT do
    received[i] = ctx.T0 - rng.int(1 * 86400, 120 * 86400)
  end
  received[COUNT - 3] = Tm.date_start("2026-02-03") + rng.int(9, 16) * 3600
  received[COUNT - 2] = Tm.date_start("2026-02-05") + rng.int(9, 16) * 3600
  table.sort(received)
  local specs = {}
  for i, at in ipairs(received) do
    local due = Tm.add_months(Tm.date_of(at), 1)
    local s = { received = at, due = due, request_type = rng.pick(TYPES), channel = rng.pick(CHANNELS) }
    if due < ctx.TODAY then
      s.status = ctx.chance(0.85) and "completed" or "rejected"
    else
      s.status = (at > ctx.T0 - 10 * 86400 and ctx.chance(0.6)) and "received" or "in_progress"
    end
    s.subject = rng.pick(ctx.chance(0.8) and customers or employees)
    specs[i] = s
  end
  -- The cases tasks are built on, on requests whose dates fit them.
  local open_old, open_new = {}, {}
  for i, s in ipairs(specs) do
    if s.status ~= "received" and s.status ~= "in_progress" and s.due < ctx.TODAY and s.due >= Tm.add_days(ctx.TODAY, -25) then open_old[#open_old + 1] = i end
    if s.status == "in_progress" and s.due >= ctx.TODAY then open_new[#open_new + 1] = i end
  end
  for k, i in ipairs(open_old) do
    if k <= 2 then specs[i].status, specs[i].overdue = "in_progress", true end         -- missed their deadline
    if k == 3 then specs[i].status, specs[i].extended = "in_progress", true end        -- extended in time
  end
  local function case(k, fill)
    local i = open_new[k]
    if i then fill(specs[i]) end
  end
  case(1, function(s) s.request_type, s.subject, s.verified = "erasure", rng.pick(held), true end)
  case(2, function(s) s.request_type, s.subject, s.verified = "erasure", rng.pick(former), true end)
  case(3, function(s) s.request_type, s.verified, s.other_address, s.status = "access", false, true, "received" end)
  case(4, function(s) s.request_type, s.verified, s.unknown, s.status = "access", false, true, "received" end)

  for i, s in ipairs(specs) do
    local subject = not s.unknown and s.subject or nil
    local first, last = (s.subject.full_name):match("^(%S+) (.+)$")
    local email = s.subject.email
    if s.other_address then email = (first .. "." .. last):lower():gsub("[^%a%.]", "") .. rng.int(1, 99) .. "@gmail.com" end
    if s.unknown then email = "m.ferreira" .. rng.int(10, 99) .. "@outlook.com"; first, last = "Marta", "Ferreira" end
    local open = s.status == "received" or s.status == "in_progress"
    local handler = s.status ~= "received" and ctx.user[ctx.chance(0.7) and "elif.demir" or "henrik.aalto"] or nil
    local closed = not open and math.min(s.received + rng.int(2, math.max(3, Tm.days_between(Tm.date_of(s.received), s.due) - 1)) * 86400,
                                         ctx.T0 - 86400) or nil
    local identity = "unverified"
    if s.status == "completed" or (s.status == "in_progress" and s.verified ~= false and (s.verified or ctx.chance(0.8))) then identity = "verified" end
    if s.status == "rejected" then identity = "failed" end
    local verified_at = identity == "verified" and (s.received + rng.int(1, 3) * 86400) or nil
    if verified_at and verified_at >= ctx.T0 then verified_at = ctx.T0 - 3600 end
    if verified_at and closed and verified_at >= closed then verified_at = closed - 3600 end
    local number = ctx.number("DSR")
    local row = {
      number = number, subject_id = subject and subject.id or nil, requester_name = first .. " " .. last, requester_email = email,
      request_type = s.request_type, channel = s.channel,
      details = ({ access = "Please send me a copy of all personal data you hold about me.",
                   erasure = "Please delete all my personal data and confirm when done.",
                   rectification = "My address and phone number are out of date; please correct them.",
                   portability = "Please send my data in a machine-readable format so I can move to another provider." })[s.request_type],
      received_at = iso(s.received), handled_by_id = handler, identity_status = identity,
      verified_at = verified_at and iso(verified_at) or nil, verified_by_id = verified_at and handler or nil,
      verification_method = verified_at and rng.pick(METHODS) or nil, due_on = s.due, status = s.status, overdue = s.overdue and 1 or 0,
      response_summary = s.status == "completed" and "Answered in full." or
                         (s.status == "rejected" and "Closed: the requester did not verify their identity after two reminders." or nil),
      closed_at = closed and iso(closed) or nil, created_at = iso(s.received),
      updated_at = iso(closed or verified_at or s.received),
    }
    if s.extended then
      row.extended_due_on = Tm.add_months(s.due, 2)
      row.extension_reason = "Complex request: records in several systems and archives."
      row.extension_notified_at = iso(Tm.date_start(s.due) - rng.int(2, 6) * 86400 + 11 * 3600)
      row.updated_at = row.extension_notified_at
    end
    row.id = db.insert("dsr_requests", row)
    ctx.hist(number, "created", nil, "received", nil, s.received)
    if verified_at then ctx.hist(number, "identity_status", "unverified", "verified", handler, verified_at) end
    if row.extended_due_on then ctx.hist(number, "extended_due_on", nil, row.extended_due_on, handler, clock.parse(row.extension_notified_at)) end
    if s.overdue then ctx.hist(number, "overdue", 0, 1, nil, Tm.end_of(s.due)) end
    if closed then
      ctx.hist(number, "status", "in_progress", s.status, handler, closed)
      if s.status == "completed" then carry_out(ctx, row, subject, handler, closed) end
    end
    Deadlines.dsr(row, ctx.QUIET_END)
  end
end

return M
