-- Peter Hall's offboarding: his 8 incidents (with a handover note each) and 3 requests with Anna Schmidt in
-- the Windows team; the 4 requisitions waiting for him escalated to George Whitman; all 10 grants revoked as
-- a leaver's; Billing Service owned by Anna and his laptop by Linda Park; then (and only then: ENT-R05, which
-- the engine's violation check covers) the Offboarding request fulfilled with notes saying what was done.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local peter, anna, george, linda, david = uid("peter.hall"), uid("anna.schmidt"), uid("george.whitman"), uid("linda.park"), uid("david.cohen")
local winsrv = db.value("SELECT id FROM groups WHERE name = 'Windows Server'")
local LEAVING = { { "leaver", "leaving", "left", "leaves", "garden leave", "departure", "offboarding", "offboarded" } }

-- the staged tickets: incidents of the Windows team opened from 1 March evening, the three server requests
local incs = db.query([[SELECT * FROM incidents WHERE assignment_group_id = ? AND opened_at >= '2026-03-01T21:00:00Z'
                        AND state = 'in_progress' AND category = 'server' ORDER BY number]], winsrv)
local moved, keys = 0, {}
for _, i in ipairs(incs) do
  keys[#keys + 1] = { id = i.id }
  if i.assigned_to_id == anna and i.assignment_group_id == winsrv then moved = moved + 1 end
  local note = db.value("SELECT body FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z' ORDER BY id DESC LIMIT 1", i.number)
  C.mentions_one_of_each(i.number .. ": the handover note says why", note, { { "Peter", "Hall", "leav*", "left", "leaver", "garden leave", "offboard*" }, { "Anna", "Schmidt", "takes over", "taking over", "handover", "hand over", "handed over", "reassign*" } })
end
check("all 8 of his incidents are Anna's now", #incs == 8 and moved == 8, moved .. " of " .. #incs .. " with Anna")
C.only_rows("only his incidents were reassigned", "incidents", "update", keys)

local vms = db.query([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                       WHERE c.name = 'Virtual Server' AND r.assignment_group_id = ? AND r.opened_at = '2026-02-25T10:00:00Z' ORDER BY r.number]], winsrv)
local off = db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                     WHERE c.name = 'Offboarding' AND r.requested_for_id = ?]], peter) or {}
local vm_ok, rkeys = 0, { { id = off.id or 0 } }
for _, r in ipairs(vms) do
  rkeys[#rkeys + 1] = { id = r.id }
  if r.assigned_to_id == anna and r.state == "in_progress" then vm_ok = vm_ok + 1 end
end
check("his 3 server requests are Anna's, still in progress", #vms == 3 and vm_ok == 3, vm_ok .. " of " .. #vms)
C.only_rows("only his requests and his offboarding request changed", "requests", "update", rkeys)
check("nothing open is left with Peter", db.value([[SELECT COUNT(*) FROM incidents WHERE assigned_to_id = ? AND state IN ('new','in_progress','on_hold')]], peter) == 0
      and db.value([[SELECT COUNT(*) FROM requests WHERE assigned_to_id = ? AND state IN ('approved','in_progress')]], peter) == 0, "open work checked")

local steps = db.query([[SELECT a.*, r.number AS pr FROM procurement_approvals a JOIN requisitions r ON r.id = a.object_id
                         WHERE a.object_type = 'requisition' AND a.approver_id = ? AND r.cost_center_id = (SELECT id FROM cost_centers WHERE code = 'CC-3200')
                         ORDER BY a.id]], peter)
local esc = 0
for _, a in ipairs(steps) do
  local next_step = db.one("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND status = 'pending'", a.object_id) or {}
  if a.status == "escalated" and a.escalated_to_id == george and next_step.approver_id == george then esc = esc + 1 end
  C.mentions_one_of_each(a.pr .. ": the escalation says why", a.comment, LEAVING)
end
check("the 4 requisitions waiting for him now wait for George", #steps == 4 and esc == 4, esc .. " of " .. #steps .. " escalated to George")

local grants = db.query("SELECT * FROM access_grants WHERE user_id = ? AND revoked_on = '2026-03-02' ORDER BY number", peter)
local gkeys = {}
for _, g in ipairs(grants) do
  gkeys[#gkeys + 1] = { id = g.id }
  C.mentions_one_of_each(g.number .. ": revoked as a leaver's", g.revoke_reason, LEAVING)
end
local left = db.value("SELECT COUNT(*) FROM access_grants WHERE user_id = ? AND status = 'active'", peter)
check("all 10 of his grants are revoked, none left", #grants == 10 and left == 0, #grants .. " revoked today, " .. left .. " still active")
C.only_rows("only his grants were revoked", "access_grants", "update", gkeys)

local billing = db.one("SELECT * FROM configuration_items WHERE name = 'Billing Service'") or {}
local laptop = db.one("SELECT * FROM configuration_items WHERE ci_class = 'laptop' AND name = 'LT-10711'") or {}
check("Billing Service is Anna's", billing.owner_id == anna, "owner " .. tostring(billing.owner_id))
check("his laptop is in Linda Park's name", laptop.owner_id == linda, tostring(laptop.name) .. " owner " .. tostring(laptop.owner_id))
C.unchanged_except("Billing Service changed only its owner", "configuration_items", { id = billing.id or 0 }, { "owner_id", "updated_at" })
C.only_rows("only those two CIs changed", "configuration_items", "update", { { id = billing.id or 0 }, { id = laptop.id or 0 } })

check("his offboarding request is fulfilled by David", off.state == "fulfilled" and off.fulfilled_by_id == david, tostring(off.number) .. " " .. tostring(off.state))
C.mentions_one_of_each("the close notes say what was done", off.close_notes,
                       { { "Anna" }, { "George", "escalat*" }, { "revok*", "access" }, { "LT-10711", "laptop" } })

local allowed = { [anna] = true, [george] = true, [peter] = true, [linda] = true, [david] = true, [off.opened_by_id or 0] = true }
for _, i in ipairs(incs) do allowed[i.caller_id] = true end
for _, r in ipairs(vms) do allowed[r.requested_for_id] = true end
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not allowed[d.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id))
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
