-- Omar Haddad's move to Security Operations: his 5 Network incidents (handover note each) and 2 requests with
-- Tom Becker; the 2 requisitions waiting for him escalated to George Whitman; cloud deploy and IAM admin
-- revoked, audit log administration granted (after the IAM admin went: SOD-09), cloud read and the baseline
-- kept; one Security Token ordered for him.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local omar, tom, george, david = uid("omar.haddad"), uid("tom.becker"), uid("george.whitman"), uid("david.cohen")
local network = db.value("SELECT id FROM groups WHERE name = 'Network'")
local MOVED = { { "move", "moves", "moved", "moving", "mover", "Security Operations", "new role", "transfer*" } }

local incs = db.query([[SELECT * FROM incidents WHERE short_description IN ('Wi-Fi drops on the 3rd floor in London',
                          'VPN tunnel to the Austin office flapping', 'Slow file transfers between New York and London',
                          'Meeting room switch port dead in Berlin', 'DHCP scope nearly exhausted on the guest network')
                        AND opened_at >= '2026-03-01T20:00:00Z' ORDER BY number]])
local ok, keys = 0, {}
for _, i in ipairs(incs) do
  keys[#keys + 1] = { id = i.id }
  if i.assigned_to_id == tom and i.assignment_group_id == network then ok = ok + 1 end
  local note = db.value("SELECT body FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z' ORDER BY id DESC LIMIT 1", i.number)
  C.mentions_one_of_each(i.number .. ": the handover note says why", note, { { "Omar", "Haddad", "move*", "moving", "Security Operations", "transfer*", "new role" }, { "Tom", "Becker", "handover", "hand over", "handed over", "takes over", "taking over", "reassign*" } })
end
check("his 5 Network incidents are Tom's, in Network", #incs == 5 and ok == 5, ok .. " of " .. #incs)
C.only_rows("only his incidents were reassigned", "incidents", "update", keys)

local fw = db.query([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                      WHERE c.name = 'Firewall Rule' AND r.opened_at = '2026-02-26T10:00:00Z' ORDER BY r.number]])
local fok, rkeys = 0, {}
for _, r in ipairs(fw) do
  rkeys[#rkeys + 1] = { id = r.id }
  if r.assigned_to_id == tom and r.state == "in_progress" then fok = fok + 1 end
end
check("his 2 firewall requests are Tom's, still in progress", #fw == 2 and fok == 2, fok .. " of " .. #fw)
C.only_rows("only his requests changed", "requests", "update", rkeys)

local steps = db.query([[SELECT a.*, r.number AS pr FROM procurement_approvals a JOIN requisitions r ON r.id = a.object_id
                         WHERE a.object_type = 'requisition' AND a.approver_id = ?
                           AND r.title IN ('Access switches for the Berlin refresh', 'Wi-Fi access points for London 3rd floor') ORDER BY a.id]], omar)
local esc = 0
for _, a in ipairs(steps) do
  local nxt = db.one("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND status = 'pending'", a.object_id) or {}
  if a.status == "escalated" and a.escalated_to_id == george and nxt.approver_id == george then esc = esc + 1 end
  C.mentions_one_of_each(a.pr .. ": the escalation says why", a.comment, MOVED)
end
check("the 2 requisitions waiting for him now wait for George", #steps == 2 and esc == 2, esc .. " of " .. #steps)

local function held(code)
  return db.value([[SELECT COUNT(*) FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id JOIN business_systems s ON s.id = e.system_id
                    WHERE g.user_id = ? AND g.status = 'active' AND s.code || '.' || e.code = ?]], omar, code)
end
check("deploy and cloud IAM admin are gone", held("CLOUD.cloud_deploy") == 0 and held("CLOUD.cloud_iam_admin") == 0,
      "deploy " .. held("CLOUD.cloud_deploy") .. ", IAM admin " .. held("CLOUD.cloud_iam_admin"))
check("audit log administration is granted", held("CLOUD.cloud_audit_log_admin") == 1, "audit log admin " .. held("CLOUD.cloud_audit_log_admin"))
local revoked = db.query("SELECT * FROM access_grants WHERE user_id = ? AND revoked_on = '2026-03-02' ORDER BY number", omar)
local gkeys = {}
for _, g in ipairs(revoked) do
  gkeys[#gkeys + 1] = { id = g.id }
  C.mentions_one_of_each(g.number .. ": the revocation says why", g.revoke_reason, MOVED)
end
C.only_rows("only his deploy and IAM admin grants were revoked", "access_grants", "update", gkeys)
local new = {}
for _, d in ipairs(diff) do if d.table == "access_grants" and d.op == "insert" then new[#new + 1] = d.after end end
check("exactly one grant was made, to Omar", #new == 1 and new[1].user_id == omar, #new .. " grant(s)")

local tok = {}
for _, d in ipairs(changes("requests")) do
  if d.op == "insert" then
    tok[#tok + 1] = db.value("SELECT name FROM catalog_items WHERE id = ?", d.after.catalog_item_id) .. " for " ..
                    tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.requested_for_id))
  end
end
check("one Security Token ordered for Omar", #tok == 1 and tok[1] == "Security Token for omar.haddad", table.concat(tok, ", "))

local allowed = { [omar] = true, [tom] = true, [george] = true, [david] = true, [uid("raj.iyer")] = true, [uid("victor.lang")] = true }
for _, i in ipairs(incs) do allowed[i.caller_id] = true end
for _, r in ipairs(fw) do allowed[r.requested_for_id] = true end
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not allowed[d.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id))
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
