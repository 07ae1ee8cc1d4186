-- ITSM environment: a ServiceNow-style IT service desk.
-- Conventions: every table has an INTEGER PRIMARY KEY `id`; records an agent talks about also carry a
-- human number (INC0001234, CHG0000123, ...). Times are ISO-8601 UTC text ('2026-03-02T09:00:00Z'),
-- so they sort and compare as text. Booleans are 0/1. Foreign keys are enforced.

-- People, departments, groups, roles and notifications are the company directory's (environments/company).

CREATE TABLE configuration_items (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,           -- e.g. 'payroll-db-01', 'Payroll Service'
  ci_class       TEXT NOT NULL,                  -- service, application, server, database, network_device, storage, laptop
  environment    TEXT NOT NULL CHECK (environment IN ('production', 'staging', 'test', 'development')),
  status         TEXT NOT NULL CHECK (status IN ('operational', 'degraded', 'maintenance', 'retired')),
  criticality    TEXT NOT NULL CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
  support_group_id INTEGER REFERENCES groups(id),
  owner_id       INTEGER REFERENCES users(id),
  location       TEXT,
  ip_address     TEXT,
  os             TEXT,
  description    TEXT,
  updated_at     TEXT NOT NULL
);
CREATE INDEX ci_class ON configuration_items(ci_class);
CREATE INDEX ci_name_nocase ON configuration_items(name COLLATE NOCASE);  -- lookups by name ignore case

CREATE TABLE ci_relations (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER NOT NULL REFERENCES configuration_items(id),  -- parent depends on / runs on child
  child_id  INTEGER NOT NULL REFERENCES configuration_items(id),
  kind      TEXT NOT NULL CHECK (kind IN ('depends_on', 'runs_on', 'hosted_on', 'connects_to')),
  UNIQUE (parent_id, child_id, kind)
);
CREATE INDEX ci_relations_child ON ci_relations(child_id);

CREATE TABLE problems (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- PRB0000042
  short_description   TEXT NOT NULL,
  description         TEXT,
  state               TEXT NOT NULL CHECK (state IN ('new', 'assess', 'root_cause_analysis', 'fix_in_progress', 'resolved', 'closed')),
  impact              INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
  urgency             INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  priority            INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  assignment_group_id INTEGER REFERENCES groups(id),
  assigned_to_id      INTEGER REFERENCES users(id),
  ci_id               INTEGER REFERENCES configuration_items(id),
  opened_by_id        INTEGER NOT NULL REFERENCES users(id),
  root_cause          TEXT,
  workaround          TEXT,
  fix_notes           TEXT,
  opened_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  resolved_at         TEXT,
  closed_at           TEXT
);

CREATE TABLE incidents (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- INC0001234
  short_description   TEXT NOT NULL,
  description         TEXT,
  caller_id           INTEGER NOT NULL REFERENCES users(id),
  opened_by_id        INTEGER NOT NULL REFERENCES users(id),
  contact_type        TEXT NOT NULL CHECK (contact_type IN ('phone', 'email', 'self_service', 'walk_in', 'monitoring')),
  category            TEXT NOT NULL,             -- hardware, software, network, database, access, email, inquiry
  subcategory         TEXT,
  impact              INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
  urgency             INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  priority            INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  state               TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled')),
  on_hold_reason      TEXT CHECK (on_hold_reason IN ('awaiting_caller', 'awaiting_change', 'awaiting_problem', 'awaiting_vendor')),
  assignment_group_id INTEGER REFERENCES groups(id),
  assigned_to_id      INTEGER REFERENCES users(id),
  ci_id               INTEGER REFERENCES configuration_items(id),
  problem_id          INTEGER REFERENCES problems(id),
  parent_id           INTEGER REFERENCES incidents(id),  -- child of a major incident
  major               INTEGER NOT NULL DEFAULT 0,
  resolution_code     TEXT CHECK (resolution_code IN ('solved_permanently', 'solved_workaround', 'not_reproducible', 'duplicate', 'user_error', 'resolved_by_change')),
  resolution_notes    TEXT,
  reopen_count        INTEGER NOT NULL DEFAULT 0,
  opened_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  resolved_at         TEXT,
  closed_at           TEXT
);
CREATE INDEX incidents_state ON incidents(state, opened_at, number);
CREATE INDEX incidents_caller ON incidents(caller_id);
CREATE INDEX incidents_group ON incidents(assignment_group_id);
CREATE INDEX incidents_assignee ON incidents(assigned_to_id);
CREATE INDEX incidents_ci ON incidents(ci_id);
CREATE INDEX incidents_problem ON incidents(problem_id);
CREATE INDEX incidents_parent ON incidents(parent_id);
CREATE INDEX incidents_opened ON incidents(opened_at);

CREATE TABLE incident_tasks (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- ITASK0000123
  incident_id         INTEGER NOT NULL REFERENCES incidents(id),
  short_description   TEXT NOT NULL,
  state               TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'closed_complete', 'closed_incomplete')),
  assignment_group_id INTEGER REFERENCES groups(id),
  assigned_to_id      INTEGER REFERENCES users(id),
  close_notes         TEXT,
  opened_at           TEXT NOT NULL,
  closed_at           TEXT
);

CREATE TABLE known_errors (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,              -- KE0000012
  problem_id  INTEGER NOT NULL REFERENCES problems(id),
  title       TEXT NOT NULL,
  symptoms    TEXT NOT NULL,
  workaround  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'fixed', 'retired')),
  kb_article_id INTEGER REFERENCES kb_articles(id),
  created_by_id INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL
);

CREATE TABLE change_requests (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- CHG0000123
  type                TEXT NOT NULL CHECK (type IN ('standard', 'normal', 'emergency')),
  short_description   TEXT NOT NULL,
  description         TEXT,
  justification       TEXT,
  implementation_plan TEXT,
  backout_plan        TEXT,
  test_plan           TEXT,
  risk                TEXT NOT NULL CHECK (risk IN ('low', 'moderate', 'high')),
  impact              INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
  state               TEXT NOT NULL CHECK (state IN ('new', 'assess', 'authorize', 'scheduled', 'implement', 'review', 'closed', 'canceled')),
  requested_by_id     INTEGER NOT NULL REFERENCES users(id),
  assignment_group_id INTEGER REFERENCES groups(id),
  assigned_to_id      INTEGER REFERENCES users(id),
  ci_id               INTEGER REFERENCES configuration_items(id),
  problem_id          INTEGER REFERENCES problems(id),
  planned_start       TEXT,
  planned_end         TEXT,
  actual_start        TEXT,
  actual_end          TEXT,
  close_code          TEXT CHECK (close_code IN ('successful', 'successful_with_issues', 'unsuccessful', 'canceled')),
  close_notes         TEXT,
  opened_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX change_requests_state ON change_requests(state);
CREATE INDEX change_requests_ci ON change_requests(ci_id);
CREATE INDEX change_requests_problem ON change_requests(problem_id);

CREATE TABLE change_approvals (
  id           INTEGER PRIMARY KEY,
  change_id    INTEGER NOT NULL REFERENCES change_requests(id),
  approver_id  INTEGER NOT NULL REFERENCES users(id),
  group_id     INTEGER REFERENCES groups(id),     -- set when approving on behalf of a group (CAB)
  state        TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'rejected', 'canceled')),
  comments     TEXT,
  requested_at TEXT NOT NULL,
  decided_at   TEXT
);
CREATE INDEX change_approvals_change ON change_approvals(change_id);

CREATE TABLE change_tasks (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- CTASK0000123
  change_id           INTEGER NOT NULL REFERENCES change_requests(id),
  short_description   TEXT NOT NULL,
  state               TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'closed_complete', 'closed_incomplete')),
  assignment_group_id INTEGER REFERENCES groups(id),
  assigned_to_id      INTEGER REFERENCES users(id),
  close_notes         TEXT,
  opened_at           TEXT NOT NULL,
  closed_at           TEXT
);

CREATE TABLE freeze_windows (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at   TEXT NOT NULL,
  reason    TEXT NOT NULL
);

CREATE TABLE catalog_items (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL UNIQUE,     -- e.g. 'Standard Laptop', 'VPN Access'
  category             TEXT NOT NULL,            -- hardware, software, access, services
  description          TEXT NOT NULL,
  fulfillment_group_id INTEGER NOT NULL REFERENCES groups(id),
  approval             TEXT NOT NULL CHECK (approval IN ('none', 'manager')),
  price                REAL NOT NULL DEFAULT 0,
  active               INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE requests (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,      -- REQ0000123
  catalog_item_id     INTEGER NOT NULL REFERENCES catalog_items(id),
  requested_for_id    INTEGER NOT NULL REFERENCES users(id),
  opened_by_id        INTEGER NOT NULL REFERENCES users(id),
  quantity            INTEGER NOT NULL DEFAULT 1,
  justification       TEXT,
  state               TEXT NOT NULL CHECK (state IN ('pending_approval', 'approved', 'in_progress', 'fulfilled', 'rejected', 'canceled')),
  approver_id         INTEGER REFERENCES users(id),
  approved_at         TEXT,
  assignment_group_id INTEGER REFERENCES groups(id),
  assigned_to_id      INTEGER REFERENCES users(id),
  fulfilled_by_id     INTEGER REFERENCES users(id),
  close_notes         TEXT,
  opened_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  closed_at           TEXT
);
CREATE INDEX requests_requested_for ON requests(requested_for_id);
CREATE INDEX requests_assignee ON requests(assigned_to_id);

CREATE TABLE sla_definitions (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,         -- 'P1 response (15 min)'
  kind             TEXT NOT NULL CHECK (kind IN ('response', 'resolution')),
  priority         INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  duration_minutes INTEGER NOT NULL,
  UNIQUE (kind, priority)
);

CREATE TABLE sla_timers (
  id            INTEGER PRIMARY KEY,
  incident_id   INTEGER NOT NULL REFERENCES incidents(id),
  definition_id INTEGER NOT NULL REFERENCES sla_definitions(id),
  stage         TEXT NOT NULL CHECK (stage IN ('in_progress', 'paused', 'completed', 'breached', 'canceled')),
  started_at    TEXT NOT NULL,
  due_at        TEXT NOT NULL,
  paused_at     TEXT,                            -- set while stage = 'paused' (incident on hold)
  stopped_at    TEXT,
  breached_at   TEXT
);
CREATE INDEX sla_timers_incident ON sla_timers(incident_id);

CREATE TABLE kb_articles (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,             -- KB0000123
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  category     TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('draft', 'review', 'published', 'retired')),
  author_id    INTEGER NOT NULL REFERENCES users(id),
  reviewer_id  INTEGER REFERENCES users(id),
  ci_id        INTEGER REFERENCES configuration_items(id),
  views        INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  published_at TEXT
);

CREATE TABLE on_call_shifts (
  id        INTEGER PRIMARY KEY,
  group_id  INTEGER NOT NULL REFERENCES groups(id),
  user_id   INTEGER NOT NULL REFERENCES users(id),
  rotation  TEXT NOT NULL CHECK (rotation IN ('primary', 'secondary')),
  starts_at TEXT NOT NULL,
  ends_at   TEXT NOT NULL
);
CREATE INDEX on_call_group ON on_call_shifts(group_id, starts_at);

CREATE TABLE work_notes (
  id            INTEGER PRIMARY KEY,
  record_number TEXT NOT NULL,                   -- INC.../PRB.../CHG.../REQ.../ITASK.../CTASK...
  author_id     INTEGER NOT NULL REFERENCES users(id),
  visibility    TEXT NOT NULL CHECK (visibility IN ('work_note', 'comment')),  -- comment: customer-visible
  body          TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX work_notes_record ON work_notes(record_number);

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_id      INTEGER REFERENCES users(id),    -- NULL: the system (events)
  record_number TEXT NOT NULL,
  field         TEXT NOT NULL,
  old_value     TEXT,
  new_value     TEXT
);
CREATE INDEX audit_log_record ON audit_log(record_number);
