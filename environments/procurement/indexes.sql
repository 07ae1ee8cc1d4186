-- Run after seed.lua: the lookup indexes the tools use (building them once over the seeded rows is
-- cheaper than keeping them current row by row during the seed), and trigram indexes behind the free-text
-- searches of suppliers and inbox documents. Numbers (UNIQUE) and (parent, line_no) pairs are indexed by
-- their constraints already.

-- Suppliers and what hangs off them
CREATE INDEX suppliers_status ON suppliers(status);
CREATE INDEX suppliers_name_nocase ON suppliers(name COLLATE NOCASE);
CREATE INDEX suppliers_category ON suppliers(primary_category_id);
CREATE INDEX supplier_contacts_supplier ON supplier_contacts(supplier_id);
CREATE INDEX supplier_bank_accounts_supplier ON supplier_bank_accounts(supplier_id, status);
CREATE INDEX supplier_bank_accounts_status ON supplier_bank_accounts(status);
CREATE INDEX supplier_screenings_supplier ON supplier_screenings(supplier_id);
CREATE INDEX supplier_screenings_result ON supplier_screenings(result);
CREATE INDEX preferred_suppliers_supplier ON preferred_suppliers(supplier_id);
CREATE INDEX sanctions_list_entries_name ON sanctions_list_entries(name COLLATE NOCASE);

-- Contracts and catalog
CREATE INDEX contracts_supplier ON contracts(supplier_id);
CREATE INDEX contracts_status ON contracts(status, ends_on);
CREATE INDEX purchase_catalog_items_category ON purchase_catalog_items(category_id);
CREATE INDEX purchase_catalog_items_supplier ON purchase_catalog_items(supplier_id);
CREATE INDEX purchase_catalog_items_name_nocase ON purchase_catalog_items(name COLLATE NOCASE);
CREATE INDEX contract_prices_item ON contract_prices(catalog_item_id);

-- Approvals
CREATE INDEX approval_delegations_delegator ON approval_delegations(delegator_id, starts_at);
CREATE INDEX approval_delegations_delegate ON approval_delegations(delegate_id, starts_at);
CREATE INDEX procurement_approvals_object ON procurement_approvals(object_type, object_id, step);
CREATE INDEX procurement_approvals_approver ON procurement_approvals(approver_id, status);

-- Requisitions and quotes
CREATE INDEX requisitions_status ON requisitions(status, created_at);
CREATE INDEX requisitions_requester ON requisitions(requester_id, created_at);
CREATE INDEX requisitions_cost_center ON requisitions(cost_center_id);
CREATE INDEX requisition_lines_item ON requisition_lines(catalog_item_id);
CREATE INDEX quotes_requisition ON quotes(requisition_id);
CREATE INDEX quotes_supplier ON quotes(supplier_id);

-- Orders and receiving
CREATE INDEX purchase_orders_status ON purchase_orders(status, created_at);
CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id, created_at);
CREATE INDEX purchase_orders_requisition ON purchase_orders(requisition_id);
CREATE INDEX purchase_orders_budget ON purchase_orders(cost_center_id, budget_period);
CREATE INDEX purchase_orders_buyer ON purchase_orders(buyer_id);
CREATE INDEX purchase_orders_contract ON purchase_orders(contract_id);
CREATE INDEX po_change_lines_change ON po_change_lines(change_order_id);
CREATE INDEX goods_receipts_po ON goods_receipts(po_id);
CREATE INDEX goods_receipt_lines_receipt ON goods_receipt_lines(receipt_id);
CREATE INDEX goods_receipt_lines_po_line ON goods_receipt_lines(po_line_id);

-- Invoices and payments
CREATE INDEX supplier_invoices_supplier_no ON supplier_invoices(supplier_id, supplier_invoice_no);  -- duplicate checks
CREATE INDEX supplier_invoices_po ON supplier_invoices(po_id);
CREATE INDEX supplier_invoices_status ON supplier_invoices(status, due_date);
CREATE INDEX supplier_invoices_duplicate_of ON supplier_invoices(duplicate_of_id);
CREATE INDEX supplier_invoice_lines_po_line ON supplier_invoice_lines(po_line_id);
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_status ON payments(status, scheduled_for);
CREATE INDEX payments_supplier ON payments(supplier_id);

-- Inbox and history
CREATE INDEX ap_inbox_documents_queue ON ap_inbox_documents(processed, received_at);
CREATE INDEX ap_inbox_documents_supplier ON ap_inbox_documents(supplier_id);
CREATE INDEX procurement_history_record ON procurement_history(record_number);

-- Free text: suppliers by any part of their names, number or tax id (look-alikes are found by their
-- pieces); inbox documents by subject and body. Contentless trigram indexes without positions, as ITSM's.
CREATE VIRTUAL TABLE _supplier_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _supplier_text(_supplier_text, rank) VALUES ('pgsz', 400);
INSERT INTO _supplier_text(rowid, text)
  SELECT id, number || ' ' || name || ' ' || legal_name || ' ' || coalesce(tax_id, '') FROM suppliers;
CREATE TRIGGER supplier_text_insert AFTER INSERT ON suppliers BEGIN
  INSERT INTO _supplier_text(rowid, text) VALUES (new.id, new.number || ' ' || new.name || ' ' || new.legal_name || ' ' || coalesce(new.tax_id, ''));
END;
CREATE TRIGGER supplier_text_update AFTER UPDATE OF number, name, legal_name, tax_id ON suppliers BEGIN
  INSERT INTO _supplier_text(_supplier_text, rowid, text) VALUES ('delete', old.id, old.number || ' ' || old.name || ' ' || old.legal_name || ' ' || coalesce(old.tax_id, ''));
  INSERT INTO _supplier_text(rowid, text) VALUES (new.id, new.number || ' ' || new.name || ' ' || new.legal_name || ' ' || coalesce(new.tax_id, ''));
END;
CREATE TRIGGER supplier_text_delete AFTER DELETE ON suppliers BEGIN
  INSERT INTO _supplier_text(_supplier_text, rowid, text) VALUES ('delete', old.id, old.number || ' ' || old.name || ' ' || old.legal_name || ' ' || coalesce(old.tax_id, ''));
END;

CREATE VIRTUAL TABLE _inbox_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _inbox_text(rowid, text)
  SELECT id, number || ' ' || sender || ' ' || subject || ' ' || body FROM ap_inbox_documents;
CREATE TRIGGER inbox_text_insert AFTER INSERT ON ap_inbox_documents BEGIN
  INSERT INTO _inbox_text(rowid, text) VALUES (new.id, new.number || ' ' || new.sender || ' ' || new.subject || ' ' || new.body);
END;
CREATE TRIGGER inbox_text_update AFTER UPDATE OF number, sender, subject, body ON ap_inbox_documents BEGIN
  INSERT INTO _inbox_text(_inbox_text, rowid, text) VALUES ('delete', old.id, old.number || ' ' || old.sender || ' ' || old.subject || ' ' || old.body);
  INSERT INTO _inbox_text(rowid, text) VALUES (new.id, new.number || ' ' || new.sender || ' ' || new.subject || ' ' || new.body);
END;
CREATE TRIGGER inbox_text_delete AFTER DELETE ON ap_inbox_documents BEGIN
  INSERT INTO _inbox_text(_inbox_text, rowid, text) VALUES ('delete', old.id, old.number || ' ' || old.sender || ' ' || old.subject || ' ' || old.body);
END;
