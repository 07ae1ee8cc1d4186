-- Hannah's hand-over: one SourceRight delegation to Priya Nair covering 3 March to her return on the 16th (not
-- to Daniel Brooks, whose open Offboarding makes him a leaver: ENT-R05, which the engine's violation check
-- also names); her four service desk requests decided (local admin rights rejected with the reason, the rest
-- approved); her four CRM export review items decided as she said.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local hannah, priya, daniel = uid("hannah.weiss"), uid("priya.nair"), uid("daniel.brooks")

local dels = {}
for _, d in ipairs(diff) do if d.table == "approval_delegations" and d.op == "insert" then dels[#dels + 1] = d.after end end
local d = dels[1] or {}
check("one delegation was made", #dels == 1, #dels .. " delegation(s)")
check("Hannah's approvals go to Priya Nair, not Daniel Brooks", d.delegator_id == hannah and d.delegate_id == priya,
      "delegator " .. tostring(d.delegator_id) .. ", delegate " .. tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.delegate_id)))
check("it covers her absence: from tomorrow morning until her return on 16 March",
      d.starts_at ~= nil and d.starts_at >= "2026-03-02T09:00:00Z" and d.starts_at <= "2026-03-03T09:00:00Z"
        and d.ends_at ~= nil and d.ends_at >= "2026-03-15T00:00:00Z" and d.ends_at <= "2026-03-16T12:00:00Z",
      tostring(d.starts_at) .. " - " .. tostring(d.ends_at))

local function req(item, who)
  return db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                  WHERE c.name = ? AND r.requested_for_id = ? AND r.approver_id = ?]], item, uid(who), hannah) or {}
end
local keys = {}
for _, x in ipairs({ { "CRM Access", "priya.nair" }, { "Mobile Phone", "yusuf.demir" }, { "Software Install: Tableau", "nora.lindgren" } }) do
  local r = req(x[1], x[2])
  keys[#keys + 1] = { id = r.id or 0 }
  check(x[1] .. " for " .. x[2] .. " approved (and left open for fulfilment)", r.state == "approved" and r.closed_at == nil and r.close_notes == nil,
        tostring(r.number) .. " " .. tostring(r.state) .. ", closed_at " .. tostring(r.closed_at))
end
local admin = req("Admin Rights on Laptop", "felipe.santos")
keys[#keys + 1] = { id = admin.id or 0 }
check("Felipe's local admin rights rejected", admin.state == "rejected", tostring(admin.number) .. " " .. tostring(admin.state))
C.mentions_one_of_each("the rejection says why", admin.close_notes, { { "admin", "administrator" }, { "Sales", "never", "not given", "policy", "not allowed" } })
C.only_rows("only her four waiting requests were decided", "requests", "update", keys)

local function item(who)
  return db.one([[SELECT i.* FROM access_review_items i JOIN access_review_campaigns c ON c.id = i.campaign_id
                  WHERE c.title = 'CRM bulk export access review, March 2026' AND i.user_id = ?]], uid(who)) or {}
end
local ikeys = {}
for _, x in ipairs({ { "nora.lindgren", "keep" }, { "felipe.santos", "keep" }, { "yusuf.demir", "revoke" }, { "clara.novak", "revoke" } }) do
  local i = item(x[1])
  ikeys[#ikeys + 1] = { id = i.id or 0 }
  check(x[1] .. ": " .. x[2], i.decision == x[2] and i.decided_by_id == hannah, tostring(i.number) .. " " .. tostring(i.decision))
  if x[2] == "revoke" then
    C.mentions_one_of_each(x[1] .. ": the removal says why", i.comment, { { "no longer", "not needed", "doesn t need", "does not need", "not required", "unneeded" } })
  end
end
C.only_rows("only her four review items were decided", "access_review_items", "update", ikeys)

local others = {}
local allowed = { [hannah] = true, [priya] = true, [uid("nora.lindgren")] = true, [uid("felipe.santos")] = true, [uid("yusuf.demir")] = true }
for _, x in ipairs(changes("notifications")) do
  if x.op == "insert" and not allowed[x.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", x.after.recipient_id))
  end
end
check("nobody else was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
C.mentions_one_of_each("the answer says why Daniel was passed over", answer.text, { { "Daniel" }, { "leav*", "leaver", "offboard*", "resign*" } })
