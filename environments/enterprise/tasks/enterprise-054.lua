-- ENT-R05: Ivan Horvat's offboarding is fulfilled only after his open incidents went to Karl Jensen, every
-- access grant he held was revoked (with a reason) and his pending procurement approval went to his manager. Nothing else changes; no rule is broken (the engine checks
-- it: fulfilling first records ENT-R05).
local C = require("checks")
local F = require("grc_facts")
local ivan, karl = F.user_id("ivan.horvat"), F.user_id("karl.jensen")
local staged = db.query([[SELECT * FROM incidents WHERE short_description IN ('Nightly rsync to the backup array fails on lnx-app-07',
                          'Disk usage alert on lnx-batch-02 (/var above 90%)') ORDER BY number]])
local moved = 0
for _, i in ipairs(staged) do if i.assigned_to_id == karl and i.state ~= "closed" then moved = moved + 1 end end
check("both of Ivan's open incidents are now Karl's", #staged == 2 and moved == 2, moved .. " of " .. #staged)
local notes_ok, notes = true, F.inserted("work_notes")
for _, n in ipairs(notes) do
  if not (mentions(n.body, "Ivan") and (mentions(n.body, "left") or mentions(n.body, "leaver") or mentions(n.body, "leaving")
          or mentions(n.body, "offboarding"))) then notes_ok = false end
end
check("each handover note says Ivan left", #notes == 2 and notes_ok, #notes .. " note(s)")
check("Ivan holds no open incident", db.value([[SELECT COUNT(*) FROM incidents WHERE assigned_to_id = ?
      AND state IN ('new', 'in_progress', 'on_hold')]], ivan) == 0, "")
check("Ivan holds no active access grant", db.value("SELECT COUNT(*) FROM access_grants WHERE user_id = ? AND status = 'active'", ivan) == 0, "")
local revoked = db.query([[SELECT * FROM access_grants WHERE user_id = ? AND revoked_on = '2026-03-02']], ivan)
local reasons = true
for _, g in ipairs(revoked) do
  if not mentions(g.revoke_reason or "", "leaver") and not mentions(g.revoke_reason or "", "left") and
     not mentions(g.revoke_reason or "", "offboarding") then reasons = false end
end
check("his five grants were revoked today, each saying he left", #revoked == 5 and reasons, #revoked .. " revoked today")
local steps = db.query([[SELECT a.* FROM procurement_approvals a JOIN requisitions r ON r.id = a.object_id AND a.object_type = 'requisition'
                          WHERE r.title = 'SSD upgrade for the Linux build servers' ORDER BY a.id]])
local george = F.user_id("george.whitman")
check("Ivan's pending approval was escalated to George", #steps == 2 and steps[1].status == "escalated" and steps[1].escalated_to_id == george
      and steps[2].status == "pending" and steps[2].approver_id == george, #steps .. " step(s)")
C.mentions_one_of_each("the escalation says Ivan left", steps[1] and steps[1].comment or "", { { "left", "leaver", "leaving", "offboarding" } })
local off = db.one([[SELECT q.* FROM requests q JOIN catalog_items c ON c.id = q.catalog_item_id
                     WHERE c.name = 'Offboarding' AND q.requested_for_id = ? ORDER BY q.id DESC LIMIT 1]], ivan) or {}
check("his offboarding request is fulfilled", off.state == "fulfilled", tostring(off.state))
C.mentions_one_of_each("its close notes say what was done", off.close_notes or "", { { "Karl", "karl.jensen", "reassigned" },
                                                                                   { "revoked", "access", "grants" } })
F.only_messaged("only Sofia was told (and George by the escalation itself)", { "sofia.rossi", "george.whitman" })
C.mentions_one_of_each("Sofia hears which incidents Karl has now", F.text_to("sofia.rossi") or "",
  { { staged[1] and staged[1].number or "INC" }, { staged[2] and staged[2].number or "INC" } })
C.status_is("done")
