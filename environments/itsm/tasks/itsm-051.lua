-- The monitor request is canceled with close notes giving the reason, and Kevin is told why (a
-- notification or a visible comment) before the cancel: the system lets an agent cancel silently, the
-- policy does not (ITSM-R12, observed, so the engine's no-violation check catches a cancel before the
-- message). Nobody else is told anything, and his headset request stays as it is.
local C = require("checks")
local F = require("facts")



local r = F.request("REQ0000401")
check("the monitor request is canceled", r.state == "canceled", "state " .. r.state)
C.mentions_one_of_each("the close notes give the reason", r.close_notes ~= null and r.close_notes or nil,
     { { "spare", "store room", "desk", "no longer need*", "not needed" } })

-- What Kevin was told: comments on the request and notifications to him.
local told = {}
for _, n in ipairs(F.new_notes("REQ0000401", nil, "comment")) do told[#told + 1] = n.body end
told[#told + 1] = F.notification_text(nil, "kevin.osei")
C.mentions_one_of_each("Kevin is told why his monitor request is canceled", #told > 0 and table.concat(told, "\n") or nil,
     { "monitor*", { "spare", "store room", "desk" } })
F.only_notified("nobody but Kevin was notified", { "kevin.osei" })
C.value_equals("the headset request is untouched", "in_progress", "SELECT state FROM requests WHERE number = 'REQ0000402'")
C.status_is("done")
