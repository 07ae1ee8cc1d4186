-- The services at risk are whatever the CMDB says depends on ber-core-sw-01 (servers connect to it,
-- applications run on the servers or on databases hosted there, services depend on the applications):
-- computed here with the same walk get_ci_impact does, so the check holds for any seed. Every one must be
-- named in Nina's note on the change, and the impact must be 1 exactly when one of them is critical.
local C = require("checks")
local F = require("facts")

local services = db.query([[WITH RECURSIVE up(id, depth) AS (
    SELECT id, 0 FROM configuration_items WHERE name = 'ber-core-sw-01'
    UNION SELECT r.parent_id, up.depth + 1 FROM ci_relations r JOIN up ON r.child_id = up.id
    WHERE up.depth < 6 AND r.kind IN ('depends_on', 'runs_on', 'hosted_on', 'connects_to'))
  SELECT DISTINCT c.name, c.criticality FROM up JOIN configuration_items c ON c.id = up.id
  WHERE c.ci_class = 'service' ORDER BY c.name]])
local text = ""
for _, n in ipairs(F.notes("CHG0000301", "nina.petrova")) do text = text .. " " .. n.body:lower() end
local missing, critical = {}, false
for _, s in ipairs(services) do
  local short = s.name:gsub(" Service$", ""):lower()
  if not text:find(short, 1, true) then missing[#missing + 1] = s.name end
  if s.criticality == "critical" then critical = true end
end
check("the note names every service at risk (" .. #services .. ")", #services > 0 and text ~= "" and #missing == 0,
      text == "" and "no note by nina.petrova on CHG0000301" or ("not named: " .. table.concat(missing, ", ")))
local chg = F.change("CHG0000301")
check(critical and "impact raised to 1 (a critical service is at risk)" or "impact left at 2 (no critical service at risk)",
      chg.impact == (critical and 1 or 2), "impact " .. chg.impact)
check("the change is still awaiting CAB", chg.state == "assess", "state " .. chg.state)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
