-- Run after every seed: the trigram index behind the people search (search_users), filled in bulk from
-- the seeded rows and then kept current by triggers. Contentless and without positions, to keep the World
-- small; the '_' name keeps it out of diffs, and only these triggers may write it. (Why trigram indexes and
-- why built here: see the ITSM environment's indexes.sql.)

CREATE VIRTUAL TABLE _user_text USING fts5(text, content = '', columnsize = 0, detail = 'none', tokenize = 'trigram');
-- Small leaf pages for this small index: a trigram's rows here take a few bytes, and a lookup reads its
-- whole leaf (4 KB by default). With 400-byte leaves a four-trigram lookup costs 73k instructions, not 102k.
INSERT INTO _user_text(_user_text, rank) VALUES ('pgsz', 400);
INSERT INTO _user_text(rowid, text)
  SELECT id, coalesce(user_name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') FROM users;
CREATE TRIGGER user_text_insert AFTER INSERT ON users BEGIN
  INSERT INTO _user_text(rowid, text) VALUES (new.id, coalesce(new.user_name, '') || ' ' || coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.email, ''));
END;
CREATE TRIGGER user_text_update AFTER UPDATE OF user_name, first_name, last_name, email ON users BEGIN
  INSERT INTO _user_text(_user_text, rowid, text) VALUES ('delete', old.id, coalesce(old.user_name, '') || ' ' || coalesce(old.first_name, '') || ' ' || coalesce(old.last_name, '') || ' ' || coalesce(old.email, ''));
  INSERT INTO _user_text(rowid, text) VALUES (new.id, coalesce(new.user_name, '') || ' ' || coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.email, ''));
END;
CREATE TRIGGER user_text_delete AFTER DELETE ON users BEGIN
  INSERT INTO _user_text(_user_text, rowid, text) VALUES ('delete', old.id, coalesce(old.user_name, '') || ' ' || coalesce(old.first_name, '') || ' ' || coalesce(old.last_name, '') || ' ' || coalesce(old.email, ''));
END;
