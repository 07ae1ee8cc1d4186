-- Read-only look-ups for ITSM verifiers (and anything else that only reads): the questions verifiers
-- keep asking, answered in one place. Uses only `db` (and a verifier's `check` and `mentions`), so it
-- loads in a verifier's sandbox.
--
--   local F = require("facts")
--   local inc = F.incident("INC0002001")
--   check("assigned to the on-call engineer", inc.assigned_to_id == F.on_call("Network", "primary", F.START))
local M = {}

function M.user_id(user_name) return db.value("SELECT id FROM users WHERE user_name = ?", user_name) end
function M.group_id(name) return db.value("SELECT id FROM groups WHERE name = ?", name) end
function M.user_name(id) return id and db.value("SELECT user_name FROM users WHERE id = ?", id) end
-- A group's name from its id; nil for no group (nil or null).
function M.group_name(id)
  if id == nil or id == null then return nil end
  return db.value("SELECT name FROM groups WHERE id = ?", id)
end
-- A configuration item's id from its name, and its name from its id (nil or null: nil).
function M.ci_id(name) return db.value("SELECT id FROM configuration_items WHERE name = ?", name) end
function M.ci_name(id)
  if id == nil or id == null then return nil end
  return db.value("SELECT name FROM configuration_items WHERE id = ?", id)
end

function M.incident(number) return db.one("SELECT * FROM incidents WHERE number = ?", number) end
function M.change(number) return db.one("SELECT * FROM change_requests WHERE number = ?", number) end
function M.request(number) return db.one("SELECT * FROM requests WHERE number = ?", number) end

-- impact x urgency -> priority (policy ITSM-R04)
local MATRIX = { { 1, 2, 3 }, { 2, 3, 4 }, { 3, 4, 5 } }
function M.priority(impact, urgency) return MATRIX[impact][urgency] end

-- The user id on call for a group at an ISO time ("primary" or "secondary").
function M.on_call(group, rotation, at)
  return db.value([[SELECT s.user_id FROM on_call_shifts s JOIN groups g ON g.id = s.group_id
                    WHERE g.name = ? AND s.rotation = ? AND s.starts_at <= ? AND s.ends_at > ? ORDER BY s.id LIMIT 1]],
                  group, rotation, at, at)
end

function M.is_active_member(group, user_id)
  return db.value([[SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id JOIN users u ON u.id = gm.user_id
                    WHERE g.name = ? AND gm.user_id = ? AND u.active = 1]], group, user_id) ~= nil
end

-- Notes on a record by an author (user name), optionally of one visibility, newest first.
function M.notes(number, author, visibility)
  return db.query([[SELECT w.* FROM work_notes w JOIN users u ON u.id = w.author_id
                    WHERE w.record_number = ? AND u.user_name = ? AND (? IS NULL OR w.visibility = ?) ORDER BY w.id DESC]],
                  number, author, visibility, visibility)
end

-- Notifications about a record to a person, sent by someone (not the system), optionally by channel.
function M.notified(number, recipient_id, channels)
  for _, n in ipairs(db.query([[SELECT channel FROM notifications WHERE record_number = ? AND recipient_id = ?
                                AND sender_id IS NOT NULL ORDER BY id]], number, recipient_id)) do
    if not channels then return true end
    for _, c in ipairs(channels) do if n.channel == c then return true end end
  end
  return false
end

-- Was `rule` broken by an observed (not enforced) call?
function M.observed_violation(rule)
  for _, v in ipairs(violations) do
    if v.rule == rule and not v.enforced then return true end
  end
  return false
end

-- The rows of `tbl` the diff says were inserted (their `after` values), in diff order.
function M.inserted(tbl)
  local out = {}
  for _, d in ipairs(changes(tbl)) do
    if d.op == "insert" then out[#out + 1] = d.after end
  end
  return out
end

-- The user id of a user name, or an error naming the caller (a misspelt name in a verifier is a fault,
-- not a check that can never pass).
local function known_user(helper, user_name)
  local id = type(user_name) == "string" and db.value("SELECT id FROM users WHERE user_name = ? COLLATE NOCASE", user_name)
  if not id then error("facts." .. helper .. ": no user named " .. tostring(user_name), 3) end
  return id
end

-- Notes written during the episode on a record, oldest first; optionally only by one author (user name)
-- and of one visibility ("work_note" or "comment").
--   F.new_notes("INC0002001", nil, "comment")
function M.new_notes(number, author, visibility)
  local author_id = author and known_user("new_notes", author)
  local out = {}
  for _, n in ipairs(M.inserted("work_notes")) do
    if n.record_number == number and (not author_id or n.author_id == author_id)
        and (not visibility or n.visibility == visibility) then
      out[#out + 1] = n
    end
  end
  return out
end

-- The text of those notes (their bodies, one per line), or nil when none was written: the text to give
-- C.mentions / C.omits.
--   C.mentions("the work note says why", F.note_text("INC0002001", nil, "work_note"), "VPN", "Berlin")
function M.note_text(number, author, visibility)
  if author then known_user("note_text", author) end
  local bodies = {}
  for _, n in ipairs(M.new_notes(number, author, visibility)) do bodies[#bodies + 1] = n.body end
  return #bodies > 0 and table.concat(bodies, "\n") or nil
end

-- The body of the newest of those notes, or nil when none was written.
--   C.mentions("the note says why", F.last_note("INC0002001"), "Greg Holt", "left")
function M.last_note(number, author, visibility)
  if author then known_user("last_note", author) end
  local notes = M.new_notes(number, author, visibility)
  return notes[#notes] and notes[#notes].body
end

-- Notifications sent during the episode, oldest first, about one record (number nil: about anything or
-- nothing). Each is the row plus `recipient` and `sender` user names (sender nil: sent by the system,
-- e.g. an approval request or a resolution notice a tool sends by itself).
function M.notifications(number)
  local out = {}
  for _, n in ipairs(M.inserted("notifications")) do
    if number == nil or n.record_number == number then
      local item = {}
      for k, v in pairs(n) do item[k] = v end
      item.recipient = M.user_name(n.recipient_id)
      item.sender = n.sender_id ~= nil and n.sender_id ~= null and M.user_name(n.sender_id) or nil
      out[#out + 1] = item
    end
  end
  return out
end

-- What one person was told about a record (number nil: about anything) during the episode by someone
-- (not the system): the subject and body of each notification, one per line, or nil when they were told
-- nothing.
--   C.mentions("the requester is told the new date", F.notification_text("REQ0001001", "hannah.weiss"), "Friday")
function M.notification_text(number, recipient)
  local id = known_user("notification_text", recipient)
  local lines = {}
  for _, n in ipairs(M.notifications(number)) do
    if n.recipient_id == id and n.sender then lines[#lines + 1] = n.subject .. "\n" .. n.body end
  end
  return #lines > 0 and table.concat(lines, "\n") or nil
end

-- The record a notification (an item of F.notifications) is about: its record number, or, when it names
-- none, the first record (by number) of `owner_of` (record number -> user name) whose owner is its
-- recipient and that its subject or body names; nil when neither.
--   local about = F.message_about(n, { REQ0001001 = "hannah.weiss" })
function M.message_about(n, owner_of)
  if n.record_number ~= nil and n.record_number ~= null then return n.record_number end
  local numbers = {}
  for number, owner in pairs(owner_of) do
    if owner == n.recipient then numbers[#numbers + 1] = number end
  end
  table.sort(numbers)
  local text = (n.subject or "") .. "\n" .. (n.body or "")
  for _, number in ipairs(numbers) do
    if mentions(text, number) then return number end
  end
  return nil
end

-- Active members of a group, by user name (sorted): for F.only_notified when a whole group may be told.
function M.members(group)
  local out = {}
  for _, m in ipairs(db.query([[SELECT u.user_name FROM group_members gm JOIN groups g ON g.id = gm.group_id
                                JOIN users u ON u.id = gm.user_id WHERE g.name = ? AND u.active = 1 ORDER BY u.user_name]], group)) do
    out[#out + 1] = m.user_name
  end
  return out
end

-- A check's name: a non-empty string, or an error at the verifier's line.
local function need_name(helper, name)
  if type(name) ~= "string" or name == "" then
    error("facts." .. helper .. ": the first argument must be the check's name (a non-empty string)", 3)
  end
end

-- "a, b, c, d, e (+2 more)": a check's detail lists at most five items.
local function listed(items)
  local parts = {}
  for i = 1, math.min(#items, 5) do parts[i] = items[i] end
  return table.concat(parts, ", ") .. (#items > 5 and (" (+" .. (#items - 5) .. " more)") or "")
end

-- One check: everyone someone notified during the episode (any record, any channel) is one of these
-- people. Notifications a tool sends by itself (sender NULL) are not counted: they follow from the
-- records the agent changed, which the engine and the task's guards check. Whether each of them was
-- notified is a check of its own (F.notified).
--   F.only_notified("nobody but the requester was notified", { "hannah.weiss" })
function M.only_notified(name, user_names)
  need_name("only_notified", name)
  if type(user_names) ~= "table" then
    error("facts.only_notified: give the people who may be notified as a list of user names ({} for nobody)", 2)
  end
  local allowed, shown = {}, {}
  for _, user_name in ipairs(user_names) do
    allowed[known_user("only_notified", user_name)] = true
    shown[#shown + 1] = string.lower(user_name)
  end
  table.sort(shown)
  local ok, others = {}, {}
  for _, n in ipairs(M.notifications()) do
    if n.sender then
      local item = n.recipient .. " (" .. n.channel .. (n.record_number and n.record_number ~= null
        and (" about " .. n.record_number) or "") .. ")"
      if allowed[n.recipient_id] then ok[#ok + 1] = item else others[#others + 1] = item end
    end
  end
  local may = #shown > 0 and table.concat(shown, ", ") or "nobody"
  local passed = #others == 0
  check(name, passed, passed and ((#ok > 0 and ("notified: " .. listed(ok)) or "nobody was notified")
      .. " (may be notified: " .. may .. ")")
    or ("also notified: " .. listed(others) .. " (may be notified: " .. may .. ")"))
  return passed
end

-- One check: every note written during the episode (any author, any visibility) is on one of these
-- records ({}: no note at all).
--   F.only_noted("notes only on the four moved tickets", { "INC0002001", "INC0002002" })
function M.only_noted(name, numbers)
  need_name("only_noted", name)
  if type(numbers) ~= "table" then
    error("facts.only_noted: give the records notes may be written on as a list of record numbers ({} for none)", 2)
  end
  local allowed, shown = {}, {}
  for _, number in ipairs(numbers) do
    if type(number) ~= "string" then
      error("facts.only_noted: each record is a record number (a string), got " .. type(number), 2)
    end
    if not allowed[number] then shown[#shown + 1] = number end
    allowed[number] = true
  end
  table.sort(shown)
  local on, elsewhere = {}, {}
  for _, n in ipairs(M.inserted("work_notes")) do
    local number = tostring(n.record_number)
    if allowed[n.record_number] then on[#on + 1] = number else elsewhere[#elsewhere + 1] = number end
  end
  local may = #shown > 0 and listed(shown) or "none"
  local passed = #elsewhere == 0
  check(name, passed, (passed and (#on > 0 and ("notes on: " .. listed(on)) or "no note was written")
      or ("notes elsewhere: " .. listed(elsewhere))) .. " (notes may be on: " .. may .. ")")
  return passed
end

return M
