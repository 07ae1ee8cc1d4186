-- Four drafts carry the three quotes of their own inbox documents (each at its quoted total, the draft's
-- supplier selected) and were submitted; the CRM draft, with two quotes, stays a draft (submitting it would
-- break PROC-R12, the engine's check) and Lena was told a quote is missing.
local C = require("checks")

local paula = db.value("SELECT id FROM users WHERE user_name = 'paula.reyes'")
local lena = db.value("SELECT id FROM users WHERE user_name = 'lena.ortiz'")
local drafts = db.query([[SELECT * FROM requisitions WHERE requester_id = ? AND title IN
  ('SIEM log retention service, 12 months', 'Employment-law review of the contractor policy',
   'Leadership training for new people managers, two cohorts', 'Knowledge-base migration consulting for Customer Support',
   'CRM data cleansing project for Sales') ORDER BY created_at]], paula)

-- each attached quote must come from a document of this draft's subject, from that document's supplier,
-- at that document's total (read back from the document text)
local function quotes_ok(r)
  local bad, selected = {}, 0
  for _, q in ipairs(db.query([[SELECT q.*, d.supplier_id AS doc_supplier, d.body, d.subject FROM quotes q
                                LEFT JOIN ap_inbox_documents d ON d.id = q.document_id WHERE q.requisition_id = ? ORDER BY q.id]], r.id)) do
    local total = q.body and q.body:match("Total: USD ([%d,]+%.%d%d)")
    local cents = total and math.floor(tonumber((total:gsub(",", ""))) * 100 + 0.5)
    local line = db.value("SELECT description FROM requisition_lines WHERE requisition_id = ? AND line_no = 1", r.id)
    if not q.body or q.doc_supplier ~= q.supplier_id or cents ~= q.amount_cents or not q.body:find(line, 1, true) then
      bad[#bad + 1] = q.number
    end
    if q.selected == 1 then
      selected = selected + 1
      if q.supplier_id ~= r.supplier_id then bad[#bad + 1] = q.number .. " (selected, not the draft's supplier)" end
    end
  end
  return bad, selected
end

local submitted = 0
local crm
for _, r in ipairs(drafts) do
  local bad, selected = quotes_ok(r)
  local n = db.value("SELECT COUNT(DISTINCT supplier_id) FROM quotes WHERE requisition_id = ?", r.id)
  if r.title == "CRM data cleansing project for Sales" then
    crm = r
    check("the CRM draft stays a draft; any quotes on it are its own", r.status == "draft" and #bad == 0,
          r.number .. " is " .. r.status .. (#bad > 0 and ("; wrong quotes " .. table.concat(bad, ", ")) or ""))
  else
    local ok = r.status == "pending_approval" and n == 3 and #bad == 0 and selected == 1
    if ok then submitted = submitted + 1 end
    check(r.title .. ": three own quotes, its supplier selected, submitted", ok,
          r.number .. " is " .. r.status .. ", " .. n .. " quoting supplier(s), " .. selected .. " selected" ..
          (#bad > 0 and ("; wrong quotes " .. table.concat(bad, ", ")) or ""))
  end
end
check("four drafts submitted", submitted == 4, submitted .. " of 4")

local to_lena = db.query("SELECT * FROM notifications WHERE recipient_id = ? AND sent_at >= '2026-03-02' ORDER BY id", lena)
local text = ""
for _, m in ipairs(to_lena) do text = text .. "\n" .. (m.subject or "") .. "\n" .. (m.body or "") end
check("Lena was told about her CRM draft", #to_lena == 1 and crm ~= nil and (to_lena[1].record_number == crm.number or (to_lena[1].record_number == nil and mentions(text, crm.number))),
      #to_lena .. " notification(s) to Lena")
C.mentions_one_of_each("the message says a third quote is missing", text,
                       { { "quote*" }, { "third", "three", "3", "one more", "another" } })
C.status_is("done")
