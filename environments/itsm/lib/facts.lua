-- Read-only look-ups for ITSM verifiers (and anything else that only reads): the questions verifiers
-- keep asking, answered in one place. Uses only `db`, so it loads in a verifier's sandbox.
--
--   local F = require("facts")
--   local inc = F.incident("INC0002001")
--   check("assigned to the on-call engineer", inc.assigned_to_id == F.on_call("Network", "primary", F.START))
local M = {}

function M.user_id(user_name) return db.value("SELECT id FROM users WHERE user_name = ?", user_name) end
function M.group_id(name) return db.value("SELECT id FROM groups WHERE name = ?", name) end
function M.user_name(id) return id and db.value("SELECT user_name FROM users WHERE id = ?", id) end

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
  for _, d in ipairs(diff) do
    if d.table == tbl and d.op == "insert" then out[#out + 1] = d.after end
  end
  return out
end

return M
