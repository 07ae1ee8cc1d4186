-- ENT-R02 and ENT-R05: SignPoint's vendor is signed off, so the seven Sales colleagues' access requests are
-- carried out in both systems (a grant of the sender entitlement naming the request, the request fulfilled
-- naming the grant); Daniel Moreau is leaving, so he gets no access: he is told and his request canceled with
-- the reason. Hannah hears the outcome. No rule is broken (the engine checks it).
local C = require("checks")
local F = require("grc_facts")
local sender = db.value([[SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                          WHERE s.code = 'ESIGN' AND e.code = 'esign_sender']])
local ok, total, notes_ok = 0, 0, 0
for _, r in ipairs(db.query([[SELECT q.*, u.user_name FROM requests q JOIN catalog_items c ON c.id = q.catalog_item_id
                              JOIN users u ON u.id = q.requested_for_id
                              WHERE c.name = 'SignPoint e-Signature Access' AND u.user_name <> 'daniel.moreau' ORDER BY q.number]])) do
  total = total + 1
  local g = db.one([[SELECT * FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active']], r.requested_for_id, sender)
  if g and g.request_ref == r.number and r.state == "fulfilled" then ok = ok + 1 end
  if g and mentions(r.close_notes or "", g.number) then notes_ok = notes_ok + 1 end
end
check("all seven requests are granted (naming the request) and fulfilled", total == 7 and ok == 7, ok .. " of " .. total)
check("each fulfilled request names its grant", notes_ok == 7, notes_ok .. " of " .. total)
check("nobody else was given SignPoint access", db.value("SELECT COUNT(*) FROM access_grants WHERE entitlement_id IN (SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE s.code = 'ESIGN')") == 7, "")
local daniel = F.user_id("daniel.moreau")
local dr = db.one([[SELECT q.* FROM requests q JOIN catalog_items c ON c.id = q.catalog_item_id
                    WHERE c.name = 'SignPoint e-Signature Access' AND q.requested_for_id = ?]], daniel) or {}
check("Daniel's request is canceled", dr.state == "canceled", tostring(dr.state))
C.mentions_one_of_each("with the reason that he is leaving", dr.close_notes or "", { { "leaving", "leaver", "offboarding", "last day" } })
C.mentions_one_of_each("Daniel was told why", F.text_to("daniel.moreau") or "", { { "leaving", "leaver", "offboarding", "last day" } })
C.mentions_one_of_each("Hannah hears who got access and why Daniel did not", F.text_to("hannah.weiss") or "",
  { { "Daniel" }, { "leaving", "leaver", "offboarding", "last day" }, { "seven", "7" } })
local to_daniel, linked = 0, 0
for _, m in ipairs(F.messages()) do
  if m.recipient == "daniel.moreau" then
    to_daniel = to_daniel + 1
    if m.record == dr.number then linked = linked + 1 end
  end
end
check("Daniel was told once, about his own request", to_daniel == 1 and linked == 1, to_daniel .. " message(s), " .. linked .. " on " .. tostring(dr.number))
F.only_messaged("only Daniel and Hannah were told", { "daniel.moreau", "hannah.weiss" })
C.unchanged("Daniel's offboarding is not touched", "requests", { number = "REQ0000401" })
C.status_is("done")
