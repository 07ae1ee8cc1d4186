-- Supplier invoices (accounts payable): search, read, register from an inbox document, match against the
-- order and its receipts, hold, release, reject, approve.
local D = require("directory")
local P = require("procurement")
local B = require("purchasing")
local V = require("proc_views")

local search_supplier_invoices = {
  name = "search_supplier_invoices",
  description = "Search supplier invoices (INV…), newest first (one page, with total and next page). Text matches our " ..
    "number or the supplier's invoice number. 'open' status means not yet paid or rejected.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Our number or the supplier's invoice number" },
    status = { type = "string", enum = { "open", "received", "matched", "on_hold", "approved", "rejected", "scheduled", "paid" } },
    supplier = { type = "string", description = "Supplier number or exact name" },
    purchase_order = { type = "string" },
    match_result = { type = "string", enum = { "not_run", "matched", "within_tolerance", "price_variance", "quantity_variance",
                                               "missing_receipt", "duplicate", "no_po" } },
    hold_reason = { type = "string", enum = { "price_variance", "quantity_variance", "missing_receipt", "duplicate_suspected", "no_po",
                                              "supplier_blocked", "bank_unverified", "manual" } },
    due_before = { type = "string", description = "Due date on or before, e.g. 2026-03-31" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :state(args.status, "i.status", "i.status IN ('received', 'matched', 'on_hold', 'approved', 'scheduled')")
      :add("i.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :add("i.po_id = ?", args.purchase_order and P.must("purchase_orders", args.purchase_order).id)
      :add("i.match_result = ?", args.match_result)
      :add("i.hold_reason = ?", args.hold_reason)
      :add("i.due_date <= ?", P.date_arg(args.due_before, "due_before"))
      :text(args.query, "(i.number LIKE ? OR i.supplier_invoice_no LIKE ?)")
    local rows = db.query("SELECT i.*, COUNT(*) OVER () AS total_matches FROM supplier_invoices i" .. w:sql() ..
                          " ORDER BY i.received_at DESC, i.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM supplier_invoices i" .. w:sql(), w:params())
    local items = {}
    for k, i in ipairs(rows) do
      items[k] = { number = i.number, supplier_invoice_no = i.supplier_invoice_no, supplier = V.supplier_ref(i.supplier_id),
                   purchase_order = P.number_of("purchase_orders", i.po_id), amount = P.dollars(i.amount_cents), status = i.status,
                   match_result = i.match_result, hold_reason = D.or_null(i.hold_reason), invoice_date = i.invoice_date,
                   due_date = i.due_date, discount_due_date = D.or_null(i.discount_due_date) }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_supplier_invoice = {
  name = "get_supplier_invoice",
  description = "Full details of a supplier invoice: lines, the order it bills, match result and hold, due and " ..
    "discount dates, payment.",
  read_only = true,
  parameters = { number = { type = "string", description = "Our number, e.g. INV0001203", required = true } },
  run = function(args) return V.invoice(P.must("supplier_invoices", args.number)) end,
}

local INVOICE_LINE = {
  type = "object",
  properties = {
    po_line = { type = "integer", minimum = 1, description = "The PO line it bills (line_no)" },
    description = { type = "string", maxLength = 300 },
    quantity = { type = "integer", minimum = 1, maximum = 100000 },
    unit_price = { type = "number", minimum = 0, description = "Dollars, as invoiced" },
  },
}

local register_supplier_invoice = {
  name = "register_supplier_invoice",
  description = "Register a supplier invoice as received (INV…, status received), usually from an inbox document " ..
    "(which is then marked processed). Give the supplier's own invoice number and date and the lines as invoiced; " ..
    "due and discount dates follow the payment terms. An order of services only (days, hours, months, seats...) " ..
    "is matched two-way, any other three-way. Then run_invoice_match.",
  parameters = {
    supplier = { type = "string", description = "Supplier number or exact name", required = true },
    supplier_invoice_no = { type = "string", minLength = 1, maxLength = 60, required = true },
    invoice_date = { type = "string", description = "Date on the invoice, e.g. 2026-02-27", required = true },
    lines = { type = "array", items = INVOICE_LINE, minItems = 1, maxItems = 30, required = true },
    purchase_order = { type = "string", description = "The PO it bills (PO-backed invoices)" },
    tax = { type = "number", minimum = 0, default = 0, description = "Tax in dollars" },
    document = { type = "string", description = "Inbox document it came in, e.g. DOC0000021" },
    cost_center = { type = "string", description = "Non-PO invoices: cost centre to book it to" },
    gl_account = { type = "string", description = "Non-PO invoices: GL account code" },
  },
  run = function(args)
    local me = D.actor_user()
    local s = P.must_supplier(args.supplier)
    local po = args.purchase_order and P.must("purchase_orders", args.purchase_order)
    if po and po.supplier_id ~= s.id then
      fail("conflict", po.number .. " is with " .. V.supplier_ref(po.supplier_id) .. ", not " .. s.name, "Check the supplier and the order.")
    end
    local doc = args.document and P.must("ap_inbox_documents", args.document)
    if doc and doc.kind ~= "invoice" then fail("invalid_arguments", doc.number .. " is a " .. doc.kind .. ", not an invoice") end
    if doc and doc.linked_record_number then
      fail("conflict", doc.number .. " was already registered as " .. doc.linked_record_number, "Look at that invoice instead.")
    end
    local inv_date = P.date_arg(args.invoice_date, "invoice_date")
    local cc, gl
    if po then
      cc = po.cost_center_id
      gl = db.value("SELECT gl_account_id FROM po_lines WHERE po_id = ? ORDER BY line_no LIMIT 1", po.id)
    else
      if not args.cost_center or not args.gl_account then
        fail("missing_field", "An invoice without a purchase order needs cost_center and gl_account to book it to")
      end
      cc, gl = P.must_cost_center(args.cost_center).id, P.must_gl(args.gl_account).id
    end
    local rows, subtotal = {}, 0
    for i, l in ipairs(args.lines) do
      if not l.quantity or l.unit_price == nil then fail("missing_field", "lines[" .. i .. "] needs quantity and unit_price") end
      local pl = nil
      if l.po_line then
        if not po then fail("invalid_arguments", "lines[" .. i .. "] names a PO line but no purchase_order was given") end
        pl = db.one("SELECT * FROM po_lines WHERE po_id = ? AND line_no = ?", po.id, l.po_line)
        if not pl then fail("not_found", po.number .. " has no line " .. l.po_line) end
      end
      local price = P.cents_arg(l.unit_price, "lines[" .. i .. "].unit_price")
      rows[i] = { line_no = i, po_line_id = pl and pl.id or nil, description = l.description or (pl and pl.description) or ("Line " .. i),
                  quantity = l.quantity, unit_price_cents = price, amount_cents = l.quantity * price }
      subtotal = subtotal + rows[i].amount_cents
    end
    local tax = P.cents_arg(args.tax or 0, "tax")
    local amount = subtotal + tax
    local discount_date, discount = nil, 0
    if s.early_discount_pct > 0 and s.early_discount_days > 0 then
      discount_date = P.date_plus(inv_date, s.early_discount_days)
      discount = math.floor(amount * s.early_discount_pct / 100 + 0.5)
    end
    local now = D.now()
    local inv = P.create("supplier_invoices", {
      supplier_invoice_no = args.supplier_invoice_no, supplier_id = s.id, po_id = po and po.id or nil, cost_center_id = cc,
      gl_account_id = gl, document_id = doc and doc.id or nil, invoice_date = inv_date,
      due_date = P.date_plus(inv_date, po and po.payment_terms_days or s.payment_terms_days), discount_due_date = discount_date,
      discount_cents = discount, subtotal_cents = subtotal, tax_cents = tax, amount_cents = amount, status = "received",
      match_type = B.match_type_of(po and po.id), received_at = doc and doc.received_at or now, updated_at = now,
    }, me.id)
    for _, r in ipairs(rows) do
      r.invoice_id = inv.id
      db.insert("supplier_invoice_lines", r)
    end
    if doc then
      P.set("ap_inbox_documents", doc, { processed = 1, processed_by_id = me.id, processed_at = now, linked_record_number = inv.number }, me.id)
    end
    if discount_date then
      clock.schedule(clock.parse(P.date_plus(discount_date, 1) .. "T00:00:00Z"), "discount_lapse",
                     { invoice_id = inv.id, discount_due_date = discount_date })
    end
    return V.invoice(inv)
  end,
}

local run_invoice_match = {
  name = "run_invoice_match",
  description = "Match an invoice against its order: duplicate check, then each line's quantity against what was " ..
    "received (three-way) or ordered (two-way) and its unit price against the PO price within the price tolerance. " ..
    "A clean or within-tolerance result makes it matched; an exception puts it on hold with the reason.",
  parameters = { number = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local inv = P.must("supplier_invoices", args.number)
    if inv.status ~= "received" and inv.status ~= "matched" and inv.status ~= "on_hold" then
      fail("invalid_state", inv.number .. " is " .. inv.status .. "; only invoices not yet approved are matched")
    end
    local m = B.match(inv)
    local values = { match_result = m.result, duplicate_of_id = m.duplicate_of and m.duplicate_of.id or null }
    if m.hold_reason then
      values.status, values.hold_reason = "on_hold", m.hold_reason
    else
      values.status, values.hold_reason = "matched", null
    end
    P.set("supplier_invoices", inv, values, me.id)
    return { number = inv.number, match_result = m.result, status = values.status, hold_reason = m.hold_reason or null,
             duplicate_of = m.duplicate_of and m.duplicate_of.number or null, problems = array(m.problems) }
  end,
}

local hold_supplier_invoice = {
  name = "hold_supplier_invoice",
  description = "Put an invoice on hold (no approval or payment) with a reason and a note saying what is awaited.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", enum = { "price_variance", "quantity_variance", "missing_receipt", "duplicate_suspected", "no_po",
                                         "supplier_blocked", "bank_unverified", "manual" }, required = true },
    note = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local inv = P.must("supplier_invoices", args.number)
    if inv.status ~= "received" and inv.status ~= "matched" and inv.status ~= "approved" and inv.status ~= "on_hold" then
      fail("invalid_state", inv.number .. " is " .. inv.status .. " and cannot be put on hold",
           inv.status == "scheduled" and "Cancel its scheduled payment first." or nil)
    end
    P.set("supplier_invoices", inv, { status = "on_hold", hold_reason = args.reason }, me.id)
    P.history(inv.number, "hold_note", nil, args.note, me.id)
    return { number = inv.number, status = "on_hold", hold_reason = args.reason }
  end,
}

local release_invoice_hold = {
  name = "release_invoice_hold",
  description = "Release an invoice from hold once its exception is resolved (a receipt arrived, the price was " ..
    "confirmed), with a note saying how. It returns to matched and can be approved if within tolerance.",
  parameters = {
    number = { type = "string", required = true },
    note = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local inv = P.must("supplier_invoices", args.number)
    if inv.status ~= "on_hold" then fail("invalid_state", inv.number .. " is " .. inv.status .. ", not on hold") end
    local m = B.match(inv)
    P.set("supplier_invoices", inv, { status = "matched", hold_reason = null, match_result = m.result }, me.id)
    P.history(inv.number, "release_note", nil, args.note, me.id)
    return { number = inv.number, status = "matched", match_result = m.result, problems = array(m.problems) }
  end,
}

local reject_supplier_invoice = {
  name = "reject_supplier_invoice",
  description = "Reject an invoice that will not be paid (a duplicate, not ours, wrong supplier), with the reason; the " ..
    "supplier's accounts team should be told.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local inv = P.must("supplier_invoices", args.number)
    if inv.status == "paid" or inv.status == "scheduled" or inv.status == "rejected" then
      fail("invalid_state", inv.number .. " is " .. inv.status .. " and cannot be rejected",
           inv.status == "scheduled" and "Cancel its scheduled payment first." or nil)
    end
    P.set("supplier_invoices", inv, { status = "rejected", rejected_reason = args.reason, hold_reason = null }, me.id)
    return { number = inv.number, status = "rejected", reason = args.reason }
  end,
}

local approve_supplier_invoice = {
  name = "approve_supplier_invoice",
  description = "Approve a matched invoice for payment. Policy: only within tolerance (quantity no more than received " ..
    "— ordered for two-way — and unit prices within the price tolerance of the PO). Non-PO invoices need the cost " ..
    "centre owner's approval outside this tool.",
  parameters = { number = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local inv = P.must("supplier_invoices", args.number)
    if inv.status ~= "matched" then
      fail("invalid_state", inv.number .. " is " .. inv.status .. "; only a matched invoice is approved",
           inv.status == "received" and "Run the match first." or (inv.status == "on_hold" and "Resolve and release the hold first." or nil))
    end
    P.set("supplier_invoices", inv, { status = "approved", approved_by_id = me.id, approved_at = D.now() }, me.id)
    for _, l in ipairs(db.query("SELECT * FROM supplier_invoice_lines WHERE invoice_id = ? AND po_line_id IS NOT NULL ORDER BY id", inv.id)) do
      db.exec("UPDATE po_lines SET quantity_invoiced = quantity_invoiced + ? WHERE id = ?", l.quantity, l.po_line_id)
    end
    return { number = inv.number, status = "approved", amount = P.dollars(inv.amount_cents), due_date = inv.due_date,
             discount_due_date = D.or_null(inv.discount_due_date), discount = P.dollars(inv.discount_cents) }
  end,
}

return { search_supplier_invoices, get_supplier_invoice, register_supplier_invoice, run_invoice_match, hold_supplier_invoice,
         release_invoice_hold, reject_supplier_invoice, approve_supplier_invoice }
