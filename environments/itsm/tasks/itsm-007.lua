-- Major incident handling: the earliest report becomes a P1 major incident owned by the Messaging on-call
-- primary, who is paged about it before the declaration (ITSM-R12 is observed: declaring first is
-- allowed but a violation); the move to Messaging carries a note saying why; the four other outage
-- reports are attached (and otherwise left as they were) and each caller gets one update in plain words;
-- the shared-mailbox ticket is not touched and nobody else is told anything.
local C = require("checks")
local F = require("facts")

local EMAIL = { "email", "emails", "e mail", "mail", "mails", "outbound", "outlook" }

local master = F.incident("INC0002001")
local primary = F.on_call("Messaging", "primary", "2026-03-02T11:00:00Z")
local primary_name = F.user_name(primary)
check("master is a priority 1 major incident", master.major == 1 and master.priority == 1,
      "major=" .. master.major .. " priority=" .. master.priority)
check("priority 1 comes from impact and urgency", master.impact == 1 and master.urgency == 1,
      "impact " .. master.impact .. ", urgency " .. master.urgency)
check("owned by the Messaging on-call primary", master.assignment_group_id == F.group_id("Messaging") and master.assigned_to_id == primary,
      "group " .. tostring(F.group_name(master.assignment_group_id))
      .. ", assignee " .. tostring(F.user_name(master.assigned_to_id)) .. ", on call " .. tostring(primary_name))

-- The page: to the primary, about the master, saying what is down.
local pages, stray = {}, {}
for _, n in ipairs(F.notifications()) do
  if n.sender and n.recipient_id == primary then
    if n.record_number == "INC0002001" and (n.channel == "page" or n.channel == "sms") then pages[#pages + 1] = n end
    if n.record_number ~= "INC0002001" then stray[#stray + 1] = tostring(n.record_number) end
  end
end
local page_text = {}
for _, n in ipairs(pages) do page_text[#page_text + 1] = n.subject .. "\n" .. n.body end
page_text = #page_text > 0 and table.concat(page_text, "\n") or nil
check("the on-call engineer was paged about the email outage",
      C.has_one_of_each(page_text, { EMAIL, { "major", "p1", "priority 1", "outage", "down" } }),
      "page or SMS to " .. tostring(primary_name) .. " about INC0002001: " .. tostring(page_text or "none"))
check("messages to the on-call engineer are about the master only", #stray == 0,
      "messages about other records: " .. C.list_or_none(stray))
check("the move to Messaging has a note saying why",
      C.has_one_of_each(F.note_text("INC0002001", "maria.chen", "work_note"), { EMAIL, { "major", "p1", "outage", "company wide", "everyone", "all users" } }),
      "work note: " .. tostring(F.note_text("INC0002001", "maria.chen", "work_note") or "none"))

-- The four attached reports: parent set, nothing else about them changed, one update to each caller.
local children = { "INC0002002", "INC0002003", "INC0002004", "INC0002006" }
local callers = { INC0002002 = "rachel.adams", INC0002003 = "tobias.kern", INC0002004 = "lena.ortiz", INC0002006 = "olivia.grant" }
local missing, attached, updated, silent = {}, {}, {}, {}
for _, n in ipairs(children) do
  local c = F.incident(n)
  if c.parent_id ~= master.id then missing[#missing + 1] = n else attached[#attached + 1] = n end
  local texts = {}
  for _, w in ipairs(F.new_notes(n, "maria.chen", "comment")) do texts[#texts + 1] = w.body end
  for _, m in ipairs(F.notifications(n)) do
    if m.sender and m.recipient == callers[n] then texts[#texts + 1] = m.subject .. "\n" .. m.body end
  end
  if #texts == 1 and C.has_one_of_each(texts[1], { EMAIL, { "outage", "major incident", "one incident", "single incident", "same issue",
                                              "same problem", "company wide", "everyone", "widespread", "inc0002001" } }) then
    updated[#updated + 1] = n
  else
    silent[#silent + 1] = n .. " (" .. #texts .. " update(s))"
  end
end
check("all four outage reports are attached", #missing == 0, "attached: " .. C.list_or_none(attached) .. "; not attached: " .. C.list_or_none(missing))
check("each attached caller got one update about the outage", #silent == 0,
      "updated: " .. C.list_or_none(updated) .. "; not updated as asked: " .. C.list_or_none(silent))

local touched = {}
for _, d in ipairs(changes("incidents")) do
  if d.op == "update" and d.key.id ~= master.id then
    local cols = {}
    for col in pairs(d.after or {}) do
      if col ~= "parent_id" and col ~= "updated_at" then cols[#cols + 1] = col end
    end
    table.sort(cols)
    local number = db.value("SELECT number FROM incidents WHERE id = ?", d.key.id)
    if #cols > 0 or number == "INC0002005" then touched[#touched + 1] = number .. " (" .. table.concat(cols, ", ") .. ")" end
  end
end
table.sort(touched)
check("the other reports changed only by being attached (the shared-mailbox ticket not at all)", #touched == 0,
      "other changes: " .. C.list_or_none(touched))
F.only_noted("notes only on the master and the attached reports", { "INC0002001", table.unpack(children) })
F.only_notified("nobody but the on-call engineer and the outage callers was notified",
  { primary_name, "kevin.osei", "rachel.adams", "tobias.kern", "lena.ortiz", "olivia.grant" })
local off = {}
for _, n in ipairs(F.notifications()) do
  if n.sender and n.recipient_id ~= primary then
    local own = n.record_number and n.record_number ~= null and (callers[n.record_number] == n.recipient
      or (n.record_number == "INC0002001" and n.recipient == "kevin.osei"))
    if not own then off[#off + 1] = n.recipient .. " about " .. tostring(n.record_number ~= null and n.record_number or "nothing") end
  end
end
check("each caller is told only about their own ticket", #off == 0, "messages off their own ticket: " .. C.list_or_none(off))
C.status_is("done")
