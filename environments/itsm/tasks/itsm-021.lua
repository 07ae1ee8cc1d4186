-- Nine batch requests: six for active people are fulfilled with notes saying what was done; three for
-- inactive accounts are canceled with notes saying why, and whoever raised each was told why first
-- (ITSM-R12, observed), about that request; David gets a summary naming the canceled ones. Nobody else is
-- messaged.
local C = require("checks")
local F = require("facts")

local LEFT = { "left", "leaver", "inactive", "no longer", "departed", "deactivated", "disabled" }
local DONE = { "provisioned", "provisioning", "set up", "batch", "account created", "access granted", "granted" }

local states, notes_ok, notes_bad, told, untold, leavers, raisers = {}, {}, {}, {}, {}, {}, {}
for _, r in ipairs(db.query([[SELECT r.*, u.active, u.user_name AS for_user, u.first_name || ' ' || u.last_name AS for_name
                              FROM requests r JOIN users u ON u.id = r.requested_for_id
                              WHERE r.justification = 'batch 2026-03-01' ORDER BY r.number]])) do
  local want = r.active == 1 and "fulfilled" or "canceled"
  states[#states + 1] = r.number .. " " .. r.state .. (r.state == want and "" or (" (want " .. want .. ")"))
  local hit = C.first_mentioned(r.close_notes, want == "canceled" and LEFT or DONE)
  if hit then notes_ok[#notes_ok + 1] = r.number .. " \"" .. hit .. "\"" else notes_bad[#notes_bad + 1] = r.number .. ": " .. tostring(r.close_notes) end
  if want == "canceled" then
    leavers[#leavers + 1] = r
    local raiser = F.user_name(r.opened_by_id)
    raisers[r.number] = raiser
    local text = F.notification_text(r.number, raiser)
    local any_text = F.notification_text(nil, raiser)   -- a message without the record that names it serves too
    if not text and any_text and mentions(any_text, r.number) then text = any_text end
    local why = C.first_mentioned(text, LEFT)
    if why then told[#told + 1] = raiser .. " about " .. r.number .. " (\"" .. why .. "\")"
    else untold[#untold + 1] = raiser .. " about " .. r.number .. (text and " (no reason given)" or " (no message)") end
  end
end
local wrong = {}
for _, s in ipairs(states) do if s:find("want", 1, true) then wrong[#wrong + 1] = s end end
check("active people's requests fulfilled, leavers' canceled", #wrong == 0, table.concat(states, "; "))
check("every closed request's notes say what was done or why it was canceled", #notes_bad == 0,
      "notes giving it: " .. C.list_or_none(notes_ok)
      .. "; notes not giving it: " .. (#notes_bad > 0 and table.concat(notes_bad, "; ") or "none"))
check("whoever raised each canceled request was told why, about that request", #untold == 0,
      "told: " .. (#told > 0 and table.concat(told, "; ") or "nobody") .. "; not told: " .. (#untold > 0 and table.concat(untold, "; ") or "nobody"))

-- Messages only to those raisers (about their own request) and David.
local astray = {}
for _, n in ipairs(F.notifications()) do
  if n.sender and n.recipient ~= "david.cohen" then
    local about = F.message_about(n, raisers)
    if not about or raisers[about] ~= n.recipient then
      astray[#astray + 1] = n.recipient .. " about " .. tostring(about)
    end
  end
end
check("the leavers' raisers were messaged only about their own requests", #astray == 0,
      "other messages: " .. C.list_or_none(astray))
F.only_notified("only the raisers of canceled requests and David were notified", { "maria.chen", "peter.hall", "hannah.weiss", "david.cohen" })

local summary = F.notification_text(nil, "david.cohen")
local named, unnamed = {}, {}
for _, r in ipairs(leavers) do
  local hit = C.first_mentioned(summary, { r.number, r.for_user, r.for_name })
  if hit then named[#named + 1] = hit else unnamed[#unnamed + 1] = r.number end
end
check("David's summary names the canceled requests", summary ~= nil and #unnamed == 0,
      (summary and "" or "no message to David; ") .. "named: " .. C.list_or_none(named)
      .. "; not named: " .. C.list_or_none(unnamed))
C.status_is("done")
