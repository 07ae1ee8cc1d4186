-- Run after seed.lua: the trigram indexes behind the free-text searches, filled in bulk from the seeded
-- rows and then kept current by triggers. A search first narrows to the rows whose text holds every
-- three-letter piece of its words, then applies its LIKE to those alone (lib/itsm.lua, Where:text), so
-- it costs the rows it may match, not a scan of the table. Contentless (the text is indexed, never
-- stored) and without positions, to keep the World small; '_' names keep them out of diffs, and only
-- these triggers may write them. (Built here, not in schema.sql: FTS5 writes a segment at every
-- statement, so filling them row by row during the seed costs ten times as much.)

CREATE VIRTUAL TABLE _incident_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _incident_text(rowid, text)
  SELECT id, coalesce(number, '') || ' ' || coalesce(short_description, '') || ' ' || coalesce(description, '') FROM incidents;
CREATE TRIGGER incident_text_insert AFTER INSERT ON incidents BEGIN
  INSERT INTO _incident_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.short_description, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER incident_text_update AFTER UPDATE OF number, short_description, description ON incidents BEGIN
  INSERT INTO _incident_text(_incident_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.short_description, '') || ' ' || coalesce(old.description, ''));
  INSERT INTO _incident_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.short_description, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER incident_text_delete AFTER DELETE ON incidents BEGIN
  INSERT INTO _incident_text(_incident_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.short_description, '') || ' ' || coalesce(old.description, ''));
END;

CREATE VIRTUAL TABLE _ci_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _ci_text(rowid, text)
  SELECT id, coalesce(name, '') || ' ' || coalesce(description, '') || ' ' || coalesce(ip_address, '') FROM configuration_items;
CREATE TRIGGER ci_text_insert AFTER INSERT ON configuration_items BEGIN
  INSERT INTO _ci_text(rowid, text) VALUES (new.id, coalesce(new.name, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.ip_address, ''));
END;
CREATE TRIGGER ci_text_update AFTER UPDATE OF name, description, ip_address ON configuration_items BEGIN
  INSERT INTO _ci_text(_ci_text, rowid, text) VALUES ('delete', old.id, coalesce(old.name, '') || ' ' || coalesce(old.description, '') || ' ' || coalesce(old.ip_address, ''));
  INSERT INTO _ci_text(rowid, text) VALUES (new.id, coalesce(new.name, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.ip_address, ''));
END;
CREATE TRIGGER ci_text_delete AFTER DELETE ON configuration_items BEGIN
  INSERT INTO _ci_text(_ci_text, rowid, text) VALUES ('delete', old.id, coalesce(old.name, '') || ' ' || coalesce(old.description, '') || ' ' || coalesce(old.ip_address, ''));
END;

CREATE VIRTUAL TABLE _change_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
INSERT INTO _change_text(rowid, text)
  SELECT id, coalesce(number, '') || ' ' || coalesce(short_description, '') || ' ' || coalesce(description, '') FROM change_requests;
CREATE TRIGGER change_text_insert AFTER INSERT ON change_requests BEGIN
  INSERT INTO _change_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.short_description, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER change_text_update AFTER UPDATE OF number, short_description, description ON change_requests BEGIN
  INSERT INTO _change_text(_change_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.short_description, '') || ' ' || coalesce(old.description, ''));
  INSERT INTO _change_text(rowid, text) VALUES (new.id, coalesce(new.number, '') || ' ' || coalesce(new.short_description, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER change_text_delete AFTER DELETE ON change_requests BEGIN
  INSERT INTO _change_text(_change_text, rowid, text) VALUES ('delete', old.id, coalesce(old.number, '') || ' ' || coalesce(old.short_description, '') || ' ' || coalesce(old.description, ''));
END;
