-- Four AP joiners: for each, a Standard Laptop and VPN Access request (waiting for Frank), exactly general
-- ledger read, supplier invoice posting and requisition rights (no more), the three mandatory courses due
-- 1 April; one submitted requisition for four catalog headsets on Finance's cost centre. The former Jonas
-- Richter's inactive account gets nothing.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local JOINERS = { "amara.okafor", "jonas.richter2", "mei.ho", "pablo.serrano" }
local IS_JOINER = {}
for _, n in ipairs(JOINERS) do IS_JOINER[n] = true end
local frank, david = uid("frank.delgado"), uid("david.cohen")

local function inserted(tbl)
  local out = {}
  for _, d in ipairs(diff) do if d.table == tbl and d.op == "insert" then out[#out + 1] = d.after end end
  return out
end

local reqs, grants, trainings = inserted("requests"), inserted("access_grants"), inserted("training_assignments")
local function item_name(id) return db.value("SELECT name FROM catalog_items WHERE id = ?", id) end
local function ent_ref(id)
  return db.value("SELECT s.code || '.' || e.code FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE e.id = ?", id)
end
local function course(id) return db.value("SELECT code FROM training_courses WHERE id = ?", id) end

for _, n in ipairs(JOINERS) do
  local id = uid(n)
  local items = {}
  for _, r in ipairs(reqs) do
    if r.requested_for_id == id then items[#items + 1] = item_name(r.catalog_item_id) .. "/" .. tostring(r.state) .. "/" .. tostring(r.approver_id == frank) end
  end
  table.sort(items)
  check(n .. ": a Standard Laptop and VPN Access, waiting for Frank", table.concat(items, ",") == "Standard Laptop/pending_approval/true,VPN Access/pending_approval/true",
        "requests: " .. table.concat(items, ", "))
  local ents = {}
  for _, g in ipairs(grants) do
    if g.user_id == id and g.status == "active" and g.granted_by_id == david then ents[#ents + 1] = ent_ref(g.entitlement_id) end
  end
  table.sort(ents)
  check(n .. ": exactly GL read, supplier invoice posting and requisition rights granted",
        table.concat(ents, ",") == "ERP.gl_read,ERP.vendor_invoice_post,PROCURE.requisition_create", "granted: " .. table.concat(ents, ", "))
  local cs = {}
  for _, t in ipairs(trainings) do
    if t.user_id == id and t.due_on == "2026-04-01" and t.status == "assigned" then cs[#cs + 1] = course(t.course_id) end
  end
  table.sort(cs)
  check(n .. ": the three mandatory courses due 1 April", table.concat(cs, ",") == "PRIV-101,SEC-101,SOX-201", "assigned: " .. table.concat(cs, ", "))
end

local function only_joiners(rows, col, what)
  local bad = {}
  for _, r in ipairs(rows) do
    local n = db.value("SELECT user_name FROM users WHERE id = ?", r[col])
    if not IS_JOINER[n] then bad[#bad + 1] = tostring(n) end
  end
  check("only the four joiners got " .. what, #bad == 0 and #rows > 0, #rows .. " row(s); others: " .. table.concat(bad, ", "))
end
only_joiners(reqs, "requested_for_id", "service desk requests")
only_joiners(grants, "user_id", "access")
only_joiners(trainings, "user_id", "training")
check("eight requests, twelve grants, twelve training assignments", #reqs == 8 and #grants == 12 and #trainings == 12,
      #reqs .. " requests, " .. #grants .. " grants, " .. #trainings .. " assignments")

local prs = inserted("requisitions")
local pr = prs[1] and db.one("SELECT * FROM requisitions WHERE id = ?", prs[1].id) or {}
local lines = pr.id and db.query("SELECT l.quantity, c.sku FROM requisition_lines l LEFT JOIN purchase_catalog_items c ON c.id = l.catalog_item_id WHERE l.requisition_id = ? ORDER BY l.line_no", pr.id) or {}
local cc = db.value("SELECT code FROM cost_centers WHERE id = ?", pr.cost_center_id)
check("one requisition on Finance's cost centre, sent for approval", #prs == 1 and cc == "CC-1100" and pr.status == "pending_approval",
      #prs .. " requisition(s): " .. tostring(pr.number) .. " " .. tostring(cc) .. " " .. tostring(pr.status))
check("its one line is four catalog noise-cancelling headsets", #lines == 1 and lines[1].sku == "HW-HEAD-ANC" and lines[1].quantity == 4,
      #lines .. " line(s): " .. tostring(lines[1] and lines[1].sku) .. " x " .. tostring(lines[1] and lines[1].quantity))

C.mentions_one_of_each("the requisition says what it is for", tostring(pr.title) .. " " .. tostring(pr.justification),
                       { { "headset", "headsets", "Okafor", "new starter", "new starters", "joiner", "joiners", "new AP", "new clerks" } })

local told = {}
for _, m in ipairs(inserted("notifications")) do
  local n = db.value("SELECT user_name FROM users WHERE id = ?", m.recipient_id)
  if n ~= "frank.delgado" and n ~= "nadine.fournier" and not IS_JOINER[n] then told[#told + 1] = tostring(n) end
end
check("nobody outside the joiners, Frank and his stand-in was messaged", #told == 0, "others told: " .. table.concat(told, ", "))
C.status_is("done")
C.answer_mentions("Amara", "Mei", "Pablo")
