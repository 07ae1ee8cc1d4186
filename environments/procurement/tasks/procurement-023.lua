-- Hannah approves the five spring-campaign requisitions in order and rejects both halves of the launch
-- video (a split purchase, PROC-R11) with a reason that says so; nothing else is decided.
local C = require("checks")

local hannah = db.value("SELECT id FROM users WHERE user_name = 'hannah.weiss'")
local frank = db.value("SELECT id FROM users WHERE user_name = 'frank.delgado'")
local batch = db.query("SELECT * FROM requisitions WHERE title LIKE 'Spring campaign:%' ORDER BY id")
local function step(r, n)
  return db.one("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND step = ? ORDER BY id DESC LIMIT 1",
                r.id, n) or {}
end
local keys, approved, rejected = {}, 0, 0
for _, r in ipairs(batch) do
  local s1 = step(r, 1)
  if r.title:find("product launch video", 1, true) then
    local why = s1.comment or ""
    local ok = r.status == "rejected" and s1.status == "rejected" and s1.acted_by_id == hannah
      and (mentions(why, "split*") or mentions(why, "one requisition") or mentions(why, "single requisition") or mentions(why, "one purchase"))
    if ok then rejected = rejected + 1 end
    check(r.title:gsub("^Spring campaign: ", "") .. ": rejected as a split purchase", ok,
          r.number .. " is " .. r.status .. ", step 1 " .. tostring(s1.status) .. ", comment " .. tostring(s1.comment))
    keys[#keys + 1] = { id = r.id }
  else
    local ok
    if r.total_cents > 500000 then
      local s2 = step(r, 2)
      ok = s1.status == "approved" and s1.acted_by_id == hannah and r.status == "pending_approval" and s2.status == "pending" and s2.approver_id == frank
    else
      ok = s1.status == "approved" and s1.acted_by_id == hannah and r.status == "approved"
      keys[#keys + 1] = { id = r.id }
    end
    if ok then approved = approved + 1 end
    check(r.title:gsub("^Spring campaign: ", "") .. ": approved by Hannah", ok, r.number .. " is " .. r.status .. ", step 1 " .. tostring(s1.status))
  end
end
check("five approved and two rejected", approved == 5 and rejected == 2, approved .. " approved, " .. rejected .. " rejected")
C.only_rows("only the spring-campaign requisitions were decided", "requisitions", "update", keys)
local strays = {}
for _, d in ipairs(changes("procurement_approvals")) do
  if d.op == "update" and d.after.status ~= nil then
    for _, col in ipairs({ "requested_at", "due_at", "approver_id", "amount_cents", "step", "escalated_to_id" }) do
      if d.after[col] ~= nil then strays[#strays + 1] = "row " .. tostring(d.key.id or d.key) .. " " .. col end
    end
  end
end
check("decided steps changed only in their decision", #strays == 0, #strays == 0 and "none" or table.concat(strays, ", "))
C.status_is("done")
