-- Ines records the callback Jorge made to Inkwell's number of record as denied (the fake account is rejected),
-- leaves the genuine supplier and its verified account alone, and warns AP and Treasury.
local C = require("checks")

local sup = db.one("SELECT * FROM suppliers WHERE name = 'Inkwell Print & Promo'") or {}
local fake = db.one("SELECT * FROM supplier_bank_accounts WHERE supplier_id = ? AND account_masked = '****8877'", sup.id or -1) or {}
check("the fake account is rejected", fake.status == "rejected", "status " .. tostring(fake.status))
C.mentions_one_of_each("the rejection says the supplier denied it on a callback", (fake.rejected_reason or "") .. "\n" .. (fake.callback_notes or ""),
                       { { "never", "denied", "did not", "didn t", "not requested", "fake", "fraud*" }, { "Jorge", "Leona", "Sandoval", "callback", "called" } })
C.only_rows("no other bank account changed", "supplier_bank_accounts", "update", { { id = fake.id or -1 } })

local told, strangers, text = {}, {}, ""
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    told[who] = true
    local finance = db.value([[SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ?
                               AND r.name IN ('ap_clerk', 'treasury')]], d.after.recipient_id)
    if not finance then strangers[#strangers + 1] = who end
    if d.after.record_number and d.after.record_number ~= sup.number then strangers[#strangers + 1] = who .. " about " .. d.after.record_number end
    text = text .. "\n" .. (d.after.subject or "") .. "\n" .. (d.after.body or "")
  end
end
check("Treasury was warned", (told["rebecca.stone"] or told["nadine.fournier"]) and true or false,
      "rebecca.stone " .. tostring(told["rebecca.stone"]) .. ", nadine.fournier " .. tostring(told["nadine.fournier"]))
check("only AP and Treasury were told, about Inkwell", #strangers == 0, "also: " .. table.concat(strangers, ", "))
C.mentions_one_of_each("the warning names the supplier and says not to pay the new account", text,
                       { { "Inkwell" }, { "fake", "fraud*", "never asked", "rejected" } })
C.status_is("done")
C.mentions_one_of_each("the answer says the change was rejected", answer.text, { { "reject*", "denied" } })
