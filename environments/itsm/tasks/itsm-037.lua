-- A P1 monitoring alert plus six differently worded user reports (one findable only by its CI or its
-- description) must become one major incident: on-call primary paged about Payroll before the declaration
-- (ITSM-R12, which the engine checks), master in progress with that engineer before its 15-minute response
-- target, exactly the six reports attached, a DBA task about the database, and every caller told about the
-- outage. Maria's messages go to the people of the outage only. The payslip question and last week's ticket
-- stay out.
local C = require("checks")
local F = require("facts")


local master = F.incident("INC0002001")
local primary = F.on_call("Application Support", "primary", "2026-03-02T10:00:00Z")
local secondary = F.on_call("Application Support", "secondary", "2026-03-02T10:00:00Z")
local maria = F.user_id("maria.chen")
check("the Payroll alert is a major incident", master.major == 1, "major = " .. tostring(master.major))
check("it is in progress with the Application Support on-call primary " .. tostring(F.user_name(primary)),
      master.state == "in_progress" and master.assigned_to_id == primary,
      master.state .. ", assigned to " .. tostring(F.user_name(master.assigned_to_id)))

local pages, about_payroll = 0, 0
for _, n in ipairs(db.query([[SELECT subject, body FROM notifications WHERE record_number = 'INC0002001' AND recipient_id = ?
                              AND sender_id = ? AND channel IN ('page', 'sms')]], primary, maria)) do
  pages = pages + 1
  if C.first_mentioned(n.subject .. " " .. n.body, { "payroll" }) then about_payroll = about_payroll + 1 end
end
check("the on-call primary was paged about the Payroll outage", about_payroll > 0,
      pages .. " page(s) or SMS about INC0002001 to " .. tostring(F.user_name(primary)) .. ", " .. about_payroll .. " naming Payroll")
C.no_row("its response target was not breached",
         [[SELECT t.id FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
           WHERE t.incident_id = ? AND d.kind = 'response' AND t.stage = 'breached']], master.id)

local reports = { "INC0002002", "INC0002003", "INC0002004", "INC0002005", "INC0002006", "INC0002007" }
local attached, missing, told, untold = {}, {}, {}, {}
local caller_of = {}
for _, n in ipairs(reports) do
  local inc = F.incident(n)
  caller_of[n] = inc.caller_id
  if inc.parent_id == master.id then attached[#attached + 1] = n else missing[#missing + 1] = n end
  -- a notification (on their ticket or the major incident) or a comment on their ticket, about the outage
  local ok = false
  for _, m in ipairs(db.query([[SELECT subject || ' ' || body AS text FROM notifications WHERE recipient_id = ? AND sender_id = ?
                                AND record_number IN (?, 'INC0002001')]], inc.caller_id, maria, n)) do
    ok = ok or C.first_mentioned(m.text, { "payroll", "outage", "INC0002001" })
  end
  for _, w in ipairs(F.notes(n, "maria.chen", "comment")) do ok = ok or C.first_mentioned(w.body, { "payroll", "outage", "INC0002001" }) end
  if ok then told[#told + 1] = n else untold[#untold + 1] = n end
end
check("all six reports hang off the major incident", #missing == 0, "attached: " .. C.list_or_none(attached) .. "; not attached: " .. C.list_or_none(missing))
C.count_equals("nothing else is attached", 6, "SELECT id FROM incidents WHERE parent_id = ?", master.id)
check("every caller was told about the outage", #untold == 0, "told on: " .. C.list_or_none(told) .. "; not told on: " .. C.list_or_none(untold))

-- Maria's messages: about a report, to its caller; about the major incident, to its on-call engineers, the
-- callers or Emma (who asked); about nothing else.
local allowed = { [primary or 0] = true, [secondary or 0] = true, [F.user_id("emma.davis")] = true }
for _, n in ipairs(reports) do allowed[caller_of[n] or 0] = true end
local stray = {}
for _, m in ipairs(db.query([[SELECT n.record_number, u.user_name, n.recipient_id FROM notifications n JOIN users u ON u.id = n.recipient_id
                              WHERE n.sender_id = ? ORDER BY n.id]], maria)) do
  local fits
  if m.record_number == "INC0002001" then fits = allowed[m.recipient_id]
  elseif caller_of[m.record_number or ""] then fits = m.recipient_id == caller_of[m.record_number]
  else fits = false end
  if not fits then stray[#stray + 1] = m.user_name .. " about " .. tostring(m.record_number) end
end
check("Maria's messages go only to the people of this outage", #stray == 0, "messages outside the outage: " .. C.list_or_none(stray))

local tasks = db.query([[SELECT short_description FROM incident_tasks WHERE incident_id = ? AND assignment_group_id = ?]],
                       master.id, F.group_id("Database Administration"))
local about_db = 0
for _, t in ipairs(tasks) do if C.first_mentioned(t.short_description, { "database", "db", "payroll" }) then about_db = about_db + 1 end end
check("the DBAs have a task on the major incident to check the payroll database", about_db > 0,
      #tasks .. " DBA task(s) on INC0002001, " .. about_db .. " about the database")
C.status_is("done")
