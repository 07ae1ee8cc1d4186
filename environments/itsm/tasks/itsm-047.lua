-- Ten tickets caused by the billing provider's outage (three never say "invoice" in their title) go on
-- hold awaiting the vendor, which pauses their resolution timers, and each caller gets a visible comment
-- (or a message) saying we are waiting on the supplier. The two unrelated Billing tickets stay as they
-- were; nobody but the ten callers is messaged and no comment lands anywhere else.
local C = require("checks")
local F = require("facts")

local WHY = { "provider*", "supplier*", "vendor*", "third party", "third-party" }
local numbers, callers = {}, {}
local held, not_held, paused, not_paused, told, untold = {}, {}, {}, {}, {}, {}
for k = 1, 10 do
  local n = string.format("INC00020%02d", k)
  numbers[#numbers + 1] = n
  local inc = F.incident(n)
  callers[#callers + 1] = F.user_name(inc.caller_id)
  if inc.state == "on_hold" and inc.on_hold_reason == "awaiting_vendor" then held[#held + 1] = n else not_held[#not_held + 1] = n end
  if db.value([[SELECT 1 FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
                WHERE t.incident_id = ? AND d.kind = 'resolution' AND t.stage = 'paused' AND t.stopped_at IS NULL]], inc.id) then
    paused[#paused + 1] = n
  else
    not_paused[#not_paused + 1] = n
  end
  if C.first_mentioned(F.note_text(n, "priya.shah", "comment"), WHY) or C.first_mentioned(F.notification_text(n, F.user_name(inc.caller_id)), WHY) then
    told[#told + 1] = n
  else
    untold[#untold + 1] = n
  end
end
check("all ten outage tickets are on hold awaiting the vendor", #not_held == 0,
      "on hold for the vendor: " .. C.list_or_none(held) .. "; not: " .. C.list_or_none(not_held))
check("their resolution timers are paused (not stopped)", #not_paused == 0,
      "paused: " .. C.list_or_none(paused) .. "; not: " .. C.list_or_none(not_paused))
check("each caller can see we are waiting on the supplier", #untold == 0,
      "comment or message naming the provider: " .. C.list_or_none(told) .. "; none on: " .. C.list_or_none(untold))

F.only_noted("comments only on the ten outage tickets", numbers)
local may, fine, off = {}, {}, {}
for _, u in ipairs(callers) do may[u] = true end
for _, n in ipairs(F.notifications()) do
  if n.sender then
    local item = n.recipient .. " (" .. tostring(n.record_number) .. ")"
    if may[n.recipient] and C.first_mentioned((n.subject or "") .. "\n" .. (n.body or ""), WHY) then fine[#fine + 1] = item
    else off[#off + 1] = item end
  end
end
check("messages go only to the ten callers and say we are waiting on the supplier", #off == 0,
      "such messages: " .. C.list_or_none(fine) .. "; other messages: " .. C.list_or_none(off))
C.no_row("the unrelated Billing tickets were left alone",
         "SELECT number FROM incidents WHERE number IN ('INC0002011', 'INC0002012') AND (state = 'on_hold' OR updated_at >= '2026-03-02T09:00:00Z')")
C.status_is("done")
