-- Suppliers: search, read, onboard with sanctions screening, review a screening hit, block and unblock,
-- and bank-detail changes (entered from a request, verified by a callback to the number of record).
local D = require("directory")
local P = require("procurement")
local S = require("screening")
local V = require("proc_views")

local search_suppliers = {
  name = "search_suppliers",
  description = "Search suppliers (SUP…) by name (several companies have look-alike names: check country, tax id and " ..
    "status), status, screening status, category or country.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order, in the name, legal name, number or tax id" },
    status = { type = "string", enum = { "pending", "active", "blocked", "inactive" } },
    screening_status = { type = "string", enum = { "not_screened", "clear", "potential_match", "confirmed_match" } },
    category = { type = "string", description = "Primary spend category code, e.g. IT-HW" },
    country = { type = "string", minLength = 2, maxLength = 2, description = "ISO country code, e.g. US" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("s.status = ?", args.status)
      :add("s.screening_status = ?", args.screening_status)
      :add("s.primary_category_id = ?", args.category and P.must_category(args.category).id)
      :add("s.country = ?", args.country and args.country:upper())
      :text(args.query, "(s.name LIKE ? OR s.legal_name LIKE ? OR s.number LIKE ? OR s.tax_id LIKE ?)")
    local rows = db.query("SELECT s.*, COUNT(*) OVER () AS total_matches FROM suppliers s" .. w:sql() ..
                          " ORDER BY s.name, s.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM suppliers s" .. w:sql(), w:params())
    local items = {}
    for k, s in ipairs(rows) do
      items[k] = { number = s.number, name = s.name, legal_name = s.legal_name, country = s.country, tax_id = D.or_null(s.tax_id),
                   status = s.status, screening_status = s.screening_status, category = P.category_code(s.primary_category_id) }
    end
    return D.paged(items, total, page, size)
  end,
}

local function supplier_view(s)
  local contacts, accounts, screenings, contracts, preferred = {}, {}, {}, {}, {}
  for _, c in ipairs(db.query("SELECT * FROM supplier_contacts WHERE supplier_id = ? ORDER BY is_primary DESC, id", s.id)) do
    contacts[#contacts + 1] = { name = c.name, role = D.or_null(c.role), email = D.or_null(c.email), phone = D.or_null(c.phone),
                                primary = c.is_primary == 1, active = c.active == 1 }
  end
  for _, b in ipairs(db.query("SELECT * FROM supplier_bank_accounts WHERE supplier_id = ? ORDER BY id", s.id)) do
    accounts[#accounts + 1] = V.bank_account(b)
  end
  for _, x in ipairs(db.query("SELECT * FROM supplier_screenings WHERE supplier_id = ? ORDER BY id", s.id)) do
    screenings[#screenings + 1] = { id = x.id, list = D.or_null(x.list), matched_name = D.or_null(x.matched_name), score = D.or_null(x.score),
                                    result = x.result, screened_at = x.screened_at, reviewed_by = D.name_of(x.reviewed_by_id),
                                    notes = D.or_null(x.notes),
                                    listed_country = x.entry_id and D.or_null(db.value("SELECT country FROM sanctions_list_entries WHERE id = ?", x.entry_id)) or null,
                                    program = x.entry_id and D.or_null(db.value("SELECT program FROM sanctions_list_entries WHERE id = ?", x.entry_id)) or null }
  end
  for _, c in ipairs(db.query("SELECT number, title, status, ends_on FROM contracts WHERE supplier_id = ? ORDER BY number", s.id)) do
    contracts[#contracts + 1] = c.number .. " '" .. c.title .. "' (" .. c.status .. ", ends " .. c.ends_on .. ")"
  end
  for _, p in ipairs(db.query([[SELECT c.code, p.rank FROM preferred_suppliers p JOIN spend_categories c ON c.id = p.category_id
                                WHERE p.supplier_id = ? ORDER BY c.code]], s.id)) do
    preferred[#preferred + 1] = p.code .. " (rank " .. p.rank .. ")"
  end
  return {
    number = s.number, name = s.name, legal_name = s.legal_name, tax_id = D.or_null(s.tax_id), country = s.country,
    address = D.or_null(s.address), email = D.or_null(s.email), phone = D.or_null(s.phone), website = D.or_null(s.website),
    category = P.category_code(s.primary_category_id), status = s.status, screening_status = s.screening_status,
    risk_rating = s.risk_rating, payment_terms = string.format("net %d", s.payment_terms_days) ..
      (s.early_discount_pct > 0 and string.format(", %g %% discount within %d days", s.early_discount_pct, s.early_discount_days) or ""),
    blocked_reason = D.or_null(s.blocked_reason), onboarded_by = D.name_of(s.onboarded_by_id), created_at = s.created_at,
    contacts = array(contacts), bank_accounts = array(accounts), screenings = array(screenings), contracts = array(contracts),
    preferred_for = array(preferred),
  }
end

local get_supplier = {
  name = "get_supplier",
  description = "Full details of a supplier: contacts, phone of record, bank accounts (masked, with verification), " ..
    "screening results, contracts, preferred categories, payment terms.",
  read_only = true,
  parameters = { supplier = { type = "string", description = "Supplier number (SUP…) or exact name", required = true } },
  run = function(args) return supplier_view(P.must_supplier(args.supplier)) end,
}

local onboard_supplier = {
  name = "onboard_supplier",
  description = "Create a new supplier (status pending) and screen it against the sanctions lists. A clear screening " ..
    "makes it active; a potential match keeps it pending until review_screening decides. Refused when a supplier " ..
    "with the same tax id exists.",
  parameters = {
    name = { type = "string", minLength = 2, maxLength = 120, required = true },
    legal_name = { type = "string", minLength = 2, maxLength = 200, required = true },
    country = { type = "string", minLength = 2, maxLength = 2, description = "ISO code, e.g. US", required = true },
    tax_id = { type = "string", maxLength = 40 },
    address = { type = "string", maxLength = 300 },
    email = { type = "string", maxLength = 120, description = "Accounts receivable address" },
    phone = { type = "string", maxLength = 40, description = "Main number of record (used for bank callbacks)", required = true },
    category = { type = "string", description = "Primary spend category code" },
    payment_terms_days = { type = "integer", minimum = 0, maximum = 120, default = 30 },
    document = { type = "string", description = "Inbox document the request came in" },
  },
  run = function(args)
    local me = D.actor_user()
    if args.tax_id then
      local same = db.one("SELECT number, name FROM suppliers WHERE tax_id = ?", args.tax_id)
      if same then fail("conflict", "Supplier " .. same.number .. " " .. same.name .. " already has tax id " .. args.tax_id, "Use the existing supplier.") end
    end
    local now = D.now()
    local hits = S.hits(args.name, args.legal_name)
    local s = P.create("suppliers", {
      name = args.name, legal_name = args.legal_name, tax_id = args.tax_id, country = args.country:upper(), address = args.address,
      email = args.email, phone = args.phone, primary_category_id = args.category and P.must_category(args.category).id or nil,
      status = #hits == 0 and "active" or "pending", screening_status = #hits == 0 and "clear" or "potential_match",
      payment_terms_days = args.payment_terms_days or 30, onboarded_by_id = me.id, created_at = now, updated_at = now,
    }, me.id)
    if #hits == 0 then
      db.insert("supplier_screenings", { supplier_id = s.id, result = "clear", score = 0, screened_at = now })
    end
    local found = {}
    for i, h in ipairs(hits) do
      local id = db.insert("supplier_screenings", { supplier_id = s.id, list = h.entry.list, entry_id = h.entry.id, matched_name = h.entry.name,
                                                    score = h.score, result = "potential_match", screened_at = now })
      found[i] = { screening_id = id, list = h.entry.list, matched_name = h.entry.name, score = h.score,
                   listed_country = D.or_null(h.entry.country), program = D.or_null(h.entry.program) }
    end
    if args.document then
      local doc = P.must("ap_inbox_documents", args.document)
      P.set("ap_inbox_documents", doc, { processed = 1, processed_by_id = me.id, processed_at = now, linked_record_number = s.number }, me.id)
    end
    return { number = s.number, name = s.name, status = s.status, screening_status = s.screening_status, potential_matches = array(found) }
  end,
}

local review_screening = {
  name = "review_screening",
  description = "Decide a potential screening match of a supplier: false_positive (a different party: say why, e.g. " ..
    "country, registration, owners differ) or confirmed_match (the supplier is the listed party: it is blocked). When " ..
    "no potential match is left open, the supplier's screening is clear and a pending supplier becomes active.",
  parameters = {
    supplier = { type = "string", required = true },
    screening_id = { type = "integer", description = "The hit to decide (get_supplier lists them; default: its only open one)" },
    result = { type = "string", enum = { "false_positive", "confirmed_match" }, required = true },
    notes = { type = "string", minLength = 10, maxLength = 2000, required = true, description = "The evidence for the decision" },
  },
  run = function(args)
    local me = D.actor_user()
    local s = P.must_supplier(args.supplier)
    local hit
    if args.screening_id then
      hit = db.one("SELECT * FROM supplier_screenings WHERE id = ? AND supplier_id = ?", args.screening_id, s.id)
      if not hit then fail("not_found", s.number .. " has no screening " .. args.screening_id) end
    else
      local open = db.query("SELECT * FROM supplier_screenings WHERE supplier_id = ? AND result = 'potential_match' ORDER BY id", s.id)
      if #open == 0 then fail("invalid_state", s.number .. " has no open screening match to review") end
      if #open > 1 then fail("ambiguous", s.number .. " has " .. #open .. " open matches", "Give screening_id (get_supplier lists them).") end
      hit = open[1]
    end
    if hit.result ~= "potential_match" then fail("invalid_state", "Screening " .. hit.id .. " was already decided: " .. hit.result) end
    local now = D.now()
    db.update("supplier_screenings", { id = hit.id }, { result = args.result, reviewed_by_id = me.id, reviewed_at = now, notes = args.notes })
    P.history(s.number, "screening " .. hit.id, "potential_match", args.result, me.id)
    if args.result == "confirmed_match" then
      P.set("suppliers", s, { screening_status = "confirmed_match", status = "blocked",
                              blocked_reason = "Sanctions match confirmed: " .. tostring(hit.matched_name) .. " (" .. tostring(hit.list) .. ")" }, me.id)
    elseif not db.value("SELECT 1 FROM supplier_screenings WHERE supplier_id = ? AND result IN ('potential_match', 'confirmed_match')", s.id) then
      P.set("suppliers", s, { screening_status = "clear", status = s.status == "pending" and "active" or s.status }, me.id)
    end
    local after = db.one("SELECT * FROM suppliers WHERE id = ?", s.id)
    return { number = s.number, screening_id = hit.id, result = args.result, status = after.status, screening_status = after.screening_status }
  end,
}

local block_supplier = {
  name = "block_supplier",
  description = "Block a supplier (no orders, no payments) with a reason.",
  parameters = {
    supplier = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local s = P.must_supplier(args.supplier)
    if s.status == "blocked" then fail("invalid_state", s.number .. " is already blocked: " .. tostring(s.blocked_reason)) end
    P.set("suppliers", s, { status = "blocked", blocked_reason = args.reason }, me.id)
    return { number = s.number, status = "blocked", reason = args.reason }
  end,
}

local unblock_supplier = {
  name = "unblock_supplier",
  description = "Lift a supplier's block with a reason (it becomes active). A supplier blocked for a confirmed " ..
    "sanctions match stays blocked.",
  parameters = {
    supplier = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local s = P.must_supplier(args.supplier)
    if s.status ~= "blocked" then fail("invalid_state", s.number .. " is " .. s.status .. ", not blocked") end
    if s.screening_status == "confirmed_match" then
      fail("forbidden", s.number .. " " .. s.name .. " is a confirmed sanctions match and cannot be unblocked",
           "No business may be done with a sanctioned party.")
    end
    P.set("suppliers", s, { status = "active", blocked_reason = null }, me.id)
    P.history(s.number, "unblock_reason", nil, args.reason, me.id)
    return { number = s.number, status = "active" }
  end,
}

local request_bank_change = {
  name = "request_bank_change",
  description = "Enter new bank details for a supplier as asked (usually by an emailed request): a new account " ..
    "pending verification. Nothing is paid to it until a colleague verifies it by calling the supplier's phone " ..
    "number of record (verify_bank_change), never a number given in the request.",
  parameters = {
    supplier = { type = "string", required = true },
    bank_name = { type = "string", minLength = 2, maxLength = 120, required = true },
    account_holder = { type = "string", minLength = 2, maxLength = 200, required = true },
    account_number = { type = "string", minLength = 4, maxLength = 40, required = true, description = "IBAN or account number (only the last 4 digits are kept)" },
    routing = { type = "string", maxLength = 40, description = "ABA / sort code / BIC" },
    country = { type = "string", minLength = 2, maxLength = 2, required = true },
    document = { type = "string", description = "Inbox document that asked for the change" },
    phone_in_request = { type = "string", maxLength = 40, description = "A phone number the request gave (recorded, never called)" },
  },
  run = function(args)
    local me = D.actor_user()
    local s = P.must_supplier(args.supplier)
    if s.status == "blocked" or s.status == "inactive" then fail("invalid_state", s.number .. " is " .. s.status) end
    if db.value("SELECT 1 FROM supplier_bank_accounts WHERE supplier_id = ? AND status = 'pending_verification'", s.id) then
      fail("conflict", s.number .. " already has a bank change waiting for verification", "Verify or reject that one first.")
    end
    local doc = args.document and P.must("ap_inbox_documents", args.document)
    local digits = args.account_number:gsub("[^%w]", "")
    local function mask(v) return v and ("****" .. v:gsub("[^%w]", ""):sub(-4)) or nil end
    local now = D.now()
    local id = db.insert("supplier_bank_accounts", {
      supplier_id = s.id, bank_name = args.bank_name, account_holder = args.account_holder, account_masked = "****" .. digits:sub(-4),
      routing_masked = mask(args.routing), country = args.country:upper(), status = "pending_verification",
      source_document_id = doc and doc.id or nil, requested_by_id = me.id, requested_at = now, callback_phone_on_file = s.phone,
      phone_in_request = args.phone_in_request,
    })
    P.history(s.number, "bank_change_requested", nil, args.bank_name .. " ****" .. digits:sub(-4), me.id)
    if doc then
      P.set("ap_inbox_documents", doc, { processed = 1, processed_by_id = me.id, processed_at = now, linked_record_number = s.number }, me.id)
    end
    return V.bank_account(db.one("SELECT * FROM supplier_bank_accounts WHERE id = ?", id))
  end,
}

local verify_bank_change = {
  name = "verify_bank_change",
  description = "Record the callback on a supplier's pending bank change: the number called (it must be the phone " ..
    "of record), who confirmed and the outcome. confirmed: the new account is verified and the old one superseded; " ..
    "denied: the change is rejected (suspected fraud: block the supplier or tell Finance). Policy: the callback is " ..
    "made by someone other than who entered the change.",
  parameters = {
    supplier = { type = "string", required = true },
    called_number = { type = "string", maxLength = 40, required = true },
    outcome = { type = "string", enum = { "confirmed", "denied" }, required = true },
    notes = { type = "string", minLength = 10, maxLength = 2000, required = true, description = "Who was spoken to and what they said" },
  },
  run = function(args)
    local me = D.actor_user()
    local s = P.must_supplier(args.supplier)
    local b = db.one("SELECT * FROM supplier_bank_accounts WHERE supplier_id = ? AND status = 'pending_verification' ORDER BY id DESC LIMIT 1", s.id)
    if not b then fail("invalid_state", s.number .. " has no bank change waiting for verification") end
    local now = D.now()
    if args.outcome == "confirmed" then
      db.exec("UPDATE supplier_bank_accounts SET status = 'superseded' WHERE supplier_id = ? AND status = 'verified'", s.id)
      db.update("supplier_bank_accounts", { id = b.id }, { status = "verified", verified_by_id = me.id, verified_at = now,
                                                         callback_notes = "Called " .. args.called_number .. ": " .. args.notes })
    else
      db.update("supplier_bank_accounts", { id = b.id }, { status = "rejected", rejected_reason = args.notes,
                                                         callback_notes = "Called " .. args.called_number .. ": " .. args.notes })
    end
    P.history(s.number, "bank_change_" .. args.outcome, b.account_masked, args.called_number, me.id)
    return V.bank_account(db.one("SELECT * FROM supplier_bank_accounts WHERE id = ?", b.id))
  end,
}

return { search_suppliers, get_supplier, onboard_supplier, review_screening, block_supplier, unblock_supplier,
         request_bank_change, verify_bank_change }
