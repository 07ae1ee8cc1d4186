-- The SAN swap is recorded end to end: the change implemented inside its window and moved to review;
-- the old array retired and the new one operational, each status change naming the change (ITSM-R14,
-- observed: the CMDB accepts a status change with no change reference); the new array takes over the old
-- one's uplink (connects_to the core switch) and that uplink alone is removed; migration and CMDB tasks
-- closed with notes saying what was done, disposal left open. A note, if any, goes on the change.
local C = require("checks")
local F = require("facts")

local chg = F.change("CHG0000301")
check("the change is in review", chg.state == "review", "state " .. chg.state)
check("implementation was recorded inside the window", chg.actual_start ~= nil and chg.actual_start >= chg.planned_start
      and chg.actual_start < chg.planned_end, "actual_start " .. tostring(chg.actual_start))
C.value_equals("the old array is retired", "retired", "SELECT status FROM configuration_items WHERE name = 'nyc-san-01'")
C.value_equals("the new array is operational", "operational", "SELECT status FROM configuration_items WHERE name = 'nyc-san-02'")
C.row_exists("both status changes name the change",
             [[SELECT 1 FROM audit_log WHERE record_number = 'CI:nyc-san-01' AND field = 'status' AND new_value LIKE '%CHG0000301%'
               AND EXISTS (SELECT 1 FROM audit_log WHERE record_number = 'CI:nyc-san-02' AND field = 'status' AND new_value LIKE '%CHG0000301%')]])

-- the uplink: nyc-san-02 connects_to nyc-core-sw-01 in place of nyc-san-01
local old, new, core = F.ci_id("nyc-san-01"), F.ci_id("nyc-san-02"), F.ci_id("nyc-core-sw-01")
local function uplinks(parent)
  local kinds = {}
  for _, r in ipairs(db.query("SELECT kind FROM ci_relations WHERE parent_id = ? AND child_id = ? ORDER BY kind", parent, core)) do
    kinds[#kinds + 1] = r.kind
  end
  return kinds
end
local new_links, old_links = uplinks(new), uplinks(old)
check("the new array connects to the core switch (and nothing else ties it there)",
      #new_links == 1 and new_links[1] == "connects_to",
      "nyc-san-02 to nyc-core-sw-01: " .. (#new_links > 0 and table.concat(new_links, ", ") or "no relation"))
check("the old array's uplink is gone", #old_links == 0,
      "nyc-san-01 to nyc-core-sw-01: " .. (#old_links > 0 and table.concat(old_links, ", ") or "no relation"))
local removed, wrong = 0, {}
for _, d in ipairs(changes("ci_relations")) do
  if d.op == "delete" then
    removed = removed + 1
    if not (d.before.parent_id == old and d.before.child_id == core) then
      wrong[#wrong + 1] = tostring(F.ci_name(d.before.parent_id))
        .. " " .. d.before.kind .. " " .. tostring(F.ci_name(d.before.child_id))
    end
  end
end
check("no other relation was removed", #wrong == 0,
      removed .. " relation(s) removed" .. (#wrong > 0 and (", besides the old uplink: " .. table.concat(wrong, "; ")) or ", only the old uplink"))

local t1, t2 = db.one("SELECT * FROM change_tasks WHERE number = 'CTASK0000901'"), db.one("SELECT * FROM change_tasks WHERE number = 'CTASK0000902'")
check("the migration task is closed complete, its notes saying the data was migrated",
      t1.state == "closed_complete" and C.first_mentioned(t1.close_notes, { "migrat*", "copied", "moved", "nyc san 02" }),
      "CTASK0000901 " .. t1.state .. ": " .. tostring(t1.close_notes))
check("the CMDB task is closed complete, its notes saying what changed in the CMDB",
      t2.state == "closed_complete" and C.first_mentioned(t2.close_notes, { "retire*", "operational", "live", "cmdb", "uplink" }),
      "CTASK0000902 " .. t2.state .. ": " .. tostring(t2.close_notes))
C.value_equals("the disposal task stays open", "open", "SELECT state FROM change_tasks WHERE number = 'CTASK0000903'")

F.only_noted("any note is on the change", { "CHG0000301" })
local note = F.note_text("CHG0000301")
check("a note on the change, if any, says what was done", note == nil or C.first_mentioned(note, { "migrat*", "retire*", "cmdb", "nyc san 02", "review" }),
      "note on CHG0000301: " .. (note or "none"))
C.status_is("done")
