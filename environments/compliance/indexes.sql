-- Run after seed.lua: the lookup indexes the tools use (building them once over the seeded rows is cheaper
-- than keeping them current row by row during the seed). Numbers, codes and (parent, child) pairs declared
-- UNIQUE in schema.sql are indexed by their constraints already. The name searches (vendors, subjects) run
-- over a few hundred rows each, so a NOCASE index is enough; no trigram index is needed.

-- Controls, requirements, tests, evidence
CREATE INDEX framework_requirements_framework ON framework_requirements(framework_id);
CREATE INDEX grc_controls_owner ON grc_controls(owner_id);
CREATE INDEX grc_controls_status ON grc_controls(status);
CREATE INDEX grc_controls_system ON grc_controls(system_id);
CREATE INDEX control_requirements_requirement ON control_requirements(requirement_id);
CREATE INDEX control_tests_tester ON control_tests(tester_id);
CREATE INDEX control_tests_status ON control_tests(status, period_end);
-- A control's newest tests and evidence first, read in index order (get_control shows the latest few): no sort.
CREATE INDEX control_tests_recent ON control_tests(control_id, period_start DESC, number DESC);
CREATE INDEX evidence_control ON evidence(control_id, collected_on DESC, number DESC);
CREATE INDEX evidence_test ON evidence(test_id);
CREATE INDEX evidence_status ON evidence(status, valid_until);

-- Findings and what hangs off them
CREATE INDEX findings_status ON findings(status, due_on);
CREATE INDEX findings_owner ON findings(owner_id);
CREATE INDEX findings_control ON findings(control_id, number);
CREATE INDEX findings_exception ON findings(exception_id);
CREATE INDEX findings_audit ON findings(audit_id);
CREATE INDEX remediation_tasks_finding ON remediation_tasks(finding_id);
CREATE INDEX remediation_tasks_assignee ON remediation_tasks(assignee_id, status);
CREATE INDEX risk_acceptances_finding ON risk_acceptances(finding_id);
CREATE INDEX risk_acceptances_status ON risk_acceptances(status, expires_on);

-- Policies and exceptions
CREATE INDEX compliance_policies_owner ON compliance_policies(owner_id);
CREATE INDEX compliance_policies_status ON compliance_policies(status, next_review_on);
CREATE INDEX policy_versions_policy ON policy_versions(policy_id);
CREATE INDEX policy_exceptions_status ON policy_exceptions(status, expires_on);
CREATE INDEX policy_exceptions_control ON policy_exceptions(control_id);
CREATE INDEX policy_exceptions_compensating ON policy_exceptions(compensating_control_id);
CREATE INDEX policy_exceptions_policy ON policy_exceptions(policy_id);
CREATE INDEX policy_exceptions_requester ON policy_exceptions(requester_id);
CREATE INDEX policy_exceptions_subject ON policy_exceptions(user_id, sod_rule_id);
CREATE INDEX exception_extensions_exception ON exception_extensions(exception_id);

-- Access
CREATE INDEX business_systems_owner ON business_systems(owner_id);
CREATE INDEX entitlements_code ON entitlements(code);
CREATE INDEX sod_rules_a ON sod_rules(entitlement_a_id);
CREATE INDEX sod_rules_b ON sod_rules(entitlement_b_id);
CREATE INDEX access_grants_user ON access_grants(user_id, status);
CREATE INDEX access_grants_entitlement ON access_grants(entitlement_id, status);
CREATE INDEX access_grants_exception ON access_grants(exception_id);
CREATE INDEX access_review_campaigns_status ON access_review_campaigns(status, closes_on);
CREATE INDEX access_review_campaigns_owner ON access_review_campaigns(owner_id);
CREATE INDEX access_review_items_reviewer ON access_review_items(reviewer_id, decision);
CREATE INDEX access_review_items_grant ON access_review_items(grant_id);

-- Vendors
CREATE INDEX vendor_risk_profiles_name_nocase ON vendor_risk_profiles(vendor_name COLLATE NOCASE);
CREATE INDEX vendor_risk_profiles_supplier ON vendor_risk_profiles(supplier_number);
CREATE INDEX vendor_risk_profiles_tier ON vendor_risk_profiles(tier, next_assessment_due);
CREATE INDEX vendor_risk_profiles_owner ON vendor_risk_profiles(owner_id);
CREATE INDEX vendor_assessments_profile ON vendor_assessments(profile_id, started_on);

-- Privacy
CREATE INDEX data_inventory_category ON data_inventory(category_id);
CREATE INDEX data_subjects_email_nocase ON data_subjects(email COLLATE NOCASE);
CREATE INDEX data_subjects_name_nocase ON data_subjects(full_name COLLATE NOCASE);
CREATE INDEX data_subjects_user ON data_subjects(user_id);
CREATE INDEX personal_data_records_system ON personal_data_records(system_id);
CREATE INDEX personal_data_records_category ON personal_data_records(category_id);
CREATE INDEX dsr_requests_subject ON dsr_requests(subject_id);
CREATE INDEX dsr_requests_email_nocase ON dsr_requests(requester_email COLLATE NOCASE);
CREATE INDEX dsr_requests_status ON dsr_requests(status, due_on);
CREATE INDEX dsr_requests_handler ON dsr_requests(handled_by_id);
CREATE INDEX dsr_actions_dsr ON dsr_actions(dsr_id);
CREATE INDEX legal_holds_subject ON legal_holds(subject_id, status);
CREATE INDEX legal_holds_category ON legal_holds(category_id, status);
CREATE INDEX breaches_status ON breaches(status, notify_by);

-- Training
CREATE INDEX training_assignments_user ON training_assignments(user_id, status);
CREATE INDEX training_assignments_course ON training_assignments(course_id);
CREATE INDEX training_assignments_status ON training_assignments(status, due_on);

-- Audit trail
CREATE INDEX compliance_history_record ON compliance_history(record_number, id);
CREATE INDEX compliance_history_actor ON compliance_history(actor_id);

-- Trigram indexes behind the free-text searches of controls, vendors and data subjects (the pattern of the
-- company's user index: contentless, no positions, small leaf pages; filled in bulk here, then kept current
-- by triggers). rowid = the table's id. A search looks up a few trigrams and keeps its LIKE, which decides.
CREATE VIRTUAL TABLE _grc_control_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _grc_control_text(_grc_control_text, rank) VALUES ('pgsz', 400);
INSERT INTO _grc_control_text(rowid, text)
  SELECT id, coalesce(number, '') || ' ' || coalesce(title, '') || ' ' || coalesce(description, '') FROM grc_controls;
CREATE TRIGGER grc_control_text_insert AFTER INSERT ON grc_controls BEGIN
  INSERT INTO _grc_control_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.title, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER grc_control_text_update AFTER UPDATE OF number, title, description ON grc_controls BEGIN
  INSERT INTO _grc_control_text(_grc_control_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.title, '') || ' ' || coalesce(old.description, ''));
  INSERT INTO _grc_control_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.title, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER grc_control_text_delete AFTER DELETE ON grc_controls BEGIN
  INSERT INTO _grc_control_text(_grc_control_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.title, '') || ' ' || coalesce(old.description, ''));
END;
CREATE VIRTUAL TABLE _vendor_profile_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _vendor_profile_text(_vendor_profile_text, rank) VALUES ('pgsz', 400);
INSERT INTO _vendor_profile_text(rowid, text)
  SELECT id, coalesce(number, '') || ' ' || coalesce(vendor_name, '') || ' ' || coalesce(supplier_number, '') FROM vendor_risk_profiles;
CREATE TRIGGER vendor_profile_text_insert AFTER INSERT ON vendor_risk_profiles BEGIN
  INSERT INTO _vendor_profile_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.vendor_name, '') || ' ' || coalesce(new.supplier_number, ''));
END;
CREATE TRIGGER vendor_profile_text_update AFTER UPDATE OF number, vendor_name, supplier_number ON vendor_risk_profiles BEGIN
  INSERT INTO _vendor_profile_text(_vendor_profile_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.vendor_name, '') || ' ' || coalesce(old.supplier_number, ''));
  INSERT INTO _vendor_profile_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.vendor_name, '') || ' ' || coalesce(new.supplier_number, ''));
END;
CREATE TRIGGER vendor_profile_text_delete AFTER DELETE ON vendor_risk_profiles BEGIN
  INSERT INTO _vendor_profile_text(_vendor_profile_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.vendor_name, '') || ' ' || coalesce(old.supplier_number, ''));
END;
CREATE VIRTUAL TABLE _data_subject_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _data_subject_text(_data_subject_text, rank) VALUES ('pgsz', 400);
INSERT INTO _data_subject_text(rowid, text)
  SELECT id, coalesce(full_name, '') || ' ' || coalesce(email, '') FROM data_subjects;
CREATE TRIGGER data_subject_text_insert AFTER INSERT ON data_subjects BEGIN
  INSERT INTO _data_subject_text(rowid, text) VALUES (new.id, coalesce(new.full_name, '') || ' ' || coalesce(new.email, ''));
END;
CREATE TRIGGER data_subject_text_update AFTER UPDATE OF full_name, email ON data_subjects BEGIN
  INSERT INTO _data_subject_text(_data_subject_text, rowid, text) VALUES ('delete', old.id, coalesce(old.full_name, '') || ' ' || coalesce(old.email, ''));
  INSERT INTO _data_subject_text(rowid, text) VALUES (new.id, coalesce(new.full_name, '') || ' ' || coalesce(new.email, ''));
END;
CREATE TRIGGER data_subject_text_delete AFTER DELETE ON data_subjects BEGIN
  INSERT INTO _data_subject_text(_data_subject_text, rowid, text) VALUES ('delete', old.id, coalesce(old.full_name, '') || ' ' || coalesce(old.email, ''));
END;
