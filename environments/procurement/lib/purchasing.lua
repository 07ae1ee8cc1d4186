-- Purchase-order arithmetic shared by the order, receiving, approval and invoice tools: totals, budget
-- commitment, contract consumption, change orders, receipt status, and the invoice match.
local D = require("directory")
local P = require("procurement")
local M = {}

function M.total(po_id)
  return db.value("SELECT COALESCE(SUM(amount_cents), 0) FROM po_lines WHERE po_id = ?", po_id)
end

M.OPEN_STATUSES = { approved = true, issued = true, partially_received = true, received = true }

-- The status an open, issued order has from what was received on its lines.
function M.receipt_status(po)
  if po.status ~= "issued" and po.status ~= "partially_received" and po.status ~= "received" then return po.status end
  local t = db.one([[SELECT COALESCE(SUM(quantity_received), 0) AS got, COALESCE(SUM(quantity_ordered), 0) AS want
                     FROM po_lines WHERE po_id = ?]], po.id)
  if t.got == 0 then return "issued" end
  if t.got >= t.want then return "received" end
  return "partially_received"
end

-- A pending change order of a PO, or nil (PROC-R13: nothing moves while one waits for approval).
function M.pending_change(po_id)
  return db.one("SELECT * FROM po_change_orders WHERE po_id = ? AND status = 'pending_approval' ORDER BY id LIMIT 1", po_id)
end

-- Applies an approved change order to its PO: line quantities and prices, new lines, the new total and
-- revision; the budget commitment and the contract's consumption move by the difference.
function M.apply_change(co, actor_id)
  local po = db.one("SELECT * FROM purchase_orders WHERE id = ?", co.po_id)
  local next_no = db.value("SELECT COALESCE(MAX(line_no), 0) FROM po_lines WHERE po_id = ?", po.id)
  for _, cl in ipairs(db.query("SELECT * FROM po_change_lines WHERE change_order_id = ? ORDER BY id", co.id)) do
    if cl.po_line_id then
      db.update("po_lines", { id = cl.po_line_id }, { quantity_ordered = cl.new_quantity, unit_price_cents = cl.new_unit_price_cents,
                                                     amount_cents = cl.new_quantity * cl.new_unit_price_cents })
    else
      local first = db.one("SELECT * FROM po_lines WHERE po_id = ? ORDER BY line_no LIMIT 1", po.id)
      next_no = next_no + 1
      db.insert("po_lines", { po_id = po.id, line_no = next_no, description = cl.description, category_id = first.category_id,
                              gl_account_id = first.gl_account_id, unit = first.unit, quantity_ordered = cl.new_quantity,
                              unit_price_cents = cl.new_unit_price_cents, amount_cents = cl.new_quantity * cl.new_unit_price_cents })
    end
  end
  local total = M.total(po.id)
  local delta = total - po.total_cents
  P.set("purchase_orders", po, { total_cents = total, approved_total_cents = math.max(total, po.approved_total_cents),
                                  revision = co.revision }, actor_id)
  P.set("po_change_orders", co, { status = "approved", decided_at = D.now() }, actor_id)
  P.commit(po.cost_center_id, po.budget_period, delta, actor_id)
  if po.contract_id then
    db.exec("UPDATE contracts SET consumed_cents = MAX(0, consumed_cents + ?), updated_at = ? WHERE id = ?", delta, D.now(), po.contract_id)
    P.history(P.number_of("contracts", po.contract_id), "consumed", nil, co.number .. " " .. P.money(delta), actor_id)
  end
  local updated = db.one("SELECT * FROM purchase_orders WHERE id = ?", po.id)
  local status = M.receipt_status(updated)
  if status ~= updated.status then P.set("purchase_orders", updated, { status = status }, actor_id) end
end

-- Orders of services (every line in a time or attendance unit) are matched two-way: nothing is
-- "received" for them. Any line of goods makes the whole order three-way.
M.SERVICE_UNITS = { day = true, hour = true, week = true, month = true, quarter = true, visit = true, seat = true }

function M.match_type_of(po_id)
  if not po_id then return "two_way" end
  for _, l in ipairs(db.query("SELECT unit FROM po_lines WHERE po_id = ? ORDER BY line_no", po_id)) do
    if not M.SERVICE_UNITS[l.unit] then return "three_way" end
  end
  return "two_way"
end

-- What is left of an order's commitment (its total less what was paid against it).
function M.open_commitment(po)
  local paid = db.value([[SELECT COALESCE(SUM(p.amount_cents + p.discount_taken_cents), 0) FROM payments p
                          JOIN supplier_invoices i ON i.id = p.invoice_id WHERE i.po_id = ? AND p.status IN ('released', 'paid')]], po.id)
  return math.max(0, po.total_cents - paid)
end

---------------------------------------------------------------------------------------------------
-- The invoice match (PROC-R10). Three-way for goods: each invoiced line against its PO line's price and
-- the quantity received; two-way (services) against the quantity ordered. Prices may differ from the
-- PO's by at most price_tolerance_pct percent.
---------------------------------------------------------------------------------------------------
-- An invoice number as policy.md compares them: case, spacing, punctuation and the leading zeros of its
-- digits aside ("CC-5208", "cc 005208" and "CC5208" are one number).
local function invoice_number_key(number)
  return (tostring(number):upper():gsub("[^%w]", ""):gsub("^(%a*)0+", "%1"))
end

-- Another live invoice the same supplier sent with the same number, or the same amount and date, or nil.
function M.duplicate_of(inv)
  local norm = invoice_number_key(inv.supplier_invoice_no)
  for _, o in ipairs(db.query([[SELECT * FROM supplier_invoices WHERE supplier_id = ? AND id <> ? AND status <> 'rejected'
                                ORDER BY id]], inv.supplier_id, inv.id)) do
    local other = invoice_number_key(o.supplier_invoice_no)
    if o.id < inv.id and (other == norm or (o.amount_cents == inv.amount_cents and o.invoice_date == inv.invoice_date)) then
      return o
    end
  end
  return nil
end

-- { result, problems = {text...}, hold_reason } for an invoice as it stands. opts.ignore_duplicates
-- leaves the duplicate check out (the tolerance rule judges the lines alone).
function M.match(inv, opts)
  local problems = {}
  local dup = not (opts and opts.ignore_duplicates) and M.duplicate_of(inv)
  if dup then
    return { result = "duplicate", hold_reason = "duplicate_suspected", duplicate_of = dup,
             problems = { inv.number .. " repeats " .. dup.number .. " (supplier invoice " .. dup.supplier_invoice_no .. ", " ..
                          P.money(dup.amount_cents) .. ", " .. dup.invoice_date .. ", " .. dup.status .. ")" } }
  end
  if not inv.po_id then
    return { result = "no_po", hold_reason = "no_po", problems = { inv.number .. " names no purchase order" } }
  end
  local tolerance = P.setting("price_tolerance_pct")
  local worst, off_tolerance, received_any = "matched", false, false
  for _, l in ipairs(db.query([[SELECT il.*, pl.line_no AS po_line_no, pl.quantity_ordered, pl.quantity_received, pl.quantity_invoiced,
                                       pl.unit_price_cents AS po_price FROM supplier_invoice_lines il
                                LEFT JOIN po_lines pl ON pl.id = il.po_line_id WHERE il.invoice_id = ? ORDER BY il.line_no]], inv.id)) do
    if not l.po_line_no then
      problems[#problems + 1] = "line " .. l.line_no .. " '" .. l.description .. "' matches no line of the order"
      worst = "quantity_variance"
    else
      local limit = inv.match_type == "two_way" and l.quantity_ordered or l.quantity_received
      local already = l.quantity_invoiced
      if l.quantity_received > 0 then received_any = true end
      if l.quantity + already > limit then
        problems[#problems + 1] = "line " .. l.line_no .. ": invoiced " .. l.quantity .. (already > 0 and (" (+" .. already .. " invoiced before)") or "") ..
          ", " .. (inv.match_type == "two_way" and "ordered " or "received ") .. limit
        worst = "quantity_variance"
      end
      if l.unit_price_cents ~= l.po_price then
        local pct = l.po_price > 0 and math.abs(l.unit_price_cents - l.po_price) * 100 / l.po_price or 100
        if pct > tolerance then
          problems[#problems + 1] = string.format("line %d: unit price %s vs PO %s (%.1f %%, tolerance %s %%)", l.line_no,
            P.money(l.unit_price_cents), P.money(l.po_price), pct, tostring(tolerance))
          if worst == "matched" or worst == "within_tolerance" then worst = "price_variance" end
          off_tolerance = true
        elseif worst == "matched" then
          worst = "within_tolerance"
        end
      end
    end
  end
  -- a three-way invoice on an order nothing of which has been received waits for its goods
  if inv.match_type == "three_way" and not received_any and worst ~= "matched" and worst ~= "within_tolerance" then
    worst = "missing_receipt"
    problems[#problems + 1] = "nothing has been received on " .. tostring(P.number_of("purchase_orders", inv.po_id)) .. " yet"
  end
  local hold = nil
  if worst == "price_variance" or worst == "quantity_variance" or worst == "missing_receipt" then hold = worst end
  return { result = worst, hold_reason = hold, problems = problems, off_tolerance = off_tolerance }
end

return M
