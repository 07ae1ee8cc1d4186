-- The three misrouted ERP database alerts: in Linux Server with Karl Jensen (the on-call secondary; the
-- primary, Ivan Horvat, is a leaver: assigning him breaks ENT-R05, which the engine's violation check names),
-- each with a note saying why it moved; Karl granted production database administration in Cloud Platform,
-- and nobody else any access; the answer says why Ivan was passed over.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local karl, david = uid("karl.jensen"), uid("david.cohen")
local linux = db.value("SELECT id FROM groups WHERE name = 'Linux Server'")
local incs = db.query([[SELECT * FROM incidents WHERE short_description IN ('ERP database replication lag above 15 minutes',
                         'ERP database backup job failed on the primary', 'ERP database month-end report queries timing out')
                        AND opened_at >= '2026-03-02T08:00:00Z' ORDER BY number]])
local ok, keys = 0, {}
for _, i in ipairs(incs) do
  keys[#keys + 1] = { id = i.id }
  if i.assignment_group_id == linux and i.assigned_to_id == karl then ok = ok + 1 end
  local note = db.value("SELECT body FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z' ORDER BY id DESC LIMIT 1", i.number)
  C.mentions_one_of_each(i.number .. ": the note says why it moved", note,
                         { { "misrout*", "wrong queue", "wrong group", "by mistake", "Linux", "database", "on call", "on-call" } })
end
check("the three alerts are with Karl Jensen in Linux Server", #incs == 3 and ok == 3, ok .. " of " .. #incs)
C.only_rows("only the three alerts were moved", "incidents", "update", keys)
local new = {}
for _, d in ipairs(diff) do if d.table == "access_grants" and d.op == "insert" then new[#new + 1] = d.after end end
local g = new[1] or {}
local ent = g.entitlement_id and db.value("SELECT s.code || '.' || e.code FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE e.id = ?", g.entitlement_id)
check("Karl was granted production database administration, and nobody else anything",
      #new == 1 and g.user_id == karl and ent == "CLOUD.cloud_db_admin" and g.granted_by_id == david,
      #new .. " grant(s): " .. tostring(ent) .. " to " .. tostring(db.value("SELECT user_name FROM users WHERE id = ?", g.user_id)))
local allowed = { [karl] = true, [uid("sofia.rossi")] = true, [david] = true, [uid("frank.delgado")] = true }
local others = {}
for _, x in ipairs(changes("notifications")) do
  if x.op == "insert" and not allowed[x.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", x.after.recipient_id))
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
C.mentions_one_of_each("the answer says why Ivan was passed over", answer.text, { { "Ivan" }, { "leav*", "leaver", "offboard*" } })
