-- Procurement environment: procure-to-pay (requisition -> approval -> purchase order -> goods receipt ->
-- supplier invoice -> match -> payment), with suppliers, contracts, catalog and budgets. Built on the
-- company directory (users, departments, cost_centers, roles, groups, notifications, record_kinds).
--
-- Conventions (as ITSM):
-- * Every table has an INTEGER PRIMARY KEY `id`; records people talk about carry a human number with a
--   letter prefix and 7 digits, as ITSM's: PR0001042 (requisition), PO0001042, INV0001042 (our invoice
--   record; the supplier's own number is supplier_invoice_no), GR (receipt/return), PAY, PCO (change
--   order), QT (quote), SUP0000042, CTR0000042, DOC0001042 (inbox document). The letters alone name the
--   kind (PR is not PRB); the prefixes are registered in record_kinds.
-- * Times are ISO-8601 UTC text ('2026-03-02T09:00:00Z'); calendar dates (invoice, due, contract and
--   budget period dates) are 'YYYY-MM-DD'. Both sort and compare as text.
-- * Booleans are 0/1. Statuses are CHECKed.
-- * MONEY IS INTEGER CENTS in columns named *_cents (USD, the company's one currency): sums and
--   comparisons are exact, no float error. Unit prices are cents too; quantities are whole units, so a
--   line's amount_cents = quantity * unit_price_cents exactly. Percentages (discounts) are REAL percent
--   (2.0 = 2 %), applied and rounded to whole cents by the code that uses them.
-- * Plain lookup indexes are created in indexes.sql, after the seed (bulk-building them is cheaper).

---------------------------------------------------------------------------------------------------
-- Reference data
---------------------------------------------------------------------------------------------------

-- Policy numbers the tools and rules read (tolerances, thresholds, escalation days), so policy.md and
-- the code cannot drift apart. value is text; numeric settings hold a decimal integer.
CREATE TABLE procurement_settings (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,              -- e.g. 'price_tolerance_pct', 'quotes_threshold_cents'
  value       TEXT NOT NULL,
  description TEXT NOT NULL
);

CREATE TABLE gl_accounts (
  id     INTEGER PRIMARY KEY,
  code   TEXT NOT NULL UNIQUE,                   -- e.g. '6410'
  name   TEXT NOT NULL,                          -- e.g. 'Computer hardware'
  kind   TEXT NOT NULL CHECK (kind IN ('expense', 'asset')),
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE spend_categories (
  id                    INTEGER PRIMARY KEY,
  code                  TEXT NOT NULL UNIQUE,    -- e.g. 'IT-HW'
  name                  TEXT NOT NULL UNIQUE,    -- e.g. 'IT hardware'
  parent_id             INTEGER REFERENCES spend_categories(id),
  default_gl_account_id INTEGER NOT NULL REFERENCES gl_accounts(id),
  active                INTEGER NOT NULL DEFAULT 1
);

-- Budget periods are calendar quarters. 'open' takes new commitments; the rollover event closes a
-- quarter at its end and opens the next.
CREATE TABLE budget_periods (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,                -- '2026-Q1'
  starts_on TEXT NOT NULL,                       -- '2026-01-01'
  ends_on   TEXT NOT NULL,                       -- '2026-03-31' (inclusive)
  status    TEXT NOT NULL CHECK (status IN ('future', 'open', 'closed'))
);

-- One budget per cost centre and quarter. committed_cents = the open (approved/issued/partially
-- received) purchase orders' remaining value booked to it; actual_cents = the paid invoices booked to it.
-- Available = amount - committed - actual.
CREATE TABLE budgets (
  id              INTEGER PRIMARY KEY,
  cost_center_id  INTEGER NOT NULL REFERENCES cost_centers(id),
  period          TEXT NOT NULL REFERENCES budget_periods(code),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
  committed_cents INTEGER NOT NULL DEFAULT 0,
  actual_cents    INTEGER NOT NULL DEFAULT 0,
  owner_id        INTEGER REFERENCES users(id),  -- the cost centre's owner when the budget was set
  updated_at      TEXT NOT NULL,
  UNIQUE (cost_center_id, period)
);

-- The approval chain is cumulative by amount: a document of amount X needs every step whose
-- min_amount_cents <= X, in step order (up to $5,000: the cost centre owner; up to $25,000: then the
-- Finance Director; above: then the CFO). approver_kind says who fills the step.
CREATE TABLE approval_bands (
  id               INTEGER PRIMARY KEY,
  step             INTEGER NOT NULL UNIQUE,
  name             TEXT NOT NULL,                -- 'Cost centre owner'
  min_amount_cents INTEGER NOT NULL,            -- the band starts above the previous band's max
  max_amount_cents INTEGER,                     -- NULL: no upper bound
  approver_kind    TEXT NOT NULL CHECK (approver_kind IN ('cost_center_owner', 'procurement_head', 'finance_director', 'cfo'))
);

-- Personal signing authority: the most one person may approve on one document.
CREATE TABLE approval_limits (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL UNIQUE REFERENCES users(id),
  limit_cents  INTEGER,                          -- NULL: unlimited (the CFO)
  granted_by   INTEGER REFERENCES users(id),
  granted_at   TEXT NOT NULL
);

-- While an approver is away, the delegate may act on their pending approvals (acted_by = the delegate).
CREATE TABLE approval_delegations (
  id           INTEGER PRIMARY KEY,
  delegator_id INTEGER NOT NULL REFERENCES users(id),
  delegate_id  INTEGER NOT NULL REFERENCES users(id),
  starts_at    TEXT NOT NULL,
  ends_at      TEXT NOT NULL,
  reason       TEXT,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT,                             -- set when ended early
  CHECK (delegator_id <> delegate_id),
  CHECK (ends_at > starts_at)
);

---------------------------------------------------------------------------------------------------
-- Suppliers
---------------------------------------------------------------------------------------------------

CREATE TABLE suppliers (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- SUP0000042
  name                TEXT NOT NULL,             -- trading name; look-alikes exist on purpose
  legal_name          TEXT NOT NULL,
  tax_id              TEXT,
  country             TEXT NOT NULL,             -- ISO 3166 alpha-2, e.g. 'US'
  address             TEXT,
  email               TEXT,                      -- accounts receivable address of record
  phone               TEXT,                      -- main number of record: bank-detail callbacks go here
  website             TEXT,
  primary_category_id INTEGER REFERENCES spend_categories(id),
  status              TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'inactive')),
  screening_status    TEXT NOT NULL CHECK (screening_status IN ('not_screened', 'clear', 'potential_match', 'confirmed_match')),
  risk_rating         TEXT NOT NULL DEFAULT 'low' CHECK (risk_rating IN ('low', 'medium', 'high')),
  payment_terms_days  INTEGER NOT NULL DEFAULT 30,   -- net days from invoice date
  early_discount_pct  REAL NOT NULL DEFAULT 0,       -- e.g. 2.0 for "2/10 net 30"
  early_discount_days INTEGER NOT NULL DEFAULT 0,    -- days from invoice date the discount holds
  blocked_reason      TEXT,
  onboarded_by_id     INTEGER REFERENCES users(id),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK (status <> 'blocked' OR blocked_reason IS NOT NULL)
);

CREATE TABLE supplier_contacts (
  id          INTEGER PRIMARY KEY,
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
  name        TEXT NOT NULL,
  role        TEXT,                              -- 'Accounts receivable', 'Account manager', ...
  email       TEXT,
  phone       TEXT,
  is_primary  INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1
);

-- Bank details. Payments go only to a 'verified' account; a change arrives as a new row
-- 'pending_verification', is verified by a callback to the phone of record (callback_phone_on_file,
-- copied from suppliers.phone when the change was requested, never the number in the request), and on
-- verification the previous verified row becomes 'superseded'. Only the last 4 digits are kept.
CREATE TABLE supplier_bank_accounts (
  id                     INTEGER PRIMARY KEY,
  supplier_id            INTEGER NOT NULL REFERENCES suppliers(id),
  bank_name              TEXT NOT NULL,
  account_holder         TEXT NOT NULL,
  account_masked         TEXT NOT NULL,         -- '****4821'
  routing_masked         TEXT,                  -- '****0021' (ABA / sort code / BIC, masked)
  country                TEXT NOT NULL,
  status                 TEXT NOT NULL CHECK (status IN ('pending_verification', 'verified', 'rejected', 'superseded')),
  source_document_id     INTEGER REFERENCES ap_inbox_documents(id),  -- the email that asked for it
  requested_by_id        INTEGER NOT NULL REFERENCES users(id),      -- who entered the change
  requested_at           TEXT NOT NULL,
  callback_phone_on_file TEXT,                  -- the supplier's number of record at request time
  phone_in_request       TEXT,                  -- the number the request itself gave (not to be called)
  verified_by_id         INTEGER REFERENCES users(id),
  verified_at            TEXT,
  callback_notes         TEXT,
  rejected_reason        TEXT,
  CHECK (status <> 'verified' OR (verified_by_id IS NOT NULL AND verified_at IS NOT NULL))
);

-- The watch lists screening compares supplier names against (sanctions, debarment).
CREATE TABLE sanctions_list_entries (
  id        INTEGER PRIMARY KEY,
  list      TEXT NOT NULL CHECK (list IN ('OFAC SDN', 'EU Consolidated', 'UN Security Council', 'UK HMT')),
  name      TEXT NOT NULL,
  country   TEXT,
  program   TEXT,                                -- e.g. 'RUSSIA-EO14024'
  listed_on TEXT NOT NULL
);

-- One screening run's hit (or clear result) for a supplier, and its review.
CREATE TABLE supplier_screenings (
  id             INTEGER PRIMARY KEY,
  supplier_id    INTEGER NOT NULL REFERENCES suppliers(id),
  list           TEXT,                           -- NULL when result = 'clear'
  entry_id       INTEGER REFERENCES sanctions_list_entries(id),
  matched_name   TEXT,
  score          INTEGER CHECK (score BETWEEN 0 AND 100),
  result         TEXT NOT NULL CHECK (result IN ('clear', 'potential_match', 'false_positive', 'confirmed_match')),
  screened_at    TEXT NOT NULL,
  reviewed_by_id INTEGER REFERENCES users(id),
  reviewed_at    TEXT,
  notes          TEXT
);

CREATE TABLE preferred_suppliers (
  id          INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES spend_categories(id),
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
  rank        INTEGER NOT NULL CHECK (rank >= 1),     -- 1 = first choice
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,                                   -- NULL: open-ended
  UNIQUE (category_id, supplier_id)
);

---------------------------------------------------------------------------------------------------
-- Contracts and catalog
---------------------------------------------------------------------------------------------------

-- consumed_cents = the value of the non-cancelled purchase orders placed against the contract.
CREATE TABLE contracts (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,           -- CTR0000042
  supplier_id    INTEGER NOT NULL REFERENCES suppliers(id),
  title          TEXT NOT NULL,
  category_id    INTEGER REFERENCES spend_categories(id),
  starts_on      TEXT NOT NULL,
  ends_on        TEXT NOT NULL,                  -- inclusive
  ceiling_cents  INTEGER NOT NULL CHECK (ceiling_cents > 0),
  consumed_cents INTEGER NOT NULL DEFAULT 0 CHECK (consumed_cents >= 0),
  status         TEXT NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'terminated')),
  owner_id       INTEGER NOT NULL REFERENCES users(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (ends_on >= starts_on)
);

CREATE TABLE purchase_catalog_items (
  id                INTEGER PRIMARY KEY,
  sku               TEXT NOT NULL UNIQUE,        -- e.g. 'HW-LAP-14P'
  name              TEXT NOT NULL,
  description       TEXT,
  category_id       INTEGER NOT NULL REFERENCES spend_categories(id),
  unit              TEXT NOT NULL,               -- 'each', 'box', 'license', 'hour', 'month'
  supplier_id       INTEGER NOT NULL REFERENCES suppliers(id),
  contract_id       INTEGER REFERENCES contracts(id),
  list_price_cents  INTEGER NOT NULL CHECK (list_price_cents > 0),
  active            INTEGER NOT NULL DEFAULT 1
);

-- Agreed unit prices under a contract (below list price); a catalog buy uses the contract price while
-- the contract is active and the date falls in the price's validity.
CREATE TABLE contract_prices (
  id               INTEGER PRIMARY KEY,
  contract_id      INTEGER NOT NULL REFERENCES contracts(id),
  catalog_item_id  INTEGER NOT NULL REFERENCES purchase_catalog_items(id),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0),
  valid_from       TEXT NOT NULL,
  valid_to         TEXT NOT NULL,
  UNIQUE (contract_id, catalog_item_id, valid_from)
);

---------------------------------------------------------------------------------------------------
-- Inbox: documents as they arrive (emailed invoices, CSV exports, quotes, bank-change requests)
---------------------------------------------------------------------------------------------------

CREATE TABLE ap_inbox_documents (
  id                   INTEGER PRIMARY KEY,
  number               TEXT NOT NULL UNIQUE,     -- DOC0001042
  kind                 TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'quote', 'bank_change_request', 'statement', 'inquiry')),
  sender               TEXT NOT NULL,            -- the From address as received (may not be the supplier's)
  supplier_id          INTEGER REFERENCES suppliers(id),  -- the supplier it claims to be from, if known
  subject              TEXT NOT NULL,
  received_at          TEXT NOT NULL,
  format               TEXT NOT NULL CHECK (format IN ('text', 'csv')),
  body                 TEXT NOT NULL,
  processed            INTEGER NOT NULL DEFAULT 0,
  processed_by_id      INTEGER REFERENCES users(id),
  processed_at         TEXT,
  linked_record_number TEXT                      -- INV/QT/SUP record made from it
);

---------------------------------------------------------------------------------------------------
-- Requisitions, quotes, approvals
---------------------------------------------------------------------------------------------------

CREATE TABLE requisitions (
  id                INTEGER PRIMARY KEY,
  number            TEXT NOT NULL UNIQUE,        -- PR0001042
  title             TEXT NOT NULL,
  requester_id      INTEGER NOT NULL REFERENCES users(id),   -- who raised it
  requested_for_id  INTEGER NOT NULL REFERENCES users(id),   -- who needs it (often the same)
  cost_center_id    INTEGER NOT NULL REFERENCES cost_centers(id),
  gl_account_id     INTEGER REFERENCES gl_accounts(id),      -- header default for its lines
  supplier_id       INTEGER REFERENCES suppliers(id),        -- suggested / chosen supplier
  contract_id       INTEGER REFERENCES contracts(id),        -- when bought under one contract
  justification     TEXT,
  needed_by         TEXT,                        -- 'YYYY-MM-DD'
  total_cents       INTEGER NOT NULL DEFAULT 0,  -- = sum of its lines' amount_cents
  status            TEXT NOT NULL CHECK (status IN ('draft', 'pending_approval', 'approved', 'rejected', 'ordered', 'cancelled')),
  created_at        TEXT NOT NULL,
  submitted_at      TEXT,
  approved_at       TEXT,
  updated_at        TEXT NOT NULL,
  cancelled_reason  TEXT
);

-- A catalog line names its catalog item (and contract when priced from one); a non-catalog line only
-- a description, category and a price from a quote.
CREATE TABLE requisition_lines (
  id               INTEGER PRIMARY KEY,
  requisition_id   INTEGER NOT NULL REFERENCES requisitions(id),
  line_no          INTEGER NOT NULL,
  catalog_item_id  INTEGER REFERENCES purchase_catalog_items(id),
  contract_id      INTEGER REFERENCES contracts(id),
  description      TEXT NOT NULL,
  category_id      INTEGER NOT NULL REFERENCES spend_categories(id),
  gl_account_id    INTEGER NOT NULL REFERENCES gl_accounts(id),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit             TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  amount_cents     INTEGER NOT NULL,             -- = quantity * unit_price_cents
  UNIQUE (requisition_id, line_no),
  CHECK (amount_cents = quantity * unit_price_cents)
);

CREATE TABLE quotes (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,           -- QT0001042
  requisition_id INTEGER REFERENCES requisitions(id),   -- NULL until attached
  supplier_id    INTEGER NOT NULL REFERENCES suppliers(id),
  document_id    INTEGER REFERENCES ap_inbox_documents(id),
  amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
  valid_until    TEXT,                           -- 'YYYY-MM-DD'
  received_at    TEXT NOT NULL,
  selected       INTEGER NOT NULL DEFAULT 0,
  attached_by_id INTEGER REFERENCES users(id),
  attached_at    TEXT,
  notes          TEXT
);

-- One step of an approval chain. object_type/object_id name the document; approver_id is who the step
-- is for, acted_by_id who actually decided (the approver, or their delegate); escalated_to_id is set
-- when the escalation event moved the step up. Steps of a superseded chain (a change order, a
-- withdrawn requisition) become 'cancelled'.
CREATE TABLE procurement_approvals (
  id              INTEGER PRIMARY KEY,
  object_type     TEXT NOT NULL CHECK (object_type IN ('requisition', 'purchase_order', 'change_order', 'invoice')),
  object_id       INTEGER NOT NULL,
  record_number   TEXT NOT NULL,                 -- PR/PO/PCO/INV number of the object
  step            INTEGER NOT NULL,              -- approval_bands.step
  approver_id     INTEGER NOT NULL REFERENCES users(id),
  acted_by_id     INTEGER REFERENCES users(id),
  escalated_to_id INTEGER REFERENCES users(id),
  status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'escalated', 'skipped', 'cancelled')),
  amount_cents    INTEGER NOT NULL,              -- the amount approved at this step
  requested_at    TEXT NOT NULL,
  due_at          TEXT,                          -- escalated by the clock event if still pending then
  acted_at        TEXT,
  comment         TEXT
);

---------------------------------------------------------------------------------------------------
-- Purchase orders and change orders
---------------------------------------------------------------------------------------------------

-- total_cents = sum of its lines' amount_cents. budget_period is the quarter the order commits to.
CREATE TABLE purchase_orders (
  id                 INTEGER PRIMARY KEY,
  number             TEXT NOT NULL UNIQUE,       -- PO0001042
  requisition_id     INTEGER REFERENCES requisitions(id),
  supplier_id        INTEGER NOT NULL REFERENCES suppliers(id),
  contract_id        INTEGER REFERENCES contracts(id),
  buyer_id           INTEGER NOT NULL REFERENCES users(id),
  cost_center_id     INTEGER NOT NULL REFERENCES cost_centers(id),
  budget_period      TEXT NOT NULL REFERENCES budget_periods(code),
  status             TEXT NOT NULL CHECK (status IN ('draft', 'pending_approval', 'approved', 'issued', 'partially_received', 'received', 'closed', 'cancelled')),
  revision           INTEGER NOT NULL DEFAULT 0, -- +1 per approved change order
  total_cents        INTEGER NOT NULL DEFAULT 0,
  approved_total_cents INTEGER NOT NULL DEFAULT 0, -- the cumulative total last approved (change orders re-approve above it)
  payment_terms_days INTEGER NOT NULL,
  ship_to            TEXT,                       -- office name (locations.name)
  created_at         TEXT NOT NULL,
  approved_at        TEXT,
  issued_at          TEXT,
  closed_at          TEXT,
  cancelled_at       TEXT,
  cancel_reason      TEXT,
  updated_at         TEXT NOT NULL
);

-- Quantities: received is net of returns; received <= ordered; invoiced counts approved/paid invoice lines.
CREATE TABLE po_lines (
  id                  INTEGER PRIMARY KEY,
  po_id               INTEGER NOT NULL REFERENCES purchase_orders(id),
  line_no             INTEGER NOT NULL,
  requisition_line_id INTEGER REFERENCES requisition_lines(id),
  catalog_item_id     INTEGER REFERENCES purchase_catalog_items(id),
  description         TEXT NOT NULL,
  category_id         INTEGER NOT NULL REFERENCES spend_categories(id),
  gl_account_id       INTEGER NOT NULL REFERENCES gl_accounts(id),
  unit                TEXT NOT NULL,
  quantity_ordered    INTEGER NOT NULL CHECK (quantity_ordered >= 0),
  quantity_received   INTEGER NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  quantity_invoiced   INTEGER NOT NULL DEFAULT 0 CHECK (quantity_invoiced >= 0),
  unit_price_cents    INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  amount_cents        INTEGER NOT NULL,
  UNIQUE (po_id, line_no),
  CHECK (amount_cents = quantity_ordered * unit_price_cents),
  CHECK (quantity_received <= quantity_ordered)
);

-- A change to an issued order: re-approved at the new cumulative total (new_total_cents).
CREATE TABLE po_change_orders (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,          -- PCO0001042
  po_id           INTEGER NOT NULL REFERENCES purchase_orders(id),
  revision        INTEGER NOT NULL,              -- the PO revision this change would become
  requested_by_id INTEGER NOT NULL REFERENCES users(id),
  reason          TEXT NOT NULL,
  old_total_cents INTEGER NOT NULL,
  new_total_cents INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending_approval', 'approved', 'rejected', 'cancelled')),
  requested_at    TEXT NOT NULL,
  decided_at      TEXT,
  UNIQUE (po_id, revision)
);

-- The line edits of a change order: a quantity or price change of an existing line, or a new line
-- (po_line_id NULL).
CREATE TABLE po_change_lines (
  id                   INTEGER PRIMARY KEY,
  change_order_id      INTEGER NOT NULL REFERENCES po_change_orders(id),
  po_line_id           INTEGER REFERENCES po_lines(id),
  description          TEXT NOT NULL,
  old_quantity         INTEGER,
  new_quantity         INTEGER NOT NULL CHECK (new_quantity >= 0),
  old_unit_price_cents INTEGER,
  new_unit_price_cents INTEGER NOT NULL CHECK (new_unit_price_cents >= 0)
);

---------------------------------------------------------------------------------------------------
-- Receiving
---------------------------------------------------------------------------------------------------

-- kind 'receipt' adds to po_lines.quantity_received, kind 'return' takes it back (quantities positive).
CREATE TABLE goods_receipts (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,           -- GR0001042
  po_id          INTEGER NOT NULL REFERENCES purchase_orders(id),
  kind           TEXT NOT NULL CHECK (kind IN ('receipt', 'return')),
  received_by_id INTEGER NOT NULL REFERENCES users(id),
  received_at    TEXT NOT NULL,
  delivery_note  TEXT,                           -- supplier's delivery / RMA reference
  notes          TEXT
);

CREATE TABLE goods_receipt_lines (
  id            INTEGER PRIMARY KEY,
  receipt_id    INTEGER NOT NULL REFERENCES goods_receipts(id),
  po_line_id    INTEGER NOT NULL REFERENCES po_lines(id),
  quantity      INTEGER NOT NULL CHECK (quantity > 0),
  condition     TEXT NOT NULL DEFAULT 'good' CHECK (condition IN ('good', 'damaged', 'wrong_item')),
  return_reason TEXT
);

---------------------------------------------------------------------------------------------------
-- Supplier invoices and payments
---------------------------------------------------------------------------------------------------

-- match_result says what the last match found (precedence: duplicate, missing_receipt,
-- quantity_variance, price_variance, within_tolerance, matched); 'not_run' before any match.
-- An invoice on hold names why in hold_reason. duplicate_of_id points at the earlier invoice it repeats.
CREATE TABLE supplier_invoices (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- INV0001042 (ours)
  supplier_invoice_no TEXT NOT NULL,             -- as printed by the supplier
  supplier_id         INTEGER NOT NULL REFERENCES suppliers(id),
  po_id               INTEGER REFERENCES purchase_orders(id),
  cost_center_id      INTEGER REFERENCES cost_centers(id),  -- coding: the PO's, or chosen for a non-PO invoice
  gl_account_id       INTEGER REFERENCES gl_accounts(id),
  document_id         INTEGER REFERENCES ap_inbox_documents(id),
  invoice_date        TEXT NOT NULL,             -- 'YYYY-MM-DD'
  due_date            TEXT NOT NULL,             -- invoice_date + the supplier's payment terms
  discount_due_date   TEXT,                      -- last day of the early-payment discount, if any
  discount_cents      INTEGER NOT NULL DEFAULT 0,-- the discount if paid by discount_due_date
  subtotal_cents      INTEGER NOT NULL,          -- = sum of its lines
  tax_cents           INTEGER NOT NULL DEFAULT 0,
  amount_cents        INTEGER NOT NULL,          -- subtotal + tax: what the supplier asks
  status              TEXT NOT NULL CHECK (status IN ('received', 'matched', 'on_hold', 'approved', 'rejected', 'scheduled', 'paid')),
  match_type          TEXT NOT NULL DEFAULT 'three_way' CHECK (match_type IN ('two_way', 'three_way')),
  match_result        TEXT NOT NULL DEFAULT 'not_run' CHECK (match_result IN ('not_run', 'matched', 'within_tolerance', 'price_variance', 'quantity_variance', 'missing_receipt', 'duplicate', 'no_po')),
  hold_reason         TEXT CHECK (hold_reason IN ('price_variance', 'quantity_variance', 'missing_receipt', 'duplicate_suspected', 'no_po', 'supplier_blocked', 'bank_unverified', 'manual')),
  duplicate_of_id     INTEGER REFERENCES supplier_invoices(id),
  approved_by_id      INTEGER REFERENCES users(id),
  approved_at         TEXT,
  rejected_reason     TEXT,
  received_at         TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK (amount_cents = subtotal_cents + tax_cents),
  CHECK (status <> 'on_hold' OR hold_reason IS NOT NULL)
);

CREATE TABLE supplier_invoice_lines (
  id               INTEGER PRIMARY KEY,
  invoice_id       INTEGER NOT NULL REFERENCES supplier_invoices(id),
  line_no          INTEGER NOT NULL,
  po_line_id       INTEGER REFERENCES po_lines(id),
  description      TEXT NOT NULL,
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  amount_cents     INTEGER NOT NULL,
  UNIQUE (invoice_id, line_no),
  CHECK (amount_cents = quantity * unit_price_cents)
);

-- One payment per invoice. amount_cents = invoice amount - discount_taken_cents.
CREATE TABLE payments (
  id                   INTEGER PRIMARY KEY,
  number               TEXT NOT NULL UNIQUE,     -- PAY0001042
  invoice_id           INTEGER NOT NULL REFERENCES supplier_invoices(id),
  supplier_id          INTEGER NOT NULL REFERENCES suppliers(id),
  bank_account_id      INTEGER NOT NULL REFERENCES supplier_bank_accounts(id),
  amount_cents         INTEGER NOT NULL CHECK (amount_cents > 0),
  discount_taken_cents INTEGER NOT NULL DEFAULT 0 CHECK (discount_taken_cents >= 0),
  scheduled_for        TEXT NOT NULL,            -- 'YYYY-MM-DD'
  status               TEXT NOT NULL CHECK (status IN ('scheduled', 'released', 'paid', 'cancelled')),
  scheduled_by_id      INTEGER NOT NULL REFERENCES users(id),
  scheduled_at         TEXT NOT NULL,
  released_by_id       INTEGER REFERENCES users(id),
  released_at          TEXT,
  paid_at              TEXT,
  cancelled_reason     TEXT
);

---------------------------------------------------------------------------------------------------
-- History
---------------------------------------------------------------------------------------------------

-- Every change to a procurement record, field by field (the ITSM audit_log's counterpart).
CREATE TABLE procurement_history (
  id            INTEGER PRIMARY KEY,
  record_number TEXT NOT NULL,                   -- PR/PO/PCO/GR/INV/PAY/SUP/CTR/QT/DOC number
  field         TEXT NOT NULL,                   -- column name, or an action such as 'created', 'escalated'
  old_value     TEXT,
  new_value     TEXT,
  actor_id      INTEGER REFERENCES users(id),    -- NULL: the system (events)
  at            TEXT NOT NULL
);
