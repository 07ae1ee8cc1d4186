-- Search friction: the Berlin reports say "Wi-Fi", "wifi", "wireless", "WLAN" and "No internet"; a
-- printer jam in Berlin and slow Wi-Fi in London are different issues. Success: P1 major master with the
-- paged Network on-call primary, the six other outage reports attached and updated, Tobias informed.
local C = require("checks")
local F = require("facts")
local function about_outage(text)
  for _, phrase in ipairs({ "wi fi", "wifi", "wireless", "wlan", "outage", "INC0002001", "major incident" }) do
    if mentions(text or "", phrase) then return true end
  end
  return false
end
local master = F.incident("INC0002001")
local primary = F.on_call("Network", "primary", "2026-03-02T11:30:00Z")
-- about 150 people who cannot work: impact 1 ("many people: a whole office"), urgency 1, so P1 by the table
check("the earliest report is a P1 major incident from impact 1 and urgency 1",
      master.major == 1 and master.priority == 1 and master.impact == 1 and master.urgency == 1,
      "major=" .. master.major .. " priority=" .. master.priority .. " impact=" .. master.impact .. " urgency=" .. master.urgency)
check("Network's on-call primary " .. tostring(F.user_name(primary)) .. " owns it",
      master.assignment_group_id == F.group_id("Network") and master.assigned_to_id == primary,
      "group " .. tostring(F.group_name(master.assignment_group_id)) ..
      ", assignee " .. tostring(F.user_name(master.assigned_to_id)))
local pages, about = 0, 0
for _, n in ipairs(db.query([[SELECT subject || ' ' || body AS text FROM notifications WHERE record_number = 'INC0002001'
                              AND recipient_id = ? AND sender_id = ? AND channel IN ('page', 'sms')]], primary, F.user_id("maria.chen"))) do
  pages = pages + 1
  if about_outage(n.text) then about = about + 1 end
end
check("the on-call engineer was paged about the Wi-Fi outage", about > 0,
      pages .. " page(s) or SMS about INC0002001 to " .. tostring(F.user_name(primary)) .. ", " .. about .. " about the outage")
local maria = F.user_id("maria.chen")
local attached, missing, updated, silent, reassigned = {}, {}, {}, {}, {}
local caller_of = { INC0002001 = master.caller_id }
for _, n in ipairs({ "INC0002002", "INC0002003", "INC0002005", "INC0002007", "INC0002008", "INC0002009" }) do
  local c = F.incident(n)
  caller_of[n] = c.caller_id
  if c.parent_id == master.id then attached[#attached + 1] = n else missing[#missing + 1] = n end
  -- an update its caller can see (a comment, or a message on the ticket) that is about the outage
  local ok = false
  for _, w in ipairs(F.notes(n, "maria.chen", "comment")) do ok = ok or about_outage(w.body) end
  for _, m in ipairs(db.query([[SELECT subject || ' ' || body AS text FROM notifications WHERE record_number = ? AND recipient_id = ?
                                AND sender_id = ?]], n, c.caller_id, maria)) do
    ok = ok or about_outage(m.text)
  end
  if ok then updated[#updated + 1] = n else silent[#silent + 1] = n end
  -- attached reports are worked through the master: nobody reassigns them one by one
  if c.assignment_group_id ~= nil or c.assigned_to_id ~= nil then reassigned[#reassigned + 1] = n end
end
check("every Berlin Wi-Fi report is attached", #missing == 0, "attached: " .. C.list_or_none(attached) .. "; not attached: " .. C.list_or_none(missing))
check("every attached caller got an update about the outage", #silent == 0,
      "updated: " .. C.list_or_none(updated) .. "; no update: " .. C.list_or_none(silent))
check("the attached reports stay with the master, not assigned one by one", #reassigned == 0,
      "assigned on their own: " .. C.list_or_none(reassigned))
C.no_row("the printer jam and the London ticket stay separate",
         "SELECT number FROM incidents WHERE number IN ('INC0002004', 'INC0002006') AND parent_id IS NOT NULL")
-- Maria's messages: pages to the on-call engineers about the master; updates to a report's caller on it (or on
-- the master); Tobias, about the master or about nothing in particular. Nothing else.
local tobias = F.user_id("tobias.kern")
local engineers = { [primary or 0] = true, [F.on_call("Network", "secondary", "2026-03-02T11:30:00Z") or 0] = true }
local told_tobias, stray = false, {}
for _, m in ipairs(F.inserted("notifications")) do
  if m.sender_id == maria then
    local fits
    if m.channel == "page" or m.channel == "sms" then
      fits = engineers[m.recipient_id] and m.record_number == "INC0002001"
    elseif m.recipient_id == tobias then
      fits = m.record_number == nil or m.record_number == "INC0002001"
      if fits and about_outage((m.subject or "") .. " " .. (m.body or "")) then told_tobias = true end
    else
      fits = caller_of[m.record_number or ""] == m.recipient_id
        or (m.record_number == "INC0002001" and (function() for _, id in pairs(caller_of) do if id == m.recipient_id then return true end end end)())
    end
    if not fits then stray[#stray + 1] = m.channel .. " to " .. tostring(F.user_name(m.recipient_id)) .. " about " .. tostring(m.record_number) end
  end
end
check("Tobias was told about the outage", told_tobias, told_tobias and "a message to tobias.kern about the outage"
      or "no message to tobias.kern about the outage")
check("Maria's messages go only to the people of this outage", #stray == 0, "messages outside the outage: " .. C.list_or_none(stray))
C.status_is("done")
