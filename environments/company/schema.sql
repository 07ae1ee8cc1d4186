-- The company directory: who works here, where, in which department and cost centre, in which groups, with
-- which role in each system, and the notifications sent to them. One directory for every system a World
-- holds: the same user name is the same person in ITSM, procurement and compliance.
-- Conventions (every system follows them): every table has an INTEGER PRIMARY KEY `id`; times are
-- ISO-8601 UTC text ('2026-03-02T09:00:00Z'); booleans are 0/1; foreign keys are enforced.

CREATE TABLE departments (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  cost_center TEXT NOT NULL                     -- its cost centre's code (cost_centers.code)
);

CREATE TABLE cost_centers (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,           -- e.g. CC-1100
  name          TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  owner_id      INTEGER REFERENCES users(id)     -- the department's head
);

CREATE TABLE locations (
  id       INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,                -- e.g. lon
  name     TEXT NOT NULL UNIQUE,                -- e.g. London (users.location holds this name)
  country  TEXT NOT NULL,                       -- ISO 3166 alpha-2
  timezone TEXT NOT NULL                        -- IANA name
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  user_name     TEXT NOT NULL UNIQUE,            -- login, e.g. lena.ortiz
  first_name    TEXT NOT NULL,
  last_name     TEXT NOT NULL,
  email         TEXT NOT NULL,
  title         TEXT,
  department_id INTEGER REFERENCES departments(id),
  manager_id    INTEGER REFERENCES users(id),
  location      TEXT,
  phone         TEXT,
  vip           INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  -- The system whose seed added this person (its own staff); NULL for the company's. A system's seed
  -- draws from the company's people and its own only, so it seeds alike alone and beside other systems.
  seeded_by     TEXT
);
CREATE INDEX users_last_name ON users(last_name);
-- Tools and rules look people up by user name ignoring case (every call's role check does): without an
-- index of that collation each lookup scans the table.
CREATE INDEX users_user_name_nocase ON users(user_name COLLATE NOCASE);
CREATE INDEX users_department ON users(department_id);

-- Each system's roles, in one table (an identity provider's application roles): names are unique across
-- systems, and a system's seed adds its own.
CREATE TABLE roles (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,              -- e.g. ITSM's reporter, agent, manager, admin
  system      TEXT NOT NULL,                     -- the system the role grants access to, e.g. itsm
  description TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role_id INTEGER NOT NULL REFERENCES roles(id),
  PRIMARY KEY (user_id, role_id)
) WITHOUT ROWID;

CREATE TABLE groups (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,              -- e.g. 'Network', 'Service Desk', 'Change Advisory Board'
  description TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('support', 'approval')),
  manager_id  INTEGER REFERENCES users(id),
  email       TEXT,
  active      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES groups(id),
  user_id  INTEGER NOT NULL REFERENCES users(id),
  added_at TEXT NOT NULL,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE notifications (
  id            INTEGER PRIMARY KEY,
  recipient_id  INTEGER NOT NULL REFERENCES users(id),
  sender_id     INTEGER REFERENCES users(id),    -- NULL: sent by the system
  channel       TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'page')),
  subject       TEXT NOT NULL,
  body          TEXT NOT NULL,
  record_number TEXT,                            -- any system's record (record_kinds)
  sent_at       TEXT NOT NULL
);
CREATE INDEX notifications_record ON notifications(record_number);

-- The record numbers of every system, so that shared tools can link to any of them: a number is its
-- prefix's letters and `digits` digits (INC0001234), kept in `number_column` of `table_name`. Each
-- system's seed registers its own prefixes.
CREATE TABLE record_kinds (
  prefix        TEXT PRIMARY KEY,                -- upper case letters, e.g. INC
  label         TEXT NOT NULL,                   -- what such a record is called, e.g. incident
  table_name    TEXT NOT NULL,
  number_column TEXT NOT NULL,
  digits        INTEGER NOT NULL CHECK (digits BETWEEN 1 AND 12)
) WITHOUT ROWID;
