-- A P2 monitoring alert opened at 08:36 has a 30-minute response target (09:06). The DBA on-call primary
-- must be paged (a page, as Maria asks, on INC0002001, saying what the alert is) and own the ticket, and work must start
-- before the target: the response timer stops in time (the sla_due event marks it breached otherwise).
-- The page is the one message sent.
local C = require("checks")
local F = require("facts")


local inc = F.incident("INC0002001")
local primary = F.on_call("Database Administration", "primary", "2026-03-02T09:00:00Z")
local primary_name = tostring(F.user_name(primary))
check("the ticket is with the DBA on-call primary " .. primary_name, inc.assigned_to_id == primary,
      "assigned to " .. tostring(F.user_name(inc.assigned_to_id)))
check("work has started", inc.state == "in_progress", "state " .. inc.state)
C.row_exists("work started before the response target ran out",
             [[SELECT 1 FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
               WHERE t.incident_id = ? AND d.kind = 'response' AND t.stage = 'completed' AND t.stopped_at <= t.due_at]], inc.id)

local pages, others = {}, {}
for _, n in ipairs(F.notifications()) do
  if n.sender then
    local text = n.subject .. "\n" .. n.body
    local item = n.recipient .. " (" .. n.channel .. ")"
    local about = n.record_number == "INC0002001"
      or ((n.record_number == nil or n.record_number == null) and mentions(text, "INC0002001"))
    if n.recipient_id == primary and n.channel == "page" and about
        and (mentions(text, "replication") or mentions(text, "data warehouse") or mentions(text, "lag")) then
      pages[#pages + 1] = item
    else
      others[#others + 1] = item
    end
  end
end
check("the on-call primary " .. primary_name .. " was paged about the replication alert", #pages > 0 and #others == 0,
      "pages about the alert to the primary: " .. C.list_or_none(pages) .. "; other messages: " .. C.list_or_none(others))
C.status_is("done")
