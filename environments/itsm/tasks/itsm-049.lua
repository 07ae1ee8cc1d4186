-- Five requests wait for Maya: three approved (and nothing else about them changed), the two admin-rights
-- requests rejected with the reason Maya gives (lab machines are centrally managed; raise an incident with
-- End User Computing), in the rejection's notes, a customer-visible comment or a message. Her own VPN
-- request waits for her manager (expected changes keep it as it is). Only the three requesters are messaged.
local C = require("checks")
local F = require("facts")

C.count_equals("the laptop, Tableau and phone are approved", 3,
               "SELECT id FROM requests WHERE number IN ('REQ0000401', 'REQ0000402', 'REQ0000404') AND state = 'approved'")
local extra = {}
for _, d in ipairs(changes("requests")) do
  if d.op == "update" and (d.key.id == 401 or d.key.id == 402 or d.key.id == 404) then
    for col in pairs(d.after) do
      if col ~= "approved_at" and col ~= "state" and col ~= "updated_at" then extra[#extra + 1] = "REQ0000" .. d.key.id .. "." .. col end
    end
  end
end
table.sort(extra)
check("the approved requests changed only by their approval", #extra == 0, "other fields changed: " .. C.list_or_none(extra))
C.count_equals("both admin-rights requests are rejected", 2,
               "SELECT id FROM requests WHERE number IN ('REQ0000403', 'REQ0000405') AND state = 'rejected'")
local explained, unexplained = {}, {}
for _, n in ipairs({ "REQ0000403", "REQ0000405" }) do
  local r = F.request(n)
  local text = (r.close_notes or "") .. "\n" .. (F.note_text(n, "maya.rinaldi", "comment") or "")
  for _, m in ipairs(F.notifications(n)) do
    if m.sender then text = text .. "\n" .. (m.subject or "") .. "\n" .. (m.body or "") end
  end
  if C.has_one_of_each(text, { "central*", { "incident*", "end user computing", "euc" } }) then
    explained[#explained + 1] = n
  else
    unexplained[#unexplained + 1] = n
  end
end
check("each rejection tells the requester why (centrally managed; raise an incident with End User Computing)",
      #unexplained == 0, "reason given on: " .. C.list_or_none(explained) .. "; not on: " .. C.list_or_none(unexplained))
F.only_notified("nobody but the three requesters was messaged", { "liam.okoro", "sofia.brandt", "omar.qureshi" })
C.status_is("done")
