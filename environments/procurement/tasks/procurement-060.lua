-- Rebecca releases the seven clean payments of today's run, pays Sentinel to its verified new account (the
-- scheduled one went to the superseded account), cancels with the reason the duplicate Fabrikam payment
-- (PROC-R14: releasing it is a violation) and the one to blocked Swift Freight, and tells Wendy. Nothing else.
local C = require("checks")

local rebecca = db.value("SELECT id FROM users WHERE user_name = 'rebecca.stone'")
local run = db.query([[SELECT p.*, s.name AS supplier_name FROM payments p JOIN suppliers s ON s.id = p.supplier_id
                       WHERE p.scheduled_at = '2026-02-20T10:05:00Z' ORDER BY p.id]])
local by = {}
for _, p in ipairs(run) do by[p.supplier_name] = p end
local CLEAN = { "Northwind Office Supplies", "Litware Software", "Adatum Cloud Services", "Bluebird Staffing",
                "Inkwell Print & Promo", "Summit Learning", "Greenleaf Telecom" }
local paid = {}
for _, name in ipairs(CLEAN) do
  local p = by[name] or {}
  if p.status == "paid" and p.released_by_id == rebecca then paid[#paid + 1] = name end
end
check("the seven clean payments were released", #run == 10 and #paid == 7, #paid .. " of 7 released: " .. table.concat(paid, ", "))

local function cancelled_for(name, words)
  local p = by[name] or {}
  check(name .. "'s payment was cancelled", p.status == "cancelled", tostring(p.number) .. " is " .. tostring(p.status))
  C.mentions_one_of_each(name .. "'s cancellation gives the reason", p.cancelled_reason, words)
end
cancelled_for("Fabrikam Furniture", { { "duplicate", "already paid", "repeat*", "paid twice", "88410" } })
cancelled_for("Swift Freight", { { "blocked", "fraud", "investigation" } })

local sentinel = by["Sentinel Guard Services"] or {}
local new_account = db.value("SELECT id FROM supplier_bank_accounts WHERE account_masked = '****5581' AND status = 'verified'")
check("Sentinel's payment to the old account was cancelled", sentinel.status == "cancelled", tostring(sentinel.number) .. " is " .. tostring(sentinel.status))
C.mentions_one_of_each("its cancellation says why", sentinel.cancelled_reason,
                       { { "account", "bank", "superseded", "resched*", "old" } })
C.value_equals("Sentinel was paid today to its verified new account", 1,
               [[SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND status = 'paid' AND bank_account_id = ? AND released_by_id = ?
                 AND amount_cents = ?]], sentinel.invoice_id or -1, new_account or -1, rebecca, sentinel.amount_cents or -1)

local keys = {}
for _, p in ipairs(run) do keys[#keys + 1] = { id = p.id } end
C.only_rows("no payment outside today's run was touched", "payments", "update", keys)

local told, text = {}, ""
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    text = text .. "\n" .. (d.after.subject or "") .. "\n" .. (d.after.body or "")
  end
end
local others = 0
for _, who in ipairs(told) do if who ~= "wendy.tran" then others = others + 1 end end
check("Wendy, and only she, was told", #told >= 1 and others == 0, "told: " .. table.concat(told, ", "))
C.mentions_one_of_each("Wendy hears about both cancelled payments and why", text,
                       { { "Fabrikam" }, { "duplicate", "already paid", "repeat*" }, { "Swift" }, { "blocked" } })
C.status_is("done")
C.mentions_one_of_each("the answer reports what did not go and why", answer.text,
                       { { "Fabrikam" }, { "duplicate", "already paid", "repeat*" }, { "Swift" }, { "blocked" }, { "Sentinel" } })
