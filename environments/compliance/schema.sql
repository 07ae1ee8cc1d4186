-- Compliance environment: a GRC suite (frameworks, controls, tests, evidence, findings, exceptions, access
-- reviews, vendor risk, training) plus privacy operations (data-subject requests, legal holds, retention,
-- breaches). Built on the company directory (users, departments, roles, groups, notifications, record_kinds).
--
-- Conventions (as ITSM and procurement):
-- * Every table has an INTEGER PRIMARY KEY `id`; records people talk about carry a human number, a letter
--   prefix and 7 digits: CTL0000042 (control), CTT (control test), EVD (evidence), FND (finding), RMT
--   (remediation task), RAC (risk acceptance), POL (policy), EXC (policy exception), AGT (access grant),
--   ARC (access review campaign), ARI (access review item), VRP (vendor risk profile), VAS (vendor
--   assessment), DSR (data-subject request), LHD (legal hold), BRC (breach), TRN (training assignment).
--   The prefixes are registered in record_kinds.
-- * Times are ISO-8601 UTC text ('2026-03-02T09:00:00Z'); calendar dates are 'YYYY-MM-DD'. Both compare
--   as text. A date-bound state ends at the end of its day: an exception with expires_on '2026-03-05' is
--   in force all of that day and expired from 2026-03-06 00:00 UTC.
-- * Booleans are 0/1. Statuses are CHECKed. People are users(id) of the company directory.
-- * Plain lookup indexes are created in indexes.sql, after the seed.
-- * Vendor profiles name procurement's suppliers by number and name only (supplier_number 'SUP0000123'):
--   compliance does not build on procurement and never reads its tables.

---------------------------------------------------------------------------------------------------
-- Settings
---------------------------------------------------------------------------------------------------

-- Policy numbers the tools, rules and events read (exception length, DSR deadlines, breach window), so
-- policy.md and the code cannot drift apart. value is text; numeric settings hold a decimal integer.
CREATE TABLE compliance_settings (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,              -- e.g. 'exception_max_days'
  value       TEXT NOT NULL,
  description TEXT NOT NULL
);

---------------------------------------------------------------------------------------------------
-- Frameworks, requirements, controls
---------------------------------------------------------------------------------------------------

CREATE TABLE frameworks (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,              -- 'PRIV', 'SOX', 'ISO27001'
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('privacy', 'financial', 'security')),
  description TEXT NOT NULL
);

CREATE TABLE framework_requirements (
  id           INTEGER PRIMARY KEY,
  framework_id INTEGER NOT NULL REFERENCES frameworks(id),
  ref          TEXT NOT NULL,                    -- the framework's own reference, e.g. 'A.9.2.5', 'Art. 33'
  title        TEXT NOT NULL,
  text         TEXT NOT NULL,
  UNIQUE (framework_id, ref)
);

CREATE TABLE grc_controls (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,           -- CTL0000042
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,
  domain         TEXT NOT NULL,                  -- e.g. 'Access management', 'Financial close'
  owner_id       INTEGER NOT NULL REFERENCES users(id),
  frequency      TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual')),
  status         TEXT NOT NULL CHECK (status IN ('effective', 'failing', 'not_tested', 'retired')),
  key_control    INTEGER NOT NULL DEFAULT 0 CHECK (key_control IN (0, 1)),
  automated      INTEGER NOT NULL DEFAULT 0 CHECK (automated IN (0, 1)),
  system_id      INTEGER REFERENCES business_systems(id),  -- the system it operates in, if one
  last_tested_on TEXT,                           -- date of the last concluded test (passed or failed)
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

-- Which requirements a control satisfies: many to many, across frameworks (one access-review control
-- serves SOX, ISO 27001 and the privacy framework at once).
CREATE TABLE control_requirements (
  id             INTEGER PRIMARY KEY,
  control_id     INTEGER NOT NULL REFERENCES grc_controls(id),
  requirement_id INTEGER NOT NULL REFERENCES framework_requirements(id),
  UNIQUE (control_id, requirement_id)
);

-- One test of a control for one period. A test passes only on evidence collected within its period and
-- still valid when it concludes; the tester is never the control's owner.
CREATE TABLE control_tests (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- CTT0000042
  control_id   INTEGER NOT NULL REFERENCES grc_controls(id),
  period       TEXT NOT NULL,                    -- '2026-Q1', '2026-02' (monthly), '2025' (annual)
  period_start TEXT NOT NULL,                    -- date
  period_end   TEXT NOT NULL,                    -- date, inclusive
  tester_id    INTEGER REFERENCES users(id),
  status       TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'passed', 'failed')),
  conclusion   TEXT,                             -- the tester's words, set when passed or failed
  planned_on   TEXT NOT NULL,                    -- date the test was scheduled
  started_at   TEXT,                             -- time work began (in_progress)
  tested_at    TEXT,                             -- time it concluded (passed or failed)
  finding_id   INTEGER REFERENCES findings(id),  -- the finding a failed test raised
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (period_end >= period_start),
  CHECK ((status IN ('passed', 'failed')) = (tested_at IS NOT NULL)),
  UNIQUE (control_id, period)
);

CREATE TABLE evidence (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,           -- EVD0000042
  control_id     INTEGER NOT NULL REFERENCES grc_controls(id),
  test_id        INTEGER REFERENCES control_tests(id),  -- the test it was attached to, if any
  title          TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('report', 'screenshot', 'config_export', 'log_extract', 'ticket',
                                              'attestation', 'sign_off', 'document')),
  source         TEXT NOT NULL,                  -- where it came from: a system's code, 'manual upload', ...
  collected_on   TEXT NOT NULL,                  -- date
  valid_until    TEXT NOT NULL,                  -- date, inclusive; stale from the day after
  uploaded_by_id INTEGER NOT NULL REFERENCES users(id),
  status         TEXT NOT NULL CHECK (status IN ('current', 'stale', 'rejected')),
  rejected_reason TEXT,
  uploaded_at    TEXT NOT NULL,
  CHECK (valid_until >= collected_on),
  CHECK (status <> 'rejected' OR rejected_reason IS NOT NULL)
);

-- Audit engagements (internal audit, the external SOX audit, an ISO surveillance audit): findings may
-- come from one.
CREATE TABLE compliance_audits (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,         -- 'AUD-2025-SOX'
  title            TEXT NOT NULL,
  framework_id     INTEGER REFERENCES frameworks(id),
  kind             TEXT NOT NULL CHECK (kind IN ('internal', 'external', 'certification')),
  lead_auditor_id  INTEGER REFERENCES users(id), -- NULL for an external firm
  firm             TEXT,                         -- external auditor's firm
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('planned', 'fieldwork', 'reporting', 'closed'))
);

CREATE TABLE findings (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,            -- FND0000042
  title         TEXT NOT NULL,
  description   TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('control_test', 'audit', 'exception_expiry', 'access_review',
                                               'self_identified', 'vendor_assessment', 'breach')),
  control_id    INTEGER REFERENCES grc_controls(id),
  test_id       INTEGER REFERENCES control_tests(id),
  audit_id      INTEGER REFERENCES compliance_audits(id),
  exception_id  INTEGER REFERENCES policy_exceptions(id),  -- the lapsed exception that opened it
  severity      TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status        TEXT NOT NULL CHECK (status IN ('open', 'remediating', 'ready_for_validation', 'closed', 'risk_accepted')),
  owner_id      INTEGER NOT NULL REFERENCES users(id),
  raised_by_id  INTEGER REFERENCES users(id),    -- NULL: raised by the system (an event)
  raised_on     TEXT NOT NULL,                   -- date
  due_on        TEXT NOT NULL,                   -- remediation due date
  closed_on     TEXT,
  closed_by_id  INTEGER REFERENCES users(id),
  closure_note  TEXT,
  closure_evidence_id INTEGER REFERENCES evidence(id),  -- the evidence that the fix works
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);

CREATE TABLE remediation_tasks (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- RMT0000042
  finding_id   INTEGER NOT NULL REFERENCES findings(id),
  title        TEXT NOT NULL,
  assignee_id  INTEGER NOT NULL REFERENCES users(id),
  due_on       TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  completed_at TEXT,
  notes        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK ((status = 'done') = (completed_at IS NOT NULL))
);

-- A risk accepted for a time instead of remediated: of a finding, or of a named risk with no finding.
CREATE TABLE risk_acceptances (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,          -- RAC0000042
  finding_id      INTEGER REFERENCES findings(id),
  risk_title      TEXT NOT NULL,
  rationale       TEXT NOT NULL,
  requested_by_id INTEGER NOT NULL REFERENCES users(id),
  approver_id     INTEGER REFERENCES users(id),  -- set when approved or rejected
  status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'expired', 'revoked')),
  approved_at     TEXT,                          -- time approved
  expires_on      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (status NOT IN ('approved', 'expired') OR (approver_id IS NOT NULL AND approved_at IS NOT NULL))
);

---------------------------------------------------------------------------------------------------
-- Policies and exceptions
---------------------------------------------------------------------------------------------------

CREATE TABLE compliance_policies (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,          -- POL0000042
  title           TEXT NOT NULL UNIQUE,
  current_version TEXT NOT NULL,                 -- the version in force (or being drafted), e.g. '3.1'
  owner_id        INTEGER NOT NULL REFERENCES users(id),
  framework_id    INTEGER REFERENCES frameworks(id),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
  summary         TEXT NOT NULL,
  published_on    TEXT,
  last_reviewed_on TEXT,
  next_review_on  TEXT,                          -- annual review due
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE policy_versions (
  id             INTEGER PRIMARY KEY,
  policy_id      INTEGER NOT NULL REFERENCES compliance_policies(id),
  version        TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'superseded')),
  summary        TEXT NOT NULL,                  -- what changed in this version
  author_id      INTEGER NOT NULL REFERENCES users(id),
  approved_by_id INTEGER REFERENCES users(id),
  approved_on    TEXT,
  published_on   TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (policy_id, version)
);

-- The annual review of a policy: kept as it is, or sent for revision (a new version).
CREATE TABLE policy_reviews (
  id          INTEGER PRIMARY KEY,
  policy_id   INTEGER NOT NULL REFERENCES compliance_policies(id),
  reviewer_id INTEGER NOT NULL REFERENCES users(id),
  reviewed_on TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('no_change', 'revise')),
  notes       TEXT
);

-- A time-boxed permission to depart from a policy or a control. At most 180 days, never backdated; a
-- high-risk one names a compensating control; the approver is never the requester. An exception may
-- mitigate a segregation-of-duties conflict: sod_rule_id and user_id then say whose conflict.
CREATE TABLE policy_exceptions (
  id                      INTEGER PRIMARY KEY,
  number                  TEXT NOT NULL UNIQUE,  -- EXC0000042
  title                   TEXT NOT NULL,
  policy_id               INTEGER REFERENCES compliance_policies(id),
  control_id              INTEGER REFERENCES grc_controls(id),
  sod_rule_id             INTEGER REFERENCES sod_rules(id),
  user_id                 INTEGER REFERENCES users(id),  -- whose access it covers (SoD exceptions)
  requester_id            INTEGER NOT NULL REFERENCES users(id),
  approver_id             INTEGER REFERENCES users(id),  -- set when approved or rejected
  risk_rating             TEXT NOT NULL CHECK (risk_rating IN ('low', 'medium', 'high')),
  justification           TEXT NOT NULL,
  compensating_control_id INTEGER REFERENCES grc_controls(id),
  starts_on               TEXT NOT NULL,
  expires_on              TEXT NOT NULL,
  status                  TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'expired', 'revoked')),
  requested_at            TEXT NOT NULL,
  decided_at              TEXT,
  decision_note           TEXT,
  created_at              TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  CHECK (policy_id IS NOT NULL OR control_id IS NOT NULL),
  CHECK (expires_on >= starts_on),
  CHECK (status NOT IN ('approved', 'expired') OR (approver_id IS NOT NULL AND decided_at IS NOT NULL)),
  CHECK ((sod_rule_id IS NULL) = (user_id IS NULL))
);

CREATE TABLE exception_extensions (
  id              INTEGER PRIMARY KEY,
  exception_id    INTEGER NOT NULL REFERENCES policy_exceptions(id),
  old_expires_on  TEXT NOT NULL,
  new_expires_on  TEXT NOT NULL,
  reason          TEXT NOT NULL,
  requested_by_id INTEGER NOT NULL REFERENCES users(id),
  approved_by_id  INTEGER REFERENCES users(id),
  at              TEXT NOT NULL,
  CHECK (new_expires_on > old_expires_on)
);

---------------------------------------------------------------------------------------------------
-- Systems, entitlements, access
---------------------------------------------------------------------------------------------------

CREATE TABLE business_systems (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,      -- 'ERP', 'PAYROLL', 'CRM', 'CLOUD', 'PROCURE', 'HRIS'
  name                TEXT NOT NULL UNIQUE,
  kind                TEXT NOT NULL CHECK (kind IN ('erp', 'payroll', 'crm', 'cloud', 'procurement', 'hr', 'collaboration')),
  owner_id            INTEGER NOT NULL REFERENCES users(id),
  sox_in_scope        INTEGER NOT NULL DEFAULT 0 CHECK (sox_in_scope IN (0, 1)),
  holds_personal_data INTEGER NOT NULL DEFAULT 0 CHECK (holds_personal_data IN (0, 1)),
  description         TEXT NOT NULL
);

CREATE TABLE entitlements (
  id          INTEGER PRIMARY KEY,
  system_id   INTEGER NOT NULL REFERENCES business_systems(id),
  code        TEXT NOT NULL,                     -- 'supplier_master_edit', 'payment_release'
  name        TEXT NOT NULL,                     -- 'Edit supplier master data'
  description TEXT NOT NULL,
  privileged  INTEGER NOT NULL DEFAULT 0 CHECK (privileged IN (0, 1)),
  UNIQUE (system_id, code)
);

-- Pairs of entitlements one person must not hold together (segregation of duties), within or across
-- systems.
CREATE TABLE sod_rules (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,         -- 'SOD-01'
  entitlement_a_id INTEGER NOT NULL REFERENCES entitlements(id),
  entitlement_b_id INTEGER NOT NULL REFERENCES entitlements(id),
  description      TEXT NOT NULL,
  risk             TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK (entitlement_a_id <> entitlement_b_id)
);

CREATE TABLE access_grants (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,         -- AGT0000042
  user_id          INTEGER NOT NULL REFERENCES users(id),
  entitlement_id   INTEGER NOT NULL REFERENCES entitlements(id),
  granted_on       TEXT NOT NULL,
  granted_by_id    INTEGER NOT NULL REFERENCES users(id),
  status           TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
  revoked_on       TEXT,
  revoked_by_id    INTEGER REFERENCES users(id),
  revoke_reason    TEXT,
  exception_id     INTEGER REFERENCES policy_exceptions(id),  -- the exception that allowed an SoD pair
  request_ref      TEXT,                         -- the access request (an ITSM REQ number) it came from
  CHECK ((status = 'revoked') = (revoked_on IS NOT NULL)),
  CHECK (revoked_on IS NULL OR revoked_on >= granted_on)
);

CREATE TABLE access_review_campaigns (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,              -- ARC0000042
  title       TEXT NOT NULL,
  system_id   INTEGER REFERENCES business_systems(id),  -- NULL: a cross-system scope (e.g. privileged access)
  scope       TEXT NOT NULL,                     -- what it covers, in words
  owner_id    INTEGER NOT NULL REFERENCES users(id),
  opens_on    TEXT NOT NULL,
  closes_on   TEXT NOT NULL,                     -- due date
  status      TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
  closed_at   TEXT,
  closed_by_id INTEGER REFERENCES users(id),
  created_at  TEXT NOT NULL,
  CHECK (closes_on >= opens_on),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

-- One grant to certify in a campaign. A revoke decision is carried out by revoking the grant
-- (access_grants.status) before the campaign closes.
CREATE TABLE access_review_items (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- ARI0000042
  campaign_id  INTEGER NOT NULL REFERENCES access_review_campaigns(id),
  grant_id     INTEGER NOT NULL REFERENCES access_grants(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),  -- whose access (the grant's user)
  reviewer_id  INTEGER NOT NULL REFERENCES users(id),
  decision     TEXT NOT NULL CHECK (decision IN ('pending', 'keep', 'revoke')),
  decided_by_id INTEGER REFERENCES users(id),
  decided_at   TEXT,
  comment      TEXT,
  revoked_at   TEXT,                             -- when a revoke decision was carried out
  UNIQUE (campaign_id, grant_id),
  CHECK ((decision = 'pending') = (decided_at IS NULL))
);

---------------------------------------------------------------------------------------------------
-- Vendor risk
---------------------------------------------------------------------------------------------------

CREATE TABLE vendor_risk_profiles (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- VRP0000042
  supplier_number     TEXT,                      -- procurement's SUP number; NULL for a prospect not yet onboarded
  vendor_name         TEXT NOT NULL,             -- look-alikes exist on purpose
  service             TEXT NOT NULL,             -- what they do for us
  tier                INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),  -- 1 = critical
  criticality         TEXT NOT NULL CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
  data_access         TEXT NOT NULL CHECK (data_access IN ('none', 'internal', 'personal', 'sensitive')),
  country             TEXT NOT NULL,             -- ISO 3166 alpha-2
  owner_id            INTEGER NOT NULL REFERENCES users(id),  -- relationship owner
  status              TEXT NOT NULL CHECK (status IN ('onboarding', 'active', 'under_review', 'approved', 'blocked', 'offboarded')),
  last_assessed_on    TEXT,
  next_assessment_due TEXT,                      -- tier 1: 12 months after the last assessment
  approved_for        TEXT CHECK (approved_for IN ('award', 'renewal')),  -- the last vendor-risk sign-off
  approved_on         TEXT,
  approved_by_id      INTEGER REFERENCES users(id),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

CREATE TABLE vendor_assessments (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- VAS0000042
  profile_id   INTEGER NOT NULL REFERENCES vendor_risk_profiles(id),
  assessor_id  INTEGER NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL CHECK (kind IN ('questionnaire', 'soc2_review', 'onsite')),
  started_on   TEXT NOT NULL,
  completed_on TEXT,
  score        INTEGER CHECK (score BETWEEN 0 AND 100),
  result       TEXT CHECK (result IN ('pass', 'conditional', 'fail')),
  status       TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'cancelled')),
  notes        TEXT,
  CHECK ((status = 'completed') = (completed_on IS NOT NULL AND result IS NOT NULL AND score IS NOT NULL))
);

---------------------------------------------------------------------------------------------------
-- Privacy: data map, subjects, requests, holds, breaches
---------------------------------------------------------------------------------------------------

CREATE TABLE data_categories (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,              -- 'contact', 'payroll', 'invoices', 'health'
  name        TEXT NOT NULL UNIQUE,
  special     INTEGER NOT NULL DEFAULT 0 CHECK (special IN (0, 1)),  -- special-category (sensitive) data
  description TEXT NOT NULL
);

-- The record of processing: which system holds which category, on what lawful basis, for how long.
CREATE TABLE data_inventory (
  id              INTEGER PRIMARY KEY,
  system_id       INTEGER NOT NULL REFERENCES business_systems(id),
  category_id     INTEGER NOT NULL REFERENCES data_categories(id),
  purpose         TEXT NOT NULL,
  lawful_basis    TEXT NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation', 'legitimate_interest')),
  retention_rule  TEXT NOT NULL,                 -- in words, e.g. '7 years after the end of the financial year'
  retention_years INTEGER NOT NULL,
  retention_duty_id INTEGER REFERENCES retention_duties(id),  -- the legal duty behind the rule, if one
  UNIQUE (system_id, category_id)
);

-- A legal duty to keep a category of data (tax, financial records, payroll): no erasure of such data
-- before the duty ends.
CREATE TABLE retention_duties (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,              -- 'RET-TAX'
  category_id INTEGER NOT NULL REFERENCES data_categories(id),
  basis       TEXT NOT NULL,                     -- 'Tax records', 'Financial records'
  framework_id INTEGER REFERENCES frameworks(id),
  legal_ref   TEXT NOT NULL,
  years       INTEGER NOT NULL CHECK (years > 0),
  description TEXT NOT NULL,
  UNIQUE (category_id, basis)
);

CREATE TABLE data_subjects (
  id         INTEGER PRIMARY KEY,
  full_name  TEXT NOT NULL,                      -- look-alikes exist on purpose
  email      TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('customer', 'employee', 'former_employee', 'supplier_contact')),
  country    TEXT NOT NULL,                      -- ISO 3166 alpha-2
  user_id    INTEGER REFERENCES users(id),       -- the directory account of an (former) employee
  created_at TEXT NOT NULL
);

-- A subject's data held in one system, of one category. Retention-bound until retention_until (a duty or
-- the inventory's rule); erased_at once erased.
CREATE TABLE personal_data_records (
  id           INTEGER PRIMARY KEY,
  subject_id   INTEGER NOT NULL REFERENCES data_subjects(id),
  system_id    INTEGER NOT NULL REFERENCES business_systems(id),
  category_id  INTEGER NOT NULL REFERENCES data_categories(id),
  record_ref   TEXT NOT NULL,                    -- the record's key in its system, e.g. 'CRM-ACC-104233'
  description  TEXT NOT NULL,
  collected_on TEXT NOT NULL,
  retention_until TEXT,                          -- NULL: no retention duty binds it
  state        TEXT NOT NULL CHECK (state IN ('active', 'erased', 'restricted')),
  restricted_reason TEXT,
  erased_at    TEXT,
  erased_by_id INTEGER REFERENCES users(id),
  CHECK ((state = 'erased') = (erased_at IS NOT NULL)),
  UNIQUE (subject_id, system_id, category_id)
);

-- A data-subject request. Answer within one month of receipt (due_on); extendable once by at most two
-- further months (extended_due_on), the subject told before the original due date. The subject may be
-- unknown until identified (subject_id NULL).
CREATE TABLE dsr_requests (
  id                    INTEGER PRIMARY KEY,
  number                TEXT NOT NULL UNIQUE,    -- DSR0000042
  subject_id            INTEGER REFERENCES data_subjects(id),
  requester_name        TEXT NOT NULL,
  requester_email       TEXT NOT NULL,           -- the address the request came from
  request_type          TEXT NOT NULL CHECK (request_type IN ('access', 'erasure', 'rectification', 'portability')),
  channel               TEXT NOT NULL CHECK (channel IN ('email', 'web_form', 'letter', 'phone')),
  details               TEXT NOT NULL,
  received_at           TEXT NOT NULL,
  handled_by_id         INTEGER REFERENCES users(id),
  identity_status       TEXT NOT NULL CHECK (identity_status IN ('unverified', 'verified', 'failed')),
  verified_at           TEXT,
  verified_by_id        INTEGER REFERENCES users(id),
  verification_method   TEXT,                    -- e.g. 'employee ID and payslip reference', 'email round trip'
  due_on                TEXT NOT NULL,           -- one month after receipt
  extended_due_on       TEXT,                    -- at most two months after due_on
  extension_reason      TEXT,
  extension_notified_at TEXT,                    -- when the subject was told of the extension
  status                TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'completed', 'rejected')),
  overdue               INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),  -- set by the deadline event
  response_summary      TEXT,                    -- what was done or why refused
  closed_at             TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  CHECK ((identity_status = 'verified') = (verified_at IS NOT NULL)),
  CHECK ((status IN ('completed', 'rejected')) = (closed_at IS NOT NULL)),
  CHECK (extended_due_on IS NULL OR extended_due_on > due_on)
);

-- What was done for a request: an export sent (to which address), records erased or rectified.
CREATE TABLE dsr_actions (
  id              INTEGER PRIMARY KEY,
  dsr_id          INTEGER NOT NULL REFERENCES dsr_requests(id),
  action          TEXT NOT NULL CHECK (action IN ('export', 'erasure', 'rectification', 'note')),
  record_id       INTEGER REFERENCES personal_data_records(id),
  sent_to         TEXT,                          -- exports: the address the data went to
  categories      TEXT,                          -- exports: the data categories sent (codes, comma separated)
  detail          TEXT NOT NULL,
  actor_id        INTEGER NOT NULL REFERENCES users(id),
  at              TEXT NOT NULL
);

-- A legal hold keeps data from deletion while a matter lasts: one subject's data, or a whole category.
CREATE TABLE legal_holds (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- LHD0000042
  matter       TEXT NOT NULL,                    -- the litigation or investigation
  scope        TEXT NOT NULL CHECK (scope IN ('subject', 'category')),
  subject_id   INTEGER REFERENCES data_subjects(id),
  category_id  INTEGER REFERENCES data_categories(id),
  placed_by_id INTEGER NOT NULL REFERENCES users(id),
  placed_on    TEXT NOT NULL,
  released_on  TEXT,
  status       TEXT NOT NULL CHECK (status IN ('active', 'released')),
  CHECK ((scope = 'subject') = (subject_id IS NOT NULL)),
  CHECK ((scope = 'category') = (category_id IS NOT NULL)),
  CHECK ((status = 'released') = (released_on IS NOT NULL))
);

-- A personal-data breach: the supervisory authority is notified within 72 hours of awareness
-- (notify_by = aware_at + 72 h) unless the breach is unlikely to result in a risk to people.
CREATE TABLE breaches (
  id                    INTEGER PRIMARY KEY,
  number                TEXT NOT NULL UNIQUE,    -- BRC0000042
  title                 TEXT NOT NULL,
  description           TEXT NOT NULL,
  system_id             INTEGER REFERENCES business_systems(id),
  occurred_at           TEXT,
  aware_at              TEXT NOT NULL,
  notify_by             TEXT NOT NULL,           -- aware_at + 72 hours
  risk_level            TEXT NOT NULL CHECK (risk_level IN ('unassessed', 'low', 'medium', 'high')),
  personal_data         INTEGER NOT NULL CHECK (personal_data IN (0, 1)),
  subjects_affected     INTEGER NOT NULL DEFAULT 0,
  eu_subjects           INTEGER NOT NULL DEFAULT 0,
  handled_by_id         INTEGER NOT NULL REFERENCES users(id),
  authority_notified_at TEXT,
  authority_reference   TEXT,
  subjects_notified_at  TEXT,
  notification_overdue  INTEGER NOT NULL DEFAULT 0 CHECK (notification_overdue IN (0, 1)),  -- set by the deadline event
  status                TEXT NOT NULL CHECK (status IN ('open', 'assessed', 'contained', 'notified', 'closed')),
  assessed_by_id        INTEGER REFERENCES users(id),
  finding_id            INTEGER REFERENCES findings(id),
  control_id            INTEGER REFERENCES grc_controls(id),  -- the control that failed, if known
  closed_at             TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  CHECK (eu_subjects <= subjects_affected),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

---------------------------------------------------------------------------------------------------
-- Training
---------------------------------------------------------------------------------------------------

CREATE TABLE training_courses (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE,        -- 'SEC-101'
  title             TEXT NOT NULL UNIQUE,
  framework_id      INTEGER REFERENCES frameworks(id),
  mandatory         INTEGER NOT NULL DEFAULT 1 CHECK (mandatory IN (0, 1)),
  validity_months   INTEGER,                     -- a completion counts this long; NULL: once
  duration_minutes  INTEGER NOT NULL
);

CREATE TABLE training_assignments (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- TRN0000042
  user_id      INTEGER NOT NULL REFERENCES users(id),
  course_id    INTEGER NOT NULL REFERENCES training_courses(id),
  assigned_on  TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  completed_on TEXT,
  attested     INTEGER NOT NULL DEFAULT 0 CHECK (attested IN (0, 1)),  -- signed the policy acknowledgement
  attested_at  TEXT,
  status       TEXT NOT NULL CHECK (status IN ('assigned', 'completed', 'overdue', 'waived')),
  CHECK ((status = 'completed') = (completed_on IS NOT NULL)),
  CHECK (due_on >= assigned_on)
);

---------------------------------------------------------------------------------------------------
-- Audit trail
---------------------------------------------------------------------------------------------------

-- One row per change to a compliance record: a field changed (or an action such as 'created'), by whom
-- (NULL: the system, an event), when.
CREATE TABLE compliance_history (
  id            INTEGER PRIMARY KEY,
  record_number TEXT NOT NULL,
  field         TEXT NOT NULL,
  old_value     TEXT,
  new_value     TEXT,
  actor_id      INTEGER REFERENCES users(id),
  at            TEXT NOT NULL
);
