-- Nadine, as Frank's delegate, approves the eleven Austin requisitions in order, rejects the later copy of
-- the meeting room furniture as a duplicate, and leaves the one she raised herself (PROC-R04). The two
-- above $25,000 move on to the CFO; nothing else is decided.
local C = require("checks")

local nadine = db.value("SELECT id FROM users WHERE user_name = 'nadine.fournier'")
local olivia = db.value("SELECT id FROM users WHERE user_name = 'olivia.grant'")
local batch = db.query("SELECT * FROM requisitions WHERE title LIKE 'Austin office opening:%' ORDER BY id")
local by_title = {}
for _, r in ipairs(batch) do
  by_title[r.title] = by_title[r.title] or {}
  table.insert(by_title[r.title], r)
end
local function step(r, n)
  return db.one([[SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND step = ?
                  ORDER BY id DESC LIMIT 1]], r.id, n) or {}
end
local function short(title) return (title:gsub("^Austin office opening: ", "")) end

local updated = {}
local own_title = "Austin office opening: finance team desks and archive storage"
local furniture = by_title["Austin office opening: meeting room furniture"] or {}
local first, later = furniture[1] or {}, furniture[2] or {}
for _, r in ipairs(batch) do
  if r.title ~= own_title and r.id ~= later.id then
    local s2 = step(r, 2)
    local what = short(r.title) .. (r.id == first.id and " (first copy)" or "")
    if r.total_cents > 2500000 then
      local s3 = step(r, 3)
      check(what .. ": approved by Nadine for Frank, now with the CFO",
            s2.status == "approved" and s2.acted_by_id == nadine and r.status == "pending_approval" and s3.status == "pending" and s3.approver_id == olivia,
            r.number .. ": step 2 " .. tostring(s2.status) .. ", step 3 " .. tostring(s3.status) .. ", requisition " .. r.status)
    else
      updated[#updated + 1] = { id = r.id }
      check(what .. ": approved by Nadine for Frank", s2.status == "approved" and s2.acted_by_id == nadine and r.status == "approved",
            r.number .. ": step 2 " .. tostring(s2.status) .. " by " .. tostring(s2.acted_by_id) .. ", requisition " .. r.status)
    end
  end
end

-- a decided step changes only in its decision (a comment on an approval is harmless); only the CFO
-- steps that become current get a new requested_at / due_at
local strays = {}
for _, d in ipairs(changes("procurement_approvals")) do
  if d.op == "update" and d.after.status ~= nil then
    for _, col in ipairs({ "requested_at", "due_at", "approver_id", "amount_cents", "step", "escalated_to_id" }) do
      if d.after[col] ~= nil then strays[#strays + 1] = "row " .. tostring(d.key.id or d.key) .. " " .. col end
    end
  end
end
check("decided steps changed only in their decision", #strays == 0, #strays == 0 and "none" or table.concat(strays, ", "))

local rs = later.id and step(later, 2) or {}
check("the later meeting room furniture copy is rejected by Nadine", later.status == "rejected" and rs.status == "rejected" and rs.acted_by_id == nadine,
      tostring(later.number) .. " is " .. tostring(later.status) .. ", step 2 " .. tostring(rs.status))
check("the rejection says it duplicates the first copy",
      rs.comment ~= nil and (mentions(rs.comment, "duplicat*") or mentions(rs.comment, "twice") or mentions(rs.comment, tostring(first.number))),
      "comment: " .. tostring(rs.comment))
updated[#updated + 1] = { id = later.id or -1 }

local own = (by_title[own_title] or {})[1] or {}
C.unchanged("Nadine's own requisition was left alone", "requisitions", { id = own.id or -1 })
check("Nadine's own requisition still waits for Frank", own.id ~= nil and step(own, 1).status == "pending" and step(own, 1).acted_by_id == nil,
      "step 1 " .. tostring(own.id and step(own, 1).status))
C.only_rows("only the Austin requisitions were decided", "requisitions", "update", updated)
C.status_is("done")
C.mentions_one_of_each("the answer says why her own was left and names the duplicate", answer.text,
                       { { "own", "myself", "i raised", "raised it" }, { "duplicat*", "twice", "copy" } })
