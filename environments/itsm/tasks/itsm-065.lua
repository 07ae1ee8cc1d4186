-- The services at risk are whatever the CMDB says depends on ber-core-sw-01 (servers connect to it,
-- applications run on the servers or on databases hosted there, services depend on the applications):
-- computed here with the same walk get_ci_impact does, so the check holds for any seed. Every one must be
-- named in Nina's note on the change (by words; a note listing services that are not at risk fails), the
-- one note written, and the impact must be 1 exactly when one of them is critical; nothing else of the
-- change moves (its risk, say, just before CAB).
local C = require("checks")
local F = require("facts")

local services = db.query([[WITH RECURSIVE up(id, depth) AS (
    SELECT id, 0 FROM configuration_items WHERE name = 'ber-core-sw-01'
    UNION SELECT r.parent_id, up.depth + 1 FROM ci_relations r JOIN up ON r.child_id = up.id
    WHERE up.depth < 6 AND r.kind IN ('depends_on', 'runs_on', 'hosted_on', 'connects_to'))
  SELECT DISTINCT c.name, c.criticality FROM up JOIN configuration_items c ON c.id = up.id
  WHERE c.ci_class = 'service' ORDER BY c.name]])
local function short(name) return (name:gsub(" Service$", "")) end
-- Service names that are ordinary words count as named only with "Service" after them.
local ORDINARY = { Email = true, Printing = true, Backup = true, Billing = true, Monitoring = true, Telephony = true }
local function named(text, name)
  return mentions(text, name) or (not ORDINARY[short(name)] and mentions(text, short(name)))
end

local text = F.note_text("CHG0000301", "nina.petrova")
local at_risk, found, missing, critical = {}, {}, {}, false
for _, s in ipairs(services) do
  at_risk[s.name] = true
  if text and mentions(text, short(s.name)) then found[#found + 1] = short(s.name) else missing[#missing + 1] = s.name end
  if s.criticality == "critical" then critical = true end
end
local extra = {}
for _, s in ipairs(db.query("SELECT name FROM configuration_items WHERE ci_class = 'service' ORDER BY name")) do
  if text and not at_risk[s.name] and named(text, s.name) then extra[#extra + 1] = s.name end
end
check("the note names every service at risk (" .. #services .. ") and no other", #services > 0 and text ~= nil and #missing == 0 and #extra == 0,
      text == nil and "no note by nina.petrova on CHG0000301"
      or ("named: " .. C.list_or_none(found) .. "; not named: " .. C.list_or_none(missing) .. "; named though not at risk: " .. C.list_or_none(extra)))
local chg = F.change("CHG0000301")
check(critical and "impact raised to 1 (a critical service is at risk)" or "impact left at 2 (no critical service at risk)",
      chg.impact == (critical and 1 or 2), "impact " .. chg.impact)
check("the change is still awaiting CAB", chg.state == "assess", "state " .. chg.state)
C.status_is("done")
