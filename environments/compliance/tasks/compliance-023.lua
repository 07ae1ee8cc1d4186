-- Beatrice publishes Henrik's Data Protection Policy revision; her own Anti-Bribery revision stays
-- unpublished and goes to Olivia Grant, another risk approver; Henrik hears what happened.
local C = require("checks")
local F = require("grc_facts")
local me = F.user_id("beatrice.strand")
local dpp = F.find_by("compliance_policies", "title", "Data Protection Policy")
local abc = F.find_by("compliance_policies", "title", "Anti-Bribery and Corruption Policy")
local v = db.one("SELECT * FROM policy_versions WHERE policy_id = ? AND author_id = ? ORDER BY id DESC LIMIT 1", dpp.id, F.user_id("henrik.aalto")) or {}
check("Henrik's revision of the Data Protection Policy is published by Beatrice",
      v.status == "published" and v.approved_by_id == me and dpp.status == "published" and dpp.current_version == v.version,
      "version " .. tostring(v.version) .. " " .. tostring(v.status) .. "; policy " .. tostring(dpp.status) .. " at " .. tostring(dpp.current_version))
local bad, superseded = {}, 0
for _, d in ipairs(diff) do
  local id = type(d.key) == "table" and d.key.id or d.key
  if d.table == "policy_versions" and d.op == "update" and id ~= v.id then
    local row = db.one("SELECT * FROM policy_versions WHERE id = ?", id) or {}
    local only_status = true
    for col in pairs(d.after) do if col ~= "status" and col ~= "id" then only_status = false end end
    if row.policy_id == dpp.id and row.status == "superseded" and only_status then superseded = superseded + 1
    else bad[#bad + 1] = tostring(row.id) end
  end
end
check("the version it replaces is superseded and otherwise untouched", superseded == 1 and #bad == 0,
      superseded .. " superseded; other version changes: " .. C.list_or_none(bad))
C.only_rows("the Anti-Bribery policy was not published", "compliance_policies", "update", { { number = dpp.number } })
F.every_message_to("Olivia was asked to publish the Anti-Bribery revision (and told nothing else)", "olivia.grant",
                   { { abc.number, "Anti-Bribery", "Anti Bribery" }, { "publish*" } })
F.reply_or_message("Henrik was told what was published and what was not", "henrik.aalto",
                   { { "publish*" }, { "Anti-Bribery", "Anti Bribery", abc.number, "bribery" } })
F.links_only("messages are linked to the two policies, if to any record", { dpp.number, abc.number })
F.only_messaged("nobody but Olivia and Henrik was messaged", { "olivia.grant", "henrik.aalto" }, false)
C.status_is("done")
