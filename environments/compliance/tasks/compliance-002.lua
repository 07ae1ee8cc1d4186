-- One new request, as the letter says: an erasure request by letter from Jeffrey Garcia with the reply
-- address the letter gives, received now, due in one month, identity not yet verified, no subject linked
-- and no data touched (expected_changes allows nothing else); the answer gives its number and due date.
local C = require("checks")
local made = {}
for _, d in ipairs(changes("dsr_requests")) do
  if d.op == "insert" then made[#made + 1] = d.after end
end
check("one request was logged", #made == 1, #made .. " request(s)")
local r = made[1] or {}
check("an erasure request by letter", r.request_type == "erasure" and r.channel == "letter",
      tostring(r.request_type) .. " by " .. tostring(r.channel))
check("from Jeffrey Garcia at the address the letter gives",
      r.requester_name == "Jeffrey Garcia" and tostring(r.requester_email):lower() == "jeff.garcia.home@gmx.de",
      tostring(r.requester_name) .. " <" .. tostring(r.requester_email) .. ">")
check("received today and due in one month", tostring(r.received_at):sub(1, 10) == "2026-03-02" and r.due_on == "2026-04-02",
      "received " .. tostring(r.received_at) .. ", due " .. tostring(r.due_on))
check("identity left unverified and no subject linked yet", r.identity_status == "unverified" and r.subject_id == nil and r.status == "received",
      tostring(r.identity_status) .. ", subject " .. tostring(r.subject_id) .. ", " .. tostring(r.status))
C.mentions_one_of_each("the details say what the letter asks", r.details or "", { { "delet*", "eras*" }, { "letter", "post" } })
C.status_is("done")
C.mentions("the answer gives the request number and its due date", answer.text, tostring(r.number), "2 April")
