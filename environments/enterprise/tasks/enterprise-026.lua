-- The fake Greenleaf bank change rejected on the callback to the number of record (the verified account
-- stays), its Swift Freight twin found and named, a phishing incident about both, and AP warned.
local C = require("checks")
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local g = db.one("SELECT * FROM suppliers WHERE number = 'SUP0000017'")
local fake = db.one("SELECT * FROM supplier_bank_accounts WHERE supplier_id = ? AND account_masked = '****7781' ORDER BY id DESC LIMIT 1", g.id)
check("the Greenleaf bank change from the phishing email was rejected", fake ~= nil and fake.status == "rejected",
      fake and fake.status or "not found")
C.mentions_one_of_each("the rejection records what the callback found", fake and fake.callback_notes,
                       { { "Carla*", "never", "not changed", "no change", "phishing", "fake", "fraud*" } })
local twin = db.one([[SELECT * FROM ap_inbox_documents WHERE sender = 'remittance@swiftfreight-payments.com' ORDER BY id DESC LIMIT 1]])
local inc
for _, d in ipairs(changes("incidents")) do
  if d.op == "insert" then inc = db.one("SELECT * FROM incidents WHERE id = ?", type(d.key) == "table" and d.key.id or d.key) end
end
check("the incident is an email incident affecting Accounts Payable (impact 2), not one that can wait",
      inc ~= nil and inc.category == "email" and inc.impact == 2 and inc.urgency <= 2,
      inc and json.encode({ category = inc.category, impact = inc.impact, urgency = inc.urgency }) or "no incident")
local itext = inc and (inc.short_description .. " " .. (inc.description or "")) or nil
C.mentions_one_of_each("IT security has a phishing incident about both emails", itext,
                       { { "phish*", "fake", "fraud*", "spoof*" }, { "greenleaf-telecoms", "Greenleaf" }, { "swiftfreight-payments", "Swift" } })
local parts = {}
for _, who in ipairs({ "jorge.salas", "wendy.tran" }) do
  local t = {}
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", uid(who), me)) do
    t[#t + 1] = n.subject .. " " .. n.body
  end
  parts[who] = #t > 0 and table.concat(t, " ") or nil
end
for _, who in ipairs({ "jorge.salas", "wendy.tran" }) do
  C.mentions_one_of_each(who .. " was warned about both emails", parts[who],
                         { { "greenleaf-telecoms", "Greenleaf" }, { "swiftfreight-payments", "Swift", twin.number } })
end
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if n.user_name ~= "jorge.salas" and n.user_name ~= "wendy.tran" and n.user_name ~= "victor.lang" and n.user_name ~= "yolanda.pryce" then
    stray[#stray + 1] = n.user_name
  end
end
check("only AP (and IT security) were messaged", #stray == 0, "also: " .. C.list_or_none(stray))
C.status_is("done")
