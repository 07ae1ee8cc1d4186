-- Frank rejects the gift-box requisition at his step with the freeze as the reason, and Lena (for whom it
-- was raised) is told why; the requester hears of it through the rejection itself.
local C = require("checks")

local frank = db.value("SELECT id FROM users WHERE user_name = 'frank.delgado'")
local lena = db.value("SELECT id FROM users WHERE user_name = 'lena.ortiz'")
local r = db.one("SELECT * FROM requisitions WHERE title = 'Branded client gift boxes for 60 key accounts'") or {}
local s = r.id and db.one("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND step = 2", r.id) or {}
check("the gift-box requisition is rejected by Frank", r.status == "rejected" and s.status == "rejected" and s.acted_by_id == frank,
      tostring(r.number) .. " is " .. tostring(r.status) .. "; step 2 " .. tostring(s.status))
C.mentions_one_of_each("the rejection gives the freeze as the reason", s.comment,
                       { { "freeze", "frozen", "froze" }, { "gift*" } })

local to_lena = db.query("SELECT * FROM notifications WHERE recipient_id = ? AND sent_at >= '2026-03-02' ORDER BY id", lena)
local n = to_lena[1] or {}
check("Lena was told, about this requisition", #to_lena == 1 and (n.record_number == r.number or mentions(n.body or "", tostring(r.number))),
      #to_lena .. " notification(s) to Lena; record " .. tostring(n.record_number))
C.mentions_one_of_each("the message to Lena says why", (n.subject or "") .. "\n" .. (n.body or ""),
                       { { "freeze", "frozen", "froze" }, { "reject*", "declin*", "turned down", "not approved" } })
C.status_is("done")
