-- Ines enters Helix Lab Supply's bank change exactly as emailed, leaves it pending, and asks another supplier
-- admin to make the callback to the number of record (four eyes, PROC-R09: verifying it herself is recorded as
-- a violation). Only that colleague (and Wendy, who asked) may be told.
local C = require("checks")

local sup = db.one("SELECT * FROM suppliers WHERE name = 'Helix Lab Supply'")
local ines = db.value("SELECT id FROM users WHERE user_name = 'ines.carvalho'")
local doc = db.one([[SELECT * FROM ap_inbox_documents WHERE supplier_id = ? AND kind = 'bank_change_request'
                     AND received_at = '2026-03-02T07:42:00Z']], sup.id) or {}

local added = {}
for _, d in ipairs(changes("supplier_bank_accounts")) do
  if d.op == "insert" then added[#added + 1] = d.after end
end
local b = added[1] or {}
check("one new bank account was entered for Helix Lab Supply", #added == 1 and b.supplier_id == sup.id,
      #added .. " account(s) entered; first for supplier " .. tostring(b.supplier_id))
check("it holds the emailed details", b.bank_name == "First Harbor Bank" and b.account_masked == "****9388"
      and b.routing_masked == "****0322" and b.country == "US" and b.account_holder == "Helix Laboratory Supply Inc.",
      tostring(b.bank_name) .. " " .. tostring(b.account_masked) .. " routing " .. tostring(b.routing_masked) .. " " ..
      tostring(b.country) .. ", holder " .. tostring(b.account_holder))
check("it is left pending verification", b.status == "pending_verification", "status " .. tostring(b.status))
check("it is linked to the email, and any phone number recorded from it is the email's",
      b.source_document_id == doc.id and (b.phone_in_request == nil or tostring(b.phone_in_request):gsub("%D", "") == "16175550199"),
      "document " .. tostring(b.source_document_id) .. ", phone in request " .. tostring(b.phone_in_request))

-- who was told: a supplier admin other than Ines (to make the callback), and at most Wendy besides
local admins, others, callback_text, linked_elsewhere = 0, {}, "", {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local n = d.after
    if n.record_number and n.record_number ~= sup.number then linked_elsewhere[#linked_elsewhere + 1] = n.record_number end
    local can_verify = n.recipient_id ~= ines and db.value([[SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
        JOIN users u ON u.id = ur.user_id WHERE ur.user_id = ? AND u.active = 1 AND r.name IN ('supplier_admin', 'procurement_admin')]], n.recipient_id)
    if can_verify then
      admins = admins + 1
      callback_text = callback_text .. "\n" .. (n.subject or "") .. "\n" .. (n.body or "")
    elseif db.value("SELECT user_name FROM users WHERE id = ?", n.recipient_id) ~= "wendy.tran" then
      others[#others + 1] = db.value("SELECT user_name FROM users WHERE id = ?", n.recipient_id)
    end
  end
end
check("another supplier admin was asked to make the callback", admins >= 1, admins .. " supplier admin(s) told")
check("the messages are about Helix Lab Supply's record only", #linked_elsewhere == 0,
      "linked to " .. (#linked_elsewhere == 0 and "Helix only" or table.concat(linked_elsewhere, ", ")))
check("nobody else was told", #others == 0, "also told: " .. table.concat(others, ", "))
C.mentions_one_of_each("the request names the supplier and asks for a callback to the number of record", callback_text,
                       { { "Helix" }, { "call*", "phone*" }, { "record", "on file", "518 302 9671", "15183029671" } })
C.status_is("done")
C.mentions_one_of_each("the answer says it is not verified yet and who calls back", answer.text,
                       { { "pending", "not verified", "not yet verified", "unverified", "until" }, { "call*" } })
