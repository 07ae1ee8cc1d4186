-- The draft CRM campaign is launched today: open, one pending item per active CRM grant and no other, its
-- due date kept (expected_changes keeps every other campaign as it was); the answer says how many items
-- went out. Who reviews each item is the launch tool's to decide (tests/compliance cover it).
local C = require("checks")
local c = db.one([[SELECT c.* FROM access_review_campaigns c JOIN business_systems s ON s.id = c.system_id
                   WHERE s.code = 'CRM' AND c.title LIKE '2026-Q2%']]) or {}
check("the Q2 CRM campaign is open", c.status == "open", "status " .. tostring(c.status))
check("it opened today and keeps its due date", c.opens_on == "2026-03-02" and c.closes_on == "2026-04-24",
      "opens " .. tostring(c.opens_on) .. ", closes " .. tostring(c.closes_on))

local grants = db.value([[SELECT COUNT(*) FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id
                          JOIN business_systems s ON s.id = e.system_id WHERE s.code = 'CRM' AND g.status = 'active']])
local items = db.value("SELECT COUNT(*) FROM access_review_items WHERE campaign_id = ?", c.id or -1)
local covered = db.value([[SELECT COUNT(DISTINCT i.grant_id) FROM access_review_items i JOIN access_grants g ON g.id = i.grant_id
                           JOIN entitlements e ON e.id = g.entitlement_id JOIN business_systems s ON s.id = e.system_id
                           WHERE i.campaign_id = ? AND s.code = 'CRM' AND g.status = 'active' AND i.decision = 'pending']], c.id or -1)
check("one pending item for every active CRM grant and no other", grants > 0 and items == grants and covered == grants,
      items .. " item(s), " .. covered .. " active CRM grant(s) covered of " .. grants)
local inserted = 0
for _, d in ipairs(changes("access_review_items")) do
  if d.op == "insert" then
    inserted = inserted + 1
  end
end
check("only this campaign's items were created", inserted == items, inserted .. " item(s) inserted")
C.status_is("done")
C.mentions("the answer names the campaign and how many items went out", answer.text, "ARC0000004", tostring(grants))
