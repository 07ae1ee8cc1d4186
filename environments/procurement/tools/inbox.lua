-- The accounts-payable inbox: invoices, quotes, bank-change requests and supplier mail as they arrived
-- (plain text or CSV exports), to be read and turned into records.
local D = require("directory")
local P = require("procurement")
local V = require("proc_views")

local search_inbox = {
  name = "search_inbox",
  description = "Search the accounts-payable inbox (DOC…), newest first: emailed invoices, quotes, bank-detail change " ..
    "requests, statements and inquiries. Shows the sender as received, which may not be the supplier's address of record.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order, in the subject, sender or body" },
    kind = { type = "string", enum = { "invoice", "credit_note", "quote", "bank_change_request", "statement", "inquiry" } },
    processed = { type = "boolean", description = "false: only documents nobody has dealt with yet" },
    supplier = { type = "string", description = "Supplier number or exact name it claims to come from" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("d.kind = ?", args.kind)
      :add_if(args.processed ~= nil, "d.processed = ?", args.processed and 1 or 0)
      :add("d.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :text(args.query, "(d.subject LIKE ? OR d.sender LIKE ? OR d.body LIKE ?)")
    local rows = db.query("SELECT d.*, COUNT(*) OVER () AS total_matches FROM ap_inbox_documents d" .. w:sql() ..
                          " ORDER BY d.received_at DESC, d.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM ap_inbox_documents d" .. w:sql(), w:params())
    local items = {}
    for k, d in ipairs(rows) do
      items[k] = { number = d.number, kind = d.kind, sender = d.sender, subject = d.subject, received_at = d.received_at,
                   format = d.format, processed = d.processed == 1, linked_record = D.or_null(d.linked_record_number) }
    end
    return D.paged(items, total, page, size)
  end,
}

local read_inbox_document = {
  name = "read_inbox_document",
  description = "The full text of an inbox document as received (an email body or a CSV export).",
  read_only = true,
  parameters = { number = { type = "string", description = "e.g. DOC0000021", required = true } },
  run = function(args)
    local d = P.must("ap_inbox_documents", args.number)
    return { number = d.number, kind = d.kind, sender = d.sender, supplier = V.supplier_ref(d.supplier_id), subject = d.subject,
             received_at = d.received_at, format = d.format, body = d.body, processed = d.processed == 1,
             processed_by = D.name_of(d.processed_by_id), linked_record = D.or_null(d.linked_record_number) }
  end,
}

local file_inbox_document = {
  name = "file_inbox_document",
  description = "Mark an inbox document dealt with when no record is made from it (a statement, an inquiry answered, " ..
    "a suspicious request refused), with a note saying what was done.",
  parameters = {
    number = { type = "string", required = true },
    note = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local d = P.must("ap_inbox_documents", args.number)
    if d.processed == 1 then fail("invalid_state", d.number .. " was already dealt with by " .. tostring(D.name_of(d.processed_by_id))) end
    P.set("ap_inbox_documents", d, { processed = 1, processed_by_id = me.id, processed_at = D.now() }, me.id)
    P.history(d.number, "filed_note", nil, args.note, me.id)
    return { number = d.number, processed = true }
  end,
}

return { search_inbox, read_inbox_document, file_inbox_document }
