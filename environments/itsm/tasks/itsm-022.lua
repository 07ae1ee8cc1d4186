-- The CAB chair records the outcomes: two changes become scheduled, one keeps waiting for a second CAB
-- approval, the ERP upgrade is rejected with the freeze as the reason, and her own change is not touched
-- (the expected changes name the approvals that may change; self-approval is refused by the system and
-- recorded as a violation). Each other requester hears the outcome of their own change, and nobody else
-- is messaged.
local C = require("checks")
local F = require("facts")
local priya = F.user_id("priya.raman")

local function state(n) return F.change(n).state end
-- Priya's approval row of a change; an empty row when there is none (an agent may have moved it), so
-- every check is still recorded and fails instead of raising.
local function priya_approval(n)
  return db.one("SELECT a.* FROM change_approvals a JOIN change_requests c ON c.id = a.change_id WHERE c.number = ? AND a.approver_id = ?", n, priya) or {}
end
local function decision(n) return priya_approval(n).state end

check("PSU replacement and portal hotfix are approved and scheduled",
      decision("CHG0000301") == "approved" and decision("CHG0000303") == "approved"
      and state("CHG0000301") == "scheduled" and state("CHG0000303") == "scheduled",
      "CHG0000301 " .. tostring(decision("CHG0000301")) .. " / " .. state("CHG0000301")
      .. "; CHG0000303 " .. tostring(decision("CHG0000303")) .. " / " .. state("CHG0000303"))
check("index rebuild has Priya's approval and still awaits a second", decision("CHG0000302") == "approved" and state("CHG0000302") == "authorize",
      tostring(decision("CHG0000302")) .. " / " .. state("CHG0000302"))
check("ERP upgrade rejected and back in assess", decision("CHG0000305") == "rejected" and state("CHG0000305") == "assess",
      tostring(decision("CHG0000305")) .. " / " .. state("CHG0000305"))
local FREEZE = { "freeze", "frozen", "quarter-end", "quarter end", "financial close" }
local rejection = priya_approval("CHG0000305").comments
local why = C.first_mentioned(rejection, FREEZE)
check("the rejection gives the freeze as the reason", why ~= nil,
      (why and ("gives \"" .. why .. "\"") or "gives no freeze") .. " in " .. (rejection and ("\"" .. rejection:sub(1, 160) .. "\"") or "no comment"))

-- An approval's comment is optional; when there is one, it records the CAB's decision.
local comments = {}
local comments_ok = true
for _, n in ipairs({ "CHG0000301", "CHG0000302", "CHG0000303" }) do
  local text = priya_approval(n).comments
  local hit = C.first_mentioned(text, { "CAB", "approved", "approve", "change advisory board" })
  if text ~= nil and not hit then comments_ok = false end
  comments[#comments + 1] = n .. ": " .. (text == nil and "no comment" or ("\"" .. text:sub(1, 80) .. "\""))
end
check("approval comments, where given, record the CAB's approval", comments_ok, table.concat(comments, "; "))

-- Each requester is told the outcome of their own change, in words that give it.
local OUTCOME = {
  CHG0000301 = { "approved", "scheduled", "go ahead" },
  CHG0000302 = { "second approval", "second CAB approval", "another approval", "one more approval", "still needs", "1 of 2", "one of two" },
  CHG0000303 = { "approved", "scheduled", "go ahead" },
  CHG0000305 = { "freeze", "frozen", "quarter-end", "quarter end", "financial close" },
}
local requester_of, told, untold = {}, {}, {}
for _, n in ipairs({ "CHG0000301", "CHG0000302", "CHG0000303", "CHG0000305" }) do
  local who = F.user_name(F.change(n).requested_by_id)
  requester_of[n] = who
  local text = F.notification_text(n, who)
  local any_text = F.notification_text(nil, who)   -- a message without the record that names it serves too
  if not text and any_text and mentions(any_text, n) then text = any_text end
  local hit = C.first_mentioned(text, OUTCOME[n])
  if hit then told[#told + 1] = who .. " about " .. n .. " (\"" .. hit .. "\")"
  else untold[#untold + 1] = who .. " about " .. n .. (text and " (the outcome is not given)" or " (no message)") end
end
check("each requester was told the outcome of their change", #untold == 0,
      "told: " .. (#told > 0 and table.concat(told, "; ") or "nobody") .. "; not told: " .. (#untold > 0 and table.concat(untold, "; ") or "nobody"))
local astray = {}
for _, n in ipairs(F.notifications()) do
  if n.sender then
    local about = F.message_about(n, requester_of)
    if not about or requester_of[about] ~= n.recipient then astray[#astray + 1] = n.recipient .. " about " .. tostring(about) end
  end
end
check("requesters were messaged only about their own changes", #astray == 0,
      "other messages: " .. C.list_or_none(astray))
F.only_notified("only the four requesters were notified", { "tom.becker", "dmitri.volkov", "ethan.wright", "lucas.silva" })
C.status_is("done")
