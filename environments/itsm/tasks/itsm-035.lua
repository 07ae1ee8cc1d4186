-- A leaver's whole queue moves: eight incidents four each to Sam and Jordan; the two requests, the problem
-- and the incident task to Taylor; every moved item carries a note from Maria and every incident's caller is
-- told. Nothing open of any kind (incident, request, problem, change, incident or change task) stays with Pat.
local C = require("checks")
local F = require("facts")
local pat, sam, jordan = F.user_id("pat.quinn"), F.user_id("sam.patel"), F.user_id("jordan.lee")
local taylor = F.user_id("taylor.brooks")

-- a note saying why the item moved: it names Pat or Pat's leaving
local function why_note(number)
  for _, w in ipairs(F.notes(number, "maria.chen")) do
    if C.first_mentioned(w.body, { "pat", "quinn", "left", "leaver", "leaving" }) then return true end
  end
  return false
end
-- a message to the caller, on their ticket, that names who has it now
local function told_owner(number, caller_id, owner_id)
  local owner = db.one("SELECT user_name, first_name, last_name FROM users WHERE id = ?", owner_id or 0)
  if not owner then return false end
  for _, n in ipairs(db.query([[SELECT subject || ' ' || body AS text FROM notifications WHERE record_number = ? AND recipient_id = ?
                                AND sender_id = ?]], number, caller_id, F.user_id("maria.chen"))) do
    if C.first_mentioned(n.text, { owner.first_name .. " " .. owner.last_name, owner.user_name, owner.first_name }) then return true end
  end
  for _, w in ipairs(F.notes(number, "maria.chen", "comment")) do
    if C.first_mentioned(w.body, { owner.first_name .. " " .. owner.last_name, owner.user_name, owner.first_name }) then return true end
  end
  return false
end

local numbers = { "INC0002001", "INC0002002", "INC0002003", "INC0002004", "INC0002005", "INC0002006", "INC0002007", "INC0002008" }
local to_sam, to_jordan, noted, unnoted, told, untold = 0, 0, {}, {}, {}, {}
for _, n in ipairs(numbers) do
  local inc = F.incident(n)
  if inc.assigned_to_id == sam then to_sam = to_sam + 1 elseif inc.assigned_to_id == jordan then to_jordan = to_jordan + 1 end
  if why_note(n) then noted[#noted + 1] = n else unnoted[#unnoted + 1] = n end
  if told_owner(n, inc.caller_id, inc.assigned_to_id) then told[#told + 1] = n else untold[#untold + 1] = n end
end
check("incidents split evenly between Sam and Jordan", to_sam == 4 and to_jordan == 4,
      "with Sam: " .. to_sam .. ", with Jordan: " .. to_jordan)

local others = { "REQ0000401", "REQ0000402", "PRB0000061", "ITASK0000001" }
local with_taylor, elsewhere = {}, {}
for _, n in ipairs(others) do
  local holder = db.value([[SELECT assigned_to_id FROM requests WHERE number = ?1 UNION ALL
                            SELECT assigned_to_id FROM problems WHERE number = ?1 UNION ALL
                            SELECT assigned_to_id FROM incident_tasks WHERE number = ?1]], n)
  if holder == taylor then with_taylor[#with_taylor + 1] = n else elsewhere[#elsewhere + 1] = n end
  if why_note(n) then noted[#noted + 1] = n else unnoted[#unnoted + 1] = n end
end
check("the requests, the problem and the task are with Taylor", #elsewhere == 0,
      "with Taylor: " .. C.list_or_none(with_taylor) .. "; with someone else: " .. C.list_or_none(elsewhere))

C.no_row("Pat holds no open work of any kind",
  [[SELECT number FROM incidents WHERE assigned_to_id = ?1 AND state IN ('new', 'in_progress', 'on_hold')
    UNION SELECT number FROM requests WHERE assigned_to_id = ?1 AND state IN ('pending_approval', 'approved', 'in_progress')
    UNION SELECT number FROM problems WHERE assigned_to_id = ?1 AND state NOT IN ('resolved', 'closed')
    UNION SELECT number FROM change_requests WHERE assigned_to_id = ?1 AND state NOT IN ('closed', 'canceled')
    UNION SELECT number FROM incident_tasks WHERE assigned_to_id = ?1 AND state IN ('open', 'in_progress')
    UNION SELECT number FROM change_tasks WHERE assigned_to_id = ?1 AND state IN ('open', 'in_progress')]], pat)
check("every moved item has a note saying why", #unnoted == 0,
      "with a note naming Pat's leaving: " .. C.list_or_none(noted) .. "; without: " .. C.list_or_none(unnoted))
check("every caller was told who has their ticket now", #untold == 0,
      "told the new owner on: " .. C.list_or_none(told) .. "; not told on: " .. C.list_or_none(untold))

-- Maria's messages go to each incident's caller about their own ticket, and her notes only on the moved items.
local moved = {}
for _, n in ipairs(numbers) do moved[n] = F.incident(n).caller_id end
local stray = {}
local maria = F.user_id("maria.chen")
for _, m in ipairs(F.inserted("notifications")) do
  if m.sender_id == maria and moved[m.record_number or ""] ~= m.recipient_id then
    stray[#stray + 1] = tostring(F.user_name(m.recipient_id)) .. " about " .. tostring(m.record_number)
  end
end
local items = {}
for _, n in ipairs(numbers) do items[n] = true end
for _, n in ipairs(others) do items[n] = true end
for _, w in ipairs(F.inserted("work_notes")) do
  if not items[w.record_number] then stray[#stray + 1] = "a note on " .. tostring(w.record_number) end
end
check("Maria wrote only to the callers and on the moved items", #stray == 0, "outside the handover: " .. C.list_or_none(stray))
C.status_is("done")
