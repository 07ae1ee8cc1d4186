// World: snapshots, restore, fork, diffs and savepoints on the in-memory SQLite database.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/world.hpp"
#include "world/statement_cache.hpp"

#include <sqlite3.h>

#include <cstdio>

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const char* const kSchema = R"sql(
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, team TEXT, age INTEGER);
CREATE TABLE pairs (a TEXT NOT NULL, b INTEGER NOT NULL, note TEXT, PRIMARY KEY (a, b));
)sql";

World small_world() {
  World world;
  world.exec_script(kSchema);
  world.execute("INSERT INTO people VALUES (1, 'ana', 'red', 30), (2, 'ben', 'blue', 40), (3, 'cy', 'red', 50)");
  world.execute("INSERT INTO pairs VALUES ('x', 1, 'one'), ('y', 2, 'two')");
  return world;
}

}  // namespace

TEST_CASE("same_bytes_as tells byte-identical Worlds from different ones, restored or built in place", "[world]") {
  World built = small_world();  // built in place: no single buffer to compare
  const Snapshot saved = built.snapshot();
  World a(saved), b(saved);
  CHECK(a.same_bytes_as(b));
  CHECK(a.same_bytes_as(built));
  a.execute("UPDATE people SET age = 31 WHERE id = 1");
  CHECK_FALSE(a.same_bytes_as(b));
  CHECK_FALSE(built.same_bytes_as(a));
  b.execute("UPDATE people SET age = 31 WHERE id = 1");
  CHECK(a.same_bytes_as(b));
}

TEST_CASE("restoring a snapshot gives back a byte-identical World", "[world]") {
  World world = small_world();
  const Snapshot saved = world.snapshot();
  world.execute("UPDATE people SET age = 99 WHERE id = 1");
  world.execute("DELETE FROM pairs");
  REQUIRE(*world.snapshot() != *saved);

  world.restore(saved);
  CHECK(*world.snapshot() == *saved);
  CHECK(world.query("SELECT age FROM people WHERE id = 1")[0]["age"] == 30);
  CHECK(world.query("SELECT count(*) AS n FROM pairs")[0]["n"] == 2);

  World rebuilt(saved);
  CHECK(*rebuilt.snapshot() == *saved);
}

TEST_CASE("a restored World is usable for writes and does not change the snapshot it came from", "[world]") {
  World world = small_world();
  const Snapshot saved = world.snapshot();
  const std::string copy = *saved;
  World other(saved);
  other.execute("INSERT INTO people VALUES (4, 'dee', NULL, NULL)");
  CHECK(*saved == copy);
  CHECK(other.query("SELECT count(*) AS n FROM people")[0]["n"] == 4);
}

TEST_CASE("a fork changes independently of the World it came from", "[world]") {
  World world = small_world();
  World fork = world.fork();
  CHECK(*fork.snapshot() == *world.snapshot());

  fork.execute("UPDATE people SET name = 'forked' WHERE id = 1");
  world.execute("DELETE FROM people WHERE id = 3");
  CHECK(world.query("SELECT name FROM people WHERE id = 1")[0]["name"] == "ana");
  CHECK(fork.query("SELECT count(*) AS n FROM people")[0]["n"] == 3);
  CHECK(fork.query("SELECT name FROM people WHERE id = 1")[0]["name"] == "forked");
}

TEST_CASE("a diff reports inserts, updates and deletes with keys and only the changed columns, sorted", "[world]") {
  World world = small_world();
  const Snapshot before = world.snapshot();
  world.execute("UPDATE people SET team = 'green' WHERE id = 2");
  world.execute("INSERT INTO people VALUES (5, 'eve', NULL, 22)");
  world.execute("DELETE FROM people WHERE id = 1");
  world.execute("UPDATE pairs SET note = 'uno' WHERE a = 'x' AND b = 1");
  world.execute("INSERT INTO pairs VALUES ('a', 9, NULL)");

  const Diff diff = world.diff_from(before);
  REQUIRE(diff.changes.size() == 5);
  // Sorted by table, then key.
  CHECK(diff.changes[0].table == "pairs");
  CHECK(diff.changes[0].op == "insert");
  CHECK(diff.changes[0].key == Json{{"a", "a"}, {"b", 9}});
  CHECK(diff.changes[0].after == Json{{"a", "a"}, {"b", 9}, {"note", nullptr}});
  CHECK(diff.changes[1].table == "pairs");
  CHECK(diff.changes[1].op == "update");
  CHECK(diff.changes[1].key == Json{{"a", "x"}, {"b", 1}});
  CHECK(diff.changes[1].before == Json{{"note", "one"}});
  CHECK(diff.changes[1].after == Json{{"note", "uno"}});

  CHECK(diff.changes[2].table == "people");
  CHECK(diff.changes[2].op == "delete");
  CHECK(diff.changes[2].key == Json{{"id", 1}});
  CHECK(diff.changes[2].before == Json{{"id", 1}, {"name", "ana"}, {"team", "red"}, {"age", 30}});
  CHECK(diff.changes[2].after == Json::object());
  CHECK(diff.changes[3].op == "update");
  CHECK(diff.changes[3].key == Json{{"id", 2}});
  CHECK(diff.changes[3].before == Json{{"team", "blue"}});
  CHECK(diff.changes[3].after == Json{{"team", "green"}});
  CHECK(diff.changes[4].op == "insert");
  CHECK(diff.changes[4].key == Json{{"id", 5}});
  CHECK(diff.changes[4].after == Json{{"id", 5}, {"name", "eve"}, {"team", nullptr}, {"age", 22}});
}

TEST_CASE("a diff of an unchanged World is empty and leaves the World as it was", "[world]") {
  World world = small_world();
  const Snapshot before = world.snapshot();
  world.execute("UPDATE people SET age = age WHERE id = 1");  // writes the same value
  CHECK(world.diff_from(before).changes.empty());
  CHECK(*world.snapshot() == *before);
  CHECK(World::diff(World(before), world).changes.empty());
}

TEST_CASE("a diff ignores the engine's own tables", "[world]") {
  World world = small_world();
  const Snapshot before = world.snapshot();
  world.execute("UPDATE _state SET now = now + 60 WHERE id = 1");
  CHECK(world.diff_from(before).changes.empty());
  CHECK(world.tables() == std::vector<std::string>{"pairs", "people"});
}

TEST_CASE("a savepoint rolls back on rollback and on destruction, and keeps changes when released", "[world]") {
  World world = small_world();
  const Snapshot before = world.snapshot();
  {
    World::Savepoint savepoint(world);
    world.execute("DELETE FROM people");
    savepoint.rollback();
  }
  CHECK(*world.snapshot() == *before);
  {
    World::Savepoint savepoint(world);
    world.execute("DELETE FROM people");
  }  // destroyed without release
  CHECK(*world.snapshot() == *before);
  {
    World::Savepoint savepoint(world);
    world.execute("DELETE FROM people WHERE id = 3");
    savepoint.release();
  }
  CHECK(world.query("SELECT count(*) AS n FROM people")[0]["n"] == 2);
}

TEST_CASE("an inner savepoint rolls back alone inside an outer one", "[world]") {
  World world = small_world();
  World::Savepoint outer(world);
  world.execute("DELETE FROM people WHERE id = 1");
  {
    World::Savepoint inner(world);
    world.execute("DELETE FROM people WHERE id = 2");
  }
  outer.release();
  CHECK(world.query("SELECT id FROM people ORDER BY id") == Json::array({{{"id", 2}}, {{"id", 3}}}));
}

TEST_CASE("primary_key lists the key columns in key order", "[world]") {
  World world = small_world();
  CHECK(world.primary_key("people") == std::vector<std::string>{"id"});
  CHECK(world.primary_key("pairs") == std::vector<std::string>{"a", "b"});
  world.exec_script("CREATE TABLE loose (x TEXT)");
  CHECK(world.primary_key("loose").empty());
}

TEST_CASE("a failing statement throws and names the problem", "[world]") {
  World world = small_world();
  CHECK_THROWS_WITH(world.execute("INSERT INTO nowhere VALUES (1)"), Catch::Contains("nowhere"));
  CHECK_THROWS(world.execute("INSERT INTO people (id, name) VALUES (1, 'dup')"));
  CHECK_THROWS_WITH(world.exec_script("CREATE TABLE broken ("), Catch::Contains("broken"));
}

TEST_CASE("an environment with a table without a primary key is an authoring error naming the table", "[world]") {
  const auto dir = deskling_copy("nopk");
  write_text(dir / "schema.sql", read_text(dir / "schema.sql") + "\nCREATE TABLE audit_log (at INTEGER, what TEXT);\n");
  try {
    Environment::load(dir, kVerifierLib);
    FAIL("loading succeeded");
  } catch (const AuthoringError& e) {
    CHECK_THAT(e.what(), Catch::Contains("audit_log") && Catch::Contains("primary key") && Catch::Contains("schema.sql"));
  }
}

namespace {

// The same bytes under another pointer: diff_from must compare table by table, not use the recording.
Snapshot same_state_other_pointer(const Snapshot& snapshot) { return std::make_shared<const std::string>(*snapshot); }

void mess_with(World& world) {
  world.execute("UPDATE people SET team = 'green' WHERE id = 2");
  world.execute("UPDATE people SET age = 31 WHERE id = 1");
  world.execute("UPDATE people SET age = 30 WHERE id = 1");  // back to where it was
  world.execute("INSERT INTO people VALUES (7, 'gus', NULL, 1)");
  world.execute("DELETE FROM people WHERE id = 7");  // inserted then deleted
  world.execute("DELETE FROM pairs WHERE a = 'y'");
  world.execute("INSERT INTO pairs VALUES ('y', 2, 'two')");  // deleted then put back as it was
  world.execute("UPDATE pairs SET b = 5 WHERE a = 'x'");      // a key change
  {
    World::Savepoint savepoint(world);
    world.execute("DELETE FROM people WHERE id = 3");
    world.execute("INSERT INTO people VALUES (8, 'hal', NULL, 2)");
  }  // rolled back
}

}  // namespace

TEST_CASE("changes recorded since a restore equal a table-by-table compare, rollbacks and reverts included",
          "[world]") {
  World world(small_world().snapshot());
  const Snapshot origin = world.snapshot();
  world.restore(origin);
  mess_with(world);

  const Json recorded = world.diff_from(origin).to_json();
  const Json compared = world.diff_from(same_state_other_pointer(origin)).to_json();
  CHECK(recorded == compared);
  REQUIRE(recorded.size() == 3);  // people 2 updated; pairs (x,1) deleted and (x,5) inserted
  CHECK(recorded[0]["op"] == "delete");
  CHECK(recorded[1]["op"] == "insert");
  CHECK(recorded[2]["after"] == Json{{"team", "green"}});
}

TEST_CASE("a fork's diff from its parent's origin includes the parent's changes and its own", "[world]") {
  const Snapshot origin = small_world().snapshot();
  World parent(origin);
  parent.execute("UPDATE people SET team = 'green' WHERE id = 2");
  parent.execute("INSERT INTO people VALUES (9, 'ivy', NULL, 3)");
  World child = parent.fork();
  child.execute("UPDATE people SET team = 'blue' WHERE id = 2");  // undoes the parent's change
  child.execute("UPDATE people SET age = 4 WHERE id = 9");        // changes the parent's insert
  child.execute("DELETE FROM people WHERE id = 1");

  const Json recorded = child.diff_from(origin).to_json();
  CHECK(recorded == child.diff_from(same_state_other_pointer(origin)).to_json());
  REQUIRE(recorded.size() == 2);
  CHECK(recorded[0]["op"] == "delete");
  CHECK(recorded[1]["op"] == "insert");
  CHECK(recorded[1]["after"]["age"] == 4);
  // The parent is untouched by its fork.
  CHECK(parent.diff_from(origin).changes.size() == 2);
}

TEST_CASE("restoring starts the recorded changes afresh", "[world]") {
  const Snapshot origin = small_world().snapshot();
  World world(origin);
  world.execute("DELETE FROM people WHERE id = 1");
  world.restore(origin);
  CHECK(world.diff_from(origin).changes.empty());
  world.execute("DELETE FROM people WHERE id = 2");
  CHECK(world.diff_from(origin).changes.size() == 1);
}

TEST_CASE("restoring the snapshot a World came from undoes every write byte for byte, again and again",
          "[world]") {
  const Snapshot origin = small_world().snapshot();
  World world(origin);
  for (int round = 0; round < 3; ++round) {
    CHECK(world.query("SELECT count(*) AS n FROM people")[0]["n"] == 3);
    world.execute("UPDATE people SET age = age + 1");
    {
      World::Savepoint call(world);
      world.execute("DELETE FROM pairs");
    }  // rolled back inside the episode's transaction
    // Far more than the page cache holds, so pages spill into the image before the reset.
    world.execute(
        "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
        "INSERT INTO people SELECT i, printf('%0200d', i), NULL, i FROM n");
    CHECK(world.query("SELECT count(*) AS n FROM pairs")[0]["n"] == 2);
    world.restore(origin);
    CHECK(world.diff_from(origin).changes.empty());
  }
  CHECK(world.query("SELECT sum(age) AS s FROM people")[0]["s"] == 120);
  CHECK(*world.snapshot() == *origin);
}

TEST_CASE("a snapshot or fork taken between restores does not stop either state from coming back", "[world]") {
  const Snapshot origin = small_world().snapshot();
  World world(origin);
  world.execute("UPDATE people SET team = 'green' WHERE id = 1");
  const Snapshot middle = world.snapshot();
  world.execute("DELETE FROM people WHERE id = 2");
  World fork = world.fork();

  world.restore(origin);
  CHECK(*world.snapshot() == *origin);
  world.restore(middle);
  CHECK(*world.snapshot() == *middle);
  CHECK(world.query("SELECT count(*) AS n FROM people")[0]["n"] == 3);

  CHECK(fork.query("SELECT count(*) AS n FROM people")[0]["n"] == 2);
  fork.execute("INSERT INTO people VALUES (7, 'gus', NULL, 1)");
  fork.restore(origin);
  CHECK(*fork.snapshot() == *origin);
}

TEST_CASE("a script cannot write an engine table or the schema, but the environment's triggers can",
          "[world]") {
  World world;
  world.exec_script(R"sql(
    CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
    CREATE VIRTUAL TABLE _note_text USING fts5(body, content = '', detail = 'none', tokenize = 'trigram');
    CREATE TRIGGER note_text AFTER INSERT ON notes BEGIN
      INSERT INTO _note_text(rowid, body) VALUES (new.id, new.body);
    END;
  )sql");
  auto run_as_script = [&](const std::string& sql) {
    sqlite3_stmt* stmt = world.statements().get(sql);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
  };
  run_as_script("INSERT INTO notes (body) VALUES ('the quarterly invoice run')");
  CHECK(world.query("SELECT rowid FROM _note_text WHERE _note_text MATCH 'voi'").size() == 1);
  CHECK_THROWS_WITH(run_as_script("INSERT INTO _note_text (rowid, body) VALUES (9, 'forged')"),
                    Catch::Contains("not allowed in a script"));
  CHECK_THROWS_WITH(run_as_script("UPDATE sqlite_master SET sql = '' WHERE name = 'notes'"),
                    Catch::Contains("may not be modified"));
  CHECK_THROWS_WITH(run_as_script("PRAGMA writable_schema = 1"), Catch::Contains("not allowed in a script"));
  CHECK(world.query("SELECT rowid FROM _note_text WHERE _note_text MATCH 'rge'").empty());
}

TEST_CASE("a World's statement cache stays bounded however many distinct statements scripts run", "[world]") {
  World world = small_world();
  StatementCache& cache = world.statements();
  sqlite3_stmt* kept = cache.get("SELECT name FROM people ORDER BY id");
  REQUIRE(sqlite3_step(kept) == SQLITE_ROW);  // mid-iteration: must survive the trim
  for (size_t i = 0; i < 3 * StatementCache::kMaxStatements; ++i)
    cache.get("SELECT " + std::to_string(i) + " FROM people WHERE id = ?");
  CHECK(cache.size() <= StatementCache::kMaxStatements);
  REQUIRE(sqlite3_step(kept) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(kept, 0))) == "ben");
  sqlite3_reset(kept);
}

TEST_CASE("the statement cache finds statements by their text, whatever address the text had before",
          "[world]") {
  World world = small_world();
  StatementCache& cache = world.statements();
  // One buffer holding one statement's text, then another's: as a script's freed SQL string may be
  // followed by other SQL at the same address.
  char text[64] = "SELECT name FROM people WHERE id = 1";
  sqlite3_stmt* first = cache.get(text);
  CHECK(cache.get(text) == first);
  std::snprintf(text, sizeof text, "SELECT name FROM people WHERE id = 2");
  sqlite3_stmt* second = cache.get(text);
  REQUIRE(second != first);
  REQUIRE(sqlite3_step(second) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(second, 0))) == "ben");
  sqlite3_reset(second);
  CHECK(cache.get(std::string("SELECT name FROM people WHERE id = 1")) == first);  // another address, same text
}

TEST_CASE("the data version moves with every change of the data and is never shared by two Worlds", "[world]") {
  World world = small_world();
  const Snapshot saved = world.snapshot();
  auto version = world.data_version();
  auto moved = [&] {
    const bool changed = world.data_version() != version;
    version = world.data_version();
    return changed;
  };

  world.query("SELECT * FROM people");
  CHECK_FALSE(moved());
  world.record("CREATE TABLE IF NOT EXISTS _log (line TEXT)");  // the engine's own tables
  world.record("INSERT INTO _log VALUES ('x')");
  CHECK_FALSE(moved());
  world.execute("UPDATE people SET age = 31 WHERE id = 1");
  CHECK(moved());
  {
    World::Savepoint call(world);
    world.note_change();  // what the bindings do before a script's write
    world.execute("DELETE FROM pairs");
    CHECK(moved());
    call.rollback();  // the data is back as it was: that is a change too
  }
  CHECK(moved());
  CHECK(world.query("SELECT count(*) AS n FROM pairs")[0]["n"] == 2);
  {
    World::Savepoint call(world);
    call.release();  // nothing written, nothing moved
  }
  CHECK_FALSE(moved());
  world.restore(saved);
  CHECK(moved());
  world.restore(saved);  // the fast path (a rollback) too
  CHECK(moved());

  const World fork = world.fork();
  const World copy(saved);
  CHECK(fork.data_version() != world.data_version());
  CHECK(copy.data_version() != world.data_version());
  CHECK(copy.data_version() != fork.data_version());
  World taken = std::move(world);
  CHECK(taken.data_version() == version);  // the same data, moved
}
