-- Ines creates Nordlicht (clear), Kestrel (a potential match she clears as a false positive: Iran vs the UK)
-- and Corvane (the listed party itself: confirmed, so blocked), does not create Helix again (it exists under
-- the same tax id), and reports to Felix. Nothing else.
local C = require("checks")

local ines = db.value("SELECT id FROM users WHERE user_name = 'ines.carvalho'")
local created = {}
for _, d in ipairs(changes("suppliers")) do
  if d.op == "insert" then created[#created + 1] = db.one("SELECT * FROM suppliers WHERE id = ?", d.after.id) end
end
local function made(legal)
  for _, s in ipairs(created) do if s.legal_name == legal then return s end end
  return {}
end
check("exactly three suppliers were created: no second Helix", #created == 3
      and db.value("SELECT COUNT(*) FROM suppliers WHERE tax_id = '83-3162021'") == 1, #created .. " created")

local nord, kestrel, corvane = made("Nordlicht Messtechnik GmbH"), made("Kestrel Optronics Ltd"), made("Corvane Marine Equipment LLC")
local function digits(v) return (tostring(v or ""):gsub("%D", "")) end
local function same(s, name, country, tax, phone, email, cat)
  check(name .. " holds the details given", s.name == name and s.country == country and tostring(s.tax_id or ""):gsub("%s", "") == tax
        and digits(s.phone) == phone and s.email == email and s.primary_category_id == db.value("SELECT id FROM spend_categories WHERE code = ?", cat),
        tostring(s.name) .. " " .. tostring(s.country) .. " " .. tostring(s.tax_id) .. " " .. tostring(s.phone) .. " " .. tostring(s.email))
end
same(nord, "Nordlicht Messtechnik", "DE", "DE287731904", "495115550190", "buchhaltung@nordlicht-mt.de", "LAB")
same(kestrel, "Kestrel Optronics", "GB", "GB402118376", "4412235550114", "accounts@kestrel-optronics.co.uk", "LAB")
same(corvane, "Corvane Marine Equipment", "AE", "AE-100529937100003", "97145550142", "finance@corvane-marine.ae", "LOG")

check("Nordlicht and Kestrel end active and screened clear", nord.status == "active" and nord.screening_status == "clear"
      and kestrel.status == "active" and kestrel.screening_status == "clear",
      tostring(nord.status) .. "/" .. tostring(nord.screening_status) .. ", " .. tostring(kestrel.status) .. "/" .. tostring(kestrel.screening_status))
check("Corvane ends blocked as a confirmed match", corvane.status == "blocked" and corvane.screening_status == "confirmed_match",
      tostring(corvane.status) .. "/" .. tostring(corvane.screening_status))

local function review(s, listed)
  return s.id and db.one([[SELECT x.* FROM supplier_screenings x JOIN sanctions_list_entries e ON e.id = x.entry_id
                           WHERE x.supplier_id = ? AND e.name = ?]], s.id, listed) or {}
end
local k, c = review(kestrel, "Kestrel Optronics Trading Co"), review(corvane, "Corvane Marine Equipment LLC")
check("Ines reviewed Kestrel's hit as a false positive", k.result == "false_positive" and k.reviewed_by_id == ines, "result " .. tostring(k.result))
C.mentions_one_of_each("the Kestrel review says why", k.notes,
                       { { "iran*", "ir" }, { "uk", "united kingdom", "gb", "britain", "british", "cambridge", "vat", "registration", "registered" } })
check("Ines reviewed Corvane's hit as a confirmed match", c.result == "confirmed_match" and c.reviewed_by_id == ines, "result " .. tostring(c.result))
C.mentions_one_of_each("the Corvane review says why", c.notes,
                       { { "same", "exact*", "identical" }, { "uae", "ae", "dubai", "emirates", "country" } })

local told, text = {}, ""
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    text = text .. "\n" .. (d.after.subject or "") .. "\n" .. (d.after.body or "")
  end
end
-- The reply goes to Felix; a message to him is optional, and then says what became of each.
local others = 0
for _, who in ipairs(told) do if who ~= "felix.brandt" and who ~= "paula.reyes" then others = others + 1 end end
check("nobody but Felix (or Paula) was messaged", others == 0, "told: " .. table.concat(told, ", "))
check("any message says what became of each", #told == 0 or C.has_one_of_each(text,
      { { "Nordlicht" }, { "Kestrel" }, { "Corvane" }, { "sanction*", "blocked", "confirmed" }, { "Helix" } }), #told .. " message(s)")
C.status_is("done")
C.mentions_one_of_each("the answer reports the sanctions match and the duplicate", answer.text,
                       { { "Corvane" }, { "confirmed", "sanction*" }, { "Helix" }, { "already", "exists", "duplicate" } })
