// Limits of a World's SQLite connection: time per statement, one value's size, the whole database's
// size, and the parser's limits, on new, restored, mapped and forked Worlds, and through a tool.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "episode/deskling_fixture.hpp"
#include "opsgym/world.hpp"
#include "world/connection_limits.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const char* const kEndlessCount = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r";

World people_world() {
  World world;
  world.exec_script("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                    "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  world.execute("INSERT INTO people VALUES (1, 'ana'), (2, 'ben')");
  return world;
}

std::string query_error(const World& world, const std::string& sql) {
  try {
    world.query(sql);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string execute_error(World& world, const std::string& sql) {
  try {
    world.execute(sql);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Fills `world` with 8 MiB rows until the database refuses one; the error of that insert.
std::string fill_until_full(World& world) {
  for (int i = 0; i < 2 * SqlLimits::kMaxWorldBytes / (8 << 20); ++i) {
    const std::string error = execute_error(world, "INSERT INTO blobs (data) VALUES (zeroblob(8 << 20))");
    if (!error.empty()) return error;
  }
  return "";
}

}  // namespace

TEST_CASE("an endless recursive query stops at the statement's step limit and the World goes on", "[world][limits]") {
  World world = people_world();
  const auto start = std::chrono::steady_clock::now();
  const std::string error = query_error(world, kEndlessCount);
  CHECK_THAT(error, Catch::Contains("SQL statement exceeded its step limit (25000000 steps"));
  CHECK(seconds_since(start) < 10);
  CHECK(world.query("SELECT count(*) AS n FROM people")[0]["n"] == 2);
  // The same statement stops at the same point every time: the step limit does not depend on the machine.
  CHECK(query_error(world, kEndlessCount) == error);
}

TEST_CASE("an endless write is stopped and changes nothing", "[world][limits]") {
  World world = people_world();
  const Snapshot before = world.snapshot();
  const std::string error = execute_error(
      world, "INSERT INTO people (name) SELECT 'p' || x FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
             "SELECT x FROM r)");
  CHECK_THAT(error, Catch::Contains("exceeded its step limit"));
  CHECK(world.diff_from(before).changes.empty());
  CHECK(world.query("SELECT count(*) AS n FROM people")[0]["n"] == 2);
}

TEST_CASE("a statement slow in few steps stops at the time limit", "[world][limits]") {
  World world = people_world();
  // Each row builds a 1 MiB blob: a fraction of a millisecond a row, a few steps each, so time ends it first.
  const auto start = std::chrono::steady_clock::now();
  const std::string error = query_error(
      world, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 1000000) "
             "SELECT count(*) FROM r WHERE length(hex(zeroblob(1048576 + x % 2))) > 0");
  const double took = seconds_since(start);
  CHECK_THAT(error, Catch::Contains("SQL statement exceeded its time limit (2000 ms)"));
  CHECK(took >= 1.9);
  CHECK(took < 6);
}

TEST_CASE("a short statement after a long one has its whole budget again", "[world][limits]") {
  World world = people_world();
  // About 60 % of the step budget, twice in a row: each is a statement of its own.
  const char* const long_count = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 1000000) "
                                 "SELECT count(*) AS n FROM r";
  CHECK(world.query(long_count)[0]["n"] == 1000000);
  CHECK(world.query(long_count)[0]["n"] == 1000000);
}

TEST_CASE("a diff long after a long statement is not stopped by that statement's time budget", "[world][limits]") {
  // An agent thinks for seconds between its last search and finishing; the diff then read at finish runs
  // SQLite's own statements (the session's), which must start a budget of their own.
  const Snapshot before = people_world().snapshot();
  World world(before);
  world.execute("WITH RECURSIVE r(x) AS (SELECT 3 UNION ALL SELECT x + 1 FROM r WHERE x < 5000) "
                "INSERT INTO people (id, name) SELECT x, 'p' || x FROM r");
  CHECK(world.query("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 100000) "
                    "SELECT count(*) AS n FROM r")[0]["n"] == 100000);
  std::this_thread::sleep_for(StatementBudget::kMaxTime + std::chrono::milliseconds(100));
  CHECK(world.diff_from(before).changes.size() == 4998);
}

TEST_CASE("a value past the size limit is refused at once, without building it", "[world][limits]") {
  World world = people_world();
  const Snapshot before = world.snapshot();
  const auto start = std::chrono::steady_clock::now();
  CHECK_THAT(query_error(world, "SELECT length(printf('%.*c', 900000000, 'x')) AS n"), Catch::Contains("16 MiB"));
  CHECK_THAT(query_error(world, "SELECT format('%900000000d', 1) AS n"), Catch::Contains("16 MiB"));
  CHECK_THAT(execute_error(world, "INSERT INTO blobs (data) VALUES (randomblob(900000000))"), Catch::Contains("16 MiB"));
  CHECK_THAT(execute_error(world, "INSERT INTO blobs (data) VALUES (zeroblob(500000000))"), Catch::Contains("16 MiB"));
  CHECK_THAT(execute_error(world, "UPDATE people SET name = zeroblob(10000000) || zeroblob(10000000)"),
             Catch::Contains("16 MiB"));
  CHECK(seconds_since(start) < 2);
  CHECK(world.diff_from(before).changes.empty());
  // Within the limit, printf is SQLite's, and a value just under it is a value like any other.
  CHECK(world.query("SELECT printf('%05d|%.2f|%s|%-3s|%q', 42, 3.14159, 'a', 'b', 'it''s') AS s")[0]["s"] ==
        "00042|3.14|a|b  |it''s");
  CHECK(world.query("SELECT format('%.*c', 3, 'x') AS s")[0]["s"] == "xxx");
  CHECK(world.query("SELECT length(printf('%.*c', 16000000, 'x')) AS n")[0]["n"] == 16000000);
}

TEST_CASE("a World cannot grow past its size limit, and what it holds stays", "[world][limits]") {
  World world = people_world();
  const std::string error = fill_until_full(world);
  CHECK_THAT(error, Catch::Contains("the World is full") && Catch::Contains("64 MiB"));
  CHECK(world.query("SELECT count(*) AS n FROM blobs")[0]["n"].get<int64_t>() < SqlLimits::kMaxWorldBytes / (8 << 20));
  CHECK(world.query("SELECT count(*) AS n FROM people")[0]["n"] == 2);
  world.execute("DELETE FROM blobs");
  world.execute("INSERT INTO people (name) VALUES ('cy')");
}

TEST_CASE("restored, mapped and forked Worlds keep every limit", "[world][limits]") {
  const Snapshot base = people_world().snapshot();
  const auto expect_limits = [](World& world) {
    CHECK(sqlite3_limit(world.handle(), SQLITE_LIMIT_LENGTH, -1) == SqlLimits::kMaxValueBytes);
    CHECK(sqlite3_limit(world.handle(), SQLITE_LIMIT_SQL_LENGTH, -1) == SqlLimits::kMaxSqlBytes);
    CHECK(sqlite3_limit(world.handle(), SQLITE_LIMIT_LIKE_PATTERN_LENGTH, -1) == SqlLimits::kMaxLikePatternBytes);
    CHECK(world.query("PRAGMA max_page_count")[0]["max_page_count"] == SqlLimits::kMaxWorldBytes / 4096);
    CHECK_THAT(query_error(world, kEndlessCount), Catch::Contains("step limit"));
    CHECK_THAT(fill_until_full(world), Catch::Contains("the World is full"));
  };
  SECTION("a World built from a snapshot (mapped copy-on-write)") {
    World world(base);
    expect_limits(world);
  }
  SECTION("a World restored twice: reloaded, then rolled back") {
    World world = people_world();
    world.restore(base);
    world.execute("INSERT INTO people (name) VALUES ('cy')");
    world.restore(base);
    expect_limits(world);
  }
  SECTION("a fork (a copied image)") {
    World world(base);
    world.execute("INSERT INTO people (name) VALUES ('cy')");
    World copy = world.fork();
    expect_limits(copy);
  }
  SECTION("a World moved into another") {
    World world = people_world();
    World moved(base);
    moved = std::move(world);
    expect_limits(moved);
  }
}

TEST_CASE("the parser's limits refuse statements too large or too complex", "[world][limits]") {
  World world = people_world();
  const std::string long_pattern(SqlLimits::kMaxLikePatternBytes + 1, 'a');
  CHECK_THAT(query_error(world, "SELECT 'a' LIKE '" + long_pattern + "' AS m"), Catch::Contains("pattern too complex"));
  CHECK(world.query("SELECT 'a' LIKE '" + long_pattern.substr(1) + "' AS m")[0]["m"] == 0);
  std::string long_sql = "SELECT 1 AS x WHERE '" + std::string(SqlLimits::kMaxSqlBytes, 'x') + "' <> ''";
  CHECK_THAT(query_error(world, long_sql), Catch::Contains("1 MiB"));
  std::string deep = "1";
  for (int i = 0; i < SqlLimits::kMaxExpressionDepth + 10; ++i) deep += " + 1";
  CHECK_THAT(query_error(world, "SELECT " + deep + " AS x"), Catch::Contains("too large (maximum depth 1000)"));
}

TEST_CASE("a tool's endless query is a tool error; the World and the next call are unaffected", "[world][limits]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult stopped = episode.step(
      "eval", Json{{"code", "db.insert('notes', { ticket_id = 1, body = 'first' }) return db.value(\"" +
                                std::string(kEndlessCount) + "\")"}});
  CHECK_FALSE(stopped.ok);
  CHECK(stopped.output()["error"]["code"] == "tool_error");
  CHECK_THAT(stopped.output()["error"]["message"].get<std::string>(), Catch::Contains("exceeded its step limit"));
  for (const auto& change : episode.world().diff_from(before).changes) CHECK(change.table != "notes");
  const StepResult hostile_value = episode.step(
      "eval", Json{{"code", "db.insert('notes', { ticket_id = 1, body = db.value(\"SELECT randomblob(900000000)\") })"}});
  CHECK_FALSE(hostile_value.ok);
  CHECK_THAT(hostile_value.output()["error"]["message"].get<std::string>(), Catch::Contains("16 MiB"));
  const StepResult next = episode.step("eval", Json{{"code", "return db.value('SELECT count(*) FROM notes')"}});
  CHECK(next.ok);
}
