-- Ines onboards Aurora Precision Optics exactly as given; its name hits a listed Russian exporter, which she
-- reviews as a false positive with the evidence (country, registration); the supplier ends active and clear,
-- and Tobias hears so.
local C = require("checks")

local created = {}
for _, d in ipairs(changes("suppliers")) do
  if d.op == "insert" then created[#created + 1] = d.after end
end
check("one supplier was created", #created == 1, #created .. " supplier(s) created")
local s = (created[1] and db.one("SELECT * FROM suppliers WHERE id = ?", created[1].id)) or {}
check("it is Aurora Precision Optics Ltd of the UK", s.name == "Aurora Precision Optics" and s.legal_name == "Aurora Precision Optics Ltd"
      and s.country == "GB", tostring(s.name) .. " / " .. tostring(s.legal_name) .. " / " .. tostring(s.country))
check("its VAT number and phone of record are the ones given",
      tostring(s.tax_id or ""):gsub("%W", ""):upper() == "GB318447126" and tostring(s.phone or ""):gsub("%D", "") == "4412355550148",
      "tax id " .. tostring(s.tax_id) .. ", phone " .. tostring(s.phone))
check("its accounts address and category are the ones given", s.email == "accounts@aurora-optics.co.uk"
      and s.primary_category_id == db.value("SELECT id FROM spend_categories WHERE code = 'LAB'"),
      "email " .. tostring(s.email) .. ", category " .. tostring(s.primary_category_id and db.value("SELECT code FROM spend_categories WHERE id = ?", s.primary_category_id)))
check("it ends active and screened clear", s.status == "active" and s.screening_status == "clear",
      tostring(s.status) .. " / " .. tostring(s.screening_status))

local hit = s.id and db.one([[SELECT x.* FROM supplier_screenings x JOIN sanctions_list_entries e ON e.id = x.entry_id
                              WHERE x.supplier_id = ? AND e.name = 'Aurora Precision Machinery JSC']], s.id) or {}
check("the hit was reviewed by Ines as a false positive",
      hit.result == "false_positive" and hit.reviewed_by_id == db.value("SELECT id FROM users WHERE user_name = 'ines.carvalho'"),
      "result " .. tostring(hit.result))
C.mentions_one_of_each("the review says why: a different country and registration", hit.notes,
                       { { "russia*", "ru" }, { "uk", "united kingdom", "gb", "britain", "british", "england", "vat", "registration", "registered" } })

local told, message = {}, ""
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    message = message .. "\n" .. (d.after.subject or "") .. "\n" .. (d.after.body or "")
  end
end
-- The reply goes to Tobias; a message to him or to Paula (who will order) is optional, and says the supplier is ready.
local others = 0
for _, who in ipairs(told) do if who ~= "tobias.kern" and who ~= "paula.reyes" then others = others + 1 end end
check("nobody but Tobias or Paula was messaged", others == 0, "told: " .. table.concat(told, ", "))
check("any message says the supplier can be ordered from", #told == 0
      or C.has_one_of_each(message, { { "Aurora" }, { "active", "ready", "order*", "set up" } }), #told .. " message(s)")
C.status_is("done")
C.mentions_one_of_each("the answer says it was a false positive and the supplier is active", answer.text,
                       { { "false positive" }, { "active", "ready", "cleared", "clear" } })
