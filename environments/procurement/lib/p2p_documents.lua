-- How documents look when they reach accounts payable: a supplier's invoice as an email in its own
-- words and layout, or as a CSV export from its billing system; payment reminders; bank-detail change
-- requests. Pure text building: the seed (and task setups) decide what the documents say.
local Tm = require("p2p_time")

local M = {}

local money = Tm.money

-- invoice = { supplier_name, supplier_no, invoice_date, due_date, po_number (or nil), lines = {{description,
-- qty, unit, price}}, subtotal, terms_days, discount_pct, discount_days, contact, email_style (1-3) }
function M.invoice_text(inv)
  local out = {}
  local style = inv.style or 1
  if style == 1 then
    out[#out + 1] = "Hello,"
    out[#out + 1] = ""
    out[#out + 1] = "Please find our invoice " .. inv.supplier_no .. " below."
    out[#out + 1] = ""
    out[#out + 1] = "Invoice no: " .. inv.supplier_no
    out[#out + 1] = "Invoice date: " .. inv.invoice_date
    out[#out + 1] = "Your PO: " .. (inv.po_number or "n/a")
    out[#out + 1] = ""
    for _, l in ipairs(inv.lines) do
      out[#out + 1] = string.format("- %s: %d %s x $%s = $%s", l.description, l.qty, l.unit, money(l.price), money(l.qty * l.price))
    end
    out[#out + 1] = ""
    out[#out + 1] = "Total due: USD " .. money(inv.subtotal)
  elseif style == 2 then
    out[#out + 1] = "INVOICE"
    out[#out + 1] = inv.supplier_name
    out[#out + 1] = string.format("Number %s | Dated %s | Purchase order %s", inv.supplier_no, inv.invoice_date, inv.po_number or "none")
    out[#out + 1] = ""
    out[#out + 1] = "Qty  Unit price  Amount  Description"
    for _, l in ipairs(inv.lines) do
      out[#out + 1] = string.format("%3d  %10s  %10s  %s", l.qty, money(l.price), money(l.qty * l.price), l.description)
    end
    out[#out + 1] = ""
    out[#out + 1] = "Amount payable: " .. money(inv.subtotal) .. " USD"
  else
    out[#out + 1] = "Hi AP team,"
    out[#out + 1] = ""
    local po = inv.po_number and (" against PO " .. inv.po_number) or ""
    out[#out + 1] = "Attached (inline) is invoice #" .. inv.supplier_no .. " of " .. inv.invoice_date .. po .. ":"
    for _, l in ipairs(inv.lines) do
      out[#out + 1] = string.format("  %d x %s @ %s", l.qty, l.description, money(l.price))
    end
    out[#out + 1] = "Invoice total " .. money(inv.subtotal) .. " (USD)."
  end
  out[#out + 1] = ""
  local terms = "Terms: net " .. inv.terms_days .. " days (due " .. inv.due_date .. ")"
  if (inv.discount_pct or 0) > 0 then
    terms = terms .. "; " .. string.format("%g", inv.discount_pct) .. "% discount if paid within " .. inv.discount_days .. " days"
  end
  out[#out + 1] = terms .. "."
  out[#out + 1] = ""
  out[#out + 1] = "Regards,"
  out[#out + 1] = inv.contact
  out[#out + 1] = inv.supplier_name .. ", accounts receivable"
  return table.concat(out, "\n")
end

-- The same invoice as a CSV export: a header row, one row per line.
function M.invoice_csv(inv)
  local out = { "invoice_number,invoice_date,due_date,po_number,line,description,quantity,unit_price,line_total,currency" }
  for i, l in ipairs(inv.lines) do
    out[#out + 1] = string.format('%s,%s,%s,%s,%d,"%s",%d,%s,%s,USD', inv.supplier_no, inv.invoice_date, inv.due_date,
      inv.po_number or "", i, l.description:gsub('"', '""'), l.qty, string.format("%.2f", l.price / 100),
      string.format("%.2f", l.qty * l.price / 100))
  end
  return table.concat(out, "\n")
end

-- A supplier's quote answering a request for quotation.
-- q = { supplier_name, contact, reference, date, valid_until, lines = {{description, qty, unit, price}}, total }
function M.quote_text(q)
  local out = {
    "Dear buyer,",
    "",
    "Thank you for your request. We are pleased to quote as follows (our reference " .. q.reference .. ", " .. q.date .. "):",
    "",
  }
  for _, l in ipairs(q.lines) do
    out[#out + 1] = string.format("- %s: quantity %d at USD %s per %s = USD %s", l.description, l.qty, money(l.price), l.unit,
                                  money(l.qty * l.price))
  end
  out[#out + 1] = ""
  out[#out + 1] = "Total: USD " .. money(q.total) .. ". This quote is valid until " .. q.valid_until .. "."
  out[#out + 1] = ""
  out[#out + 1] = "Best regards,"
  out[#out + 1] = q.contact
  out[#out + 1] = q.supplier_name
  return table.concat(out, "\n")
end

-- A reminder that an invoice is past due.
function M.reminder_text(r)
  return table.concat({
    "Dear customer,",
    "",
    "Our records show invoice " .. r.supplier_no .. " dated " .. r.invoice_date .. " for USD " .. money(r.amount) ..
      " was due on " .. r.due_date .. " and remains unpaid.",
    "Please arrange payment or let us know if there is a problem with the invoice.",
    "",
    "Kind regards,",
    r.contact,
    r.supplier_name,
  }, "\n")
end

-- A request to change the bank account payments go to.
function M.bank_change_text(b)
  return table.concat({
    "Hello,",
    "",
    "Please note that " .. b.supplier_name .. " has changed banks. With immediate effect, please send all payments to:",
    "",
    "Bank: " .. b.bank_name,
    "Account holder: " .. b.holder,
    "Account number: " .. b.account,
    "Routing / sort code: " .. b.routing,
    "",
    "Please update your records before the next payment run. If you need to confirm, call me on " .. b.phone .. ".",
    "",
    "Thank you,",
    b.contact,
    b.supplier_name,
  }, "\n")
end

return M
