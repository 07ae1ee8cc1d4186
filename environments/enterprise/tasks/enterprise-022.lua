-- Two leavers: every grant of Rita Gomez (7) and Marco Bianchi (5) revoked as a leaver's; the 2 requisitions
-- waiting for Rita escalated to Frank Delgado; Marco's 3 open incidents with Maria Chen in the Service Desk;
-- then both Offboarding requests fulfilled with notes (fulfilling before the loose ends are tied breaks
-- ENT-R05, which the engine's violation check names).
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local rita, marco, frank, maria, irene = uid("rita.gomez"), uid("marco.bianchi"), uid("frank.delgado"), uid("maria.chen"), uid("irene.lopez")
local sd = db.value("SELECT id FROM groups WHERE name = 'Service Desk'")
local LEFT = { { "leaver", "left", "leaving", "departed", "former", "offboard*", "no longer" } }

local gkeys = {}
for _, x in ipairs({ { rita, "Rita Gomez", 7 }, { marco, "Marco Bianchi", 5 } }) do
  local rows = db.query("SELECT * FROM access_grants WHERE user_id = ? AND revoked_on = '2026-03-02' ORDER BY number", x[1])
  for _, g in ipairs(rows) do
    gkeys[#gkeys + 1] = { id = g.id }
    C.mentions_one_of_each(g.number .. ": revoked as a leaver's", g.revoke_reason, LEFT)
  end
  local left = db.value("SELECT COUNT(*) FROM access_grants WHERE user_id = ? AND status = 'active'", x[1])
  check(x[2] .. ": all " .. x[3] .. " grants revoked", #rows == x[3] and left == 0, #rows .. " revoked, " .. left .. " still active")
end
C.only_rows("only the two leavers' grants were revoked", "access_grants", "update", gkeys)

local steps = db.query([[SELECT a.*, r.number AS pr FROM procurement_approvals a JOIN requisitions r ON r.id = a.object_id
                         WHERE a.object_type = 'requisition' AND a.approver_id = ?
                           AND r.title IN ('Binders and archive boxes for the AP year-end files', 'Second monitors for the AP team') ORDER BY a.id]], rita)
local esc = 0
for _, a in ipairs(steps) do
  local nxt = db.one("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND status = 'pending'", a.object_id) or {}
  if a.status == "escalated" and a.escalated_to_id == frank and nxt.approver_id == frank then esc = esc + 1 end
  C.mentions_one_of_each(a.pr .. ": the escalation says why", a.comment, LEFT)
end
check("the 2 requisitions waiting for Rita now wait for Frank Delgado", #steps == 2 and esc == 2, esc .. " of " .. #steps)

local incs = db.query([[SELECT * FROM incidents WHERE short_description IN ('Outlook keeps asking for my password', 'Cannot print to the 2nd floor printer',
                          'Teams camera not detected after update') AND opened_at >= '2026-02-27T13:00:00Z' ORDER BY number]])
local ok, ikeys = 0, {}
for _, i in ipairs(incs) do
  ikeys[#ikeys + 1] = { id = i.id }
  if i.assigned_to_id == maria and i.assignment_group_id == sd and i.state == "on_hold" then ok = ok + 1 end
end
check("Marco's 3 incidents are Maria Chen's in the Service Desk (still on hold)", #incs == 3 and ok == 3, ok .. " of " .. #incs)
C.only_rows("only Marco's incidents were reassigned", "incidents", "update", ikeys)

local function off(id)
  return db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id WHERE c.name = 'Offboarding' AND r.requested_for_id = ?]], id) or {}
end
local ro, mo = off(rita), off(marco)
check("Rita's offboarding request is fulfilled", ro.state == "fulfilled" and ro.fulfilled_by_id == irene, tostring(ro.number) .. " " .. tostring(ro.state))
check("Marco's offboarding request is fulfilled", mo.state == "fulfilled" and mo.fulfilled_by_id == irene, tostring(mo.number) .. " " .. tostring(mo.state))
C.mentions_one_of_each("Rita's close notes say what was done", ro.close_notes, { { "revok*", "access", "grants" }, { "escalat*", "Frank", "approval*", "requisition*" } })
C.mentions_one_of_each("Marco's close notes say what was done", mo.close_notes, { { "revok*", "access", "grants" }, { "Maria", "incident*", "ticket*", "reassign*" } })
C.only_rows("only the two offboarding requests changed", "requests", "update", { { id = ro.id or 0 }, { id = mo.id or 0 } })

local allowed = { [off(rita).opened_by_id or 0] = true, [rita] = true, [marco] = true, [frank] = true, [maria] = true, [irene] = true, [uid("david.cohen")] = true, [uid("nadine.fournier")] = true }
for _, i in ipairs(incs) do allowed[i.caller_id] = true end
local others = {}
for _, x in ipairs(changes("notifications")) do
  if x.op == "insert" and not allowed[x.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", x.after.recipient_id))
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
