// The Lua runtime as tools use it: errors with file and line, fail(), constraint failures rolled back, rng.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

StepResult eval(Episode& episode, const std::string& code) { return episode.step("eval", Json{{"code", code}}); }

}  // namespace

TEST_CASE("a syntax error in a tool file is an authoring error with file and line", "[script]") {
  const auto dir = deskling_copy("syntax");
  write_text(dir / "tools" / "broken.lua",
             "return {\n  name = 'broken',\n  description = 'x',\n  run = function(args\n    return 1\n  end,\n}\n");
  try {
    Environment::load(dir, kVerifierLib);
    FAIL("loading succeeded");
  } catch (const AuthoringError& e) {
    CHECK_THAT(e.what(), Catch::Contains("deskling/tools/broken.lua:5:"));
  }
}

TEST_CASE("a runtime error while loading a tool file is an authoring error with file and line", "[script]") {
  const auto dir = deskling_copy("loaderror");
  write_text(dir / "tools" / "broken.lua", "local x = nil\nreturn x.field\n");
  try {
    Environment::load(dir, kVerifierLib);
    FAIL("loading succeeded");
  } catch (const AuthoringError& e) {
    CHECK_THAT(e.what(), Catch::Contains("deskling/tools/broken.lua:2:"));
  }
}

TEST_CASE("a Lua error in a tool body is a tool_error with file and line, and changes nothing", "[script]") {
  const auto dir = deskling_copy("bodyerror");
  write_text(dir / "tools" / "oops.lua",
             "return {\n  name = 'oops',\n  description = 'writes, then errors',\n  run = function()\n"
             "    db.insert('notes', { ticket_id = 1, body = 'x' })\n    error('deliberate')\n  end,\n}\n");
  const auto env = Environment::load(dir, kVerifierLib);
  auto task = std::make_shared<Task>(*open_task());
  Episode episode(env, task);
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("oops", Json::object());
  CHECK_FALSE(step.ok);
  CHECK(step.output()["error"]["code"] == "tool_error");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(),
             Catch::Contains("deskling/tools/oops.lua:6:") && Catch::Contains("deliberate"));
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("fail(code, message, hint) becomes a structured error and rolls the call back", "[script]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = eval(episode,
      "db.insert('notes', { ticket_id = 1, body = 'x' }) fail('not_found', 'No ticket T-9', 'Search tickets first')");
  CHECK_FALSE(step.ok);
  CHECK(step.output() == Json{{"error", {{"code", "not_found"}, {"message", "No ticket T-9"}, {"hint", "Search tickets first"}}}});
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("fail without a hint leaves the hint out", "[script]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode, "fail('conflict', 'already closed')");
  CHECK(step.output() == Json{{"error", {{"code", "conflict"}, {"message", "already closed"}}}});
}

TEST_CASE("a NOT NULL violation inside a tool fails the call and rolls back its earlier writes", "[script]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = eval(episode,
      "db.insert('notes', { ticket_id = 1, body = 'kept?' }) db.update('tickets', { id = 2 }, { state = 'closed' }) "
      "db.insert('notes', { ticket_id = 1 })");
  CHECK_FALSE(step.ok);
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("NOT NULL"));
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("a FOREIGN KEY violation inside a tool fails the call and rolls back its earlier writes", "[script]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = eval(episode,
      "db.insert('notes', { ticket_id = 1, body = 'kept?' }) db.insert('notes', { ticket_id = 999, body = 'orphan' })");
  CHECK_FALSE(step.ok);
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("FOREIGN KEY"));
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("db helpers return rows, one row, a value and counts of changed rows", "[script]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode,
      "local rows = db.query('SELECT name FROM users WHERE active = ? ORDER BY name', 1) "
      "local one = db.one('SELECT name, active FROM users WHERE name = ?', 'cy') "
      "local none = db.one('SELECT name FROM users WHERE name = ?', 'nobody') "
      "local n = db.value('SELECT count(*) FROM tickets') "
      "local id = db.insert('notes', { ticket_id = 2, body = 'hi' }) "
      "local updated = db.update('tickets', { state = 'open' }, { state = 'pending' }) "
      "local deleted = db.delete('notes', { id = id }) "
      "return { rows = rows, one = one, none = none == nil, n = n, updated = updated, deleted = deleted }");
  REQUIRE(step.ok);
  CHECK(step.output()["value"] == Json{{"rows", {{{"name", "ana"}}, {{"name", "ben"}}}},
                                       {"one", {{"name", "cy"}, {"active", 0}}},
                                       {"none", true},
                                       {"n", 3},
                                       {"updated", 3},
                                       {"deleted", 1}});
}

TEST_CASE("rng and math.random are deterministic per seed and differ between seeds", "[script]") {
  const char* draw = "return { rng.int(1, 1000000000), rng.int(1, 1000000000), math.random(1, 1000000000), rng.float() }";
  Episode a = open_episode(11);
  Episode b = open_episode(11);
  Episode c = open_episode(12);
  const Json first = eval(a, draw).output();
  REQUIRE(first.contains("value"));
  CHECK(eval(b, draw).output() == first);
  CHECK(eval(c, draw).output() != first);
  // The generator moves on: the next draw differs from the first.
  CHECK(eval(a, draw).output() != first);
}

TEST_CASE("the seed chooses the base World through seed.lua's rng", "[script]") {
  const auto env = deskling();
  CHECK(*env->base_snapshot(3, nullptr) == *env->base_snapshot(3, nullptr));
  CHECK(*World(env->base_snapshot(3, nullptr)).snapshot() != *World(env->base_snapshot(4, nullptr)).snapshot());
}

TEST_CASE("json.encode sorts keys and json.decode reads what it wrote", "[script]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode,
      "local text = json.encode({ b = 1, a = { 3, 2 }, c = array({}) }) "
      "return { text = text, back = json.decode(text).a[2] }");
  REQUIRE(step.ok);
  CHECK(step.output()["value"]["text"] == R"({"a":[3,2],"b":1,"c":[]})");
  CHECK(step.output()["value"]["back"] == 2);
}

TEST_CASE("clock.iso and clock.parse convert both ways and clock.now is the episode's time", "[script]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode,
      "return { now = clock.iso(clock.now()), t = clock.parse('2026-03-02T10:00:00Z'), actor = actor() }");
  REQUIRE(step.ok);
  CHECK(step.output()["value"]["now"] == "2026-03-02T09:00:00Z");
  CHECK(step.output()["value"]["t"] == 1772445600);
  CHECK(step.output()["value"]["actor"] == "ana");
}

TEST_CASE("a tool whose result JSON cannot hold (a cycle, a function) is a tool_error that changes nothing",
          "[script]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  for (const char* code : {"db.insert('notes', { ticket_id = 1, body = 'x' }) local t = {} t.self = t return t",
                           "db.insert('notes', { ticket_id = 1, body = 'x' }) return { f = function() end }"}) {
    const StepResult step = eval(episode, code);
    CHECK_FALSE(step.ok);
    CHECK(step.output()["error"]["code"] == "tool_error");
    CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("returned a value JSON cannot hold"));
    CHECK(episode.world().diff_from(before).changes.empty());
  }
  CHECK(eval(episode, "return { ok = 1 }").output() == Json{{"value", {{"ok", 1}}}});
}

TEST_CASE("db.version() stays while the data does and moves with every write, rollback and reset", "[script]") {
  Episode episode = open_episode();
  auto version = [&](const char* tool = "eval_read_only") {
    const StepResult step = episode.step(tool, Json{{"code", "return db.version()"}});
    REQUIRE(step.ok);
    return step.output()["value"].get<int64_t>();
  };
  const int64_t first = version();
  CHECK(version() == first);  // read-only calls, the call log and the clock change no environment data
  CHECK(version("eval") == first);  // a writable call that writes nothing

  auto after_write = [&](const std::string& write) {
    const int64_t before = version();
    REQUIRE(eval(episode, write).ok);
    return version() != before;
  };
  CHECK(after_write("db.insert('notes', { ticket_id = 2, body = 'hi' })"));
  CHECK(after_write("db.update('tickets', { state = 'open' }, { state = 'pending' })"));
  CHECK(after_write("db.delete('notes', { ticket_id = 2 })"));
  CHECK(after_write("db.exec('UPDATE tickets SET title = title')"));
  CHECK(after_write("db.query('UPDATE tickets SET title = title RETURNING id')"));

  // Within a call, a write moves it at once; a failed call's rollback moves it again.
  const int64_t before = version();
  const StepResult inside = eval(episode,
      "local a = db.version() db.exec('DELETE FROM notes') local b = db.version() "
      "return { same = a == b }");
  REQUIRE(inside.ok);
  CHECK(inside.output()["value"]["same"] == false);
  const int64_t written = version();
  CHECK(written != before);
  REQUIRE_FALSE(eval(episode, "db.exec('DELETE FROM tickets') fail('stop', 'undo it')").ok);
  CHECK(version() != written);

  episode.reset();
  const int64_t reset = version();
  CHECK(reset != written);
  Episode fork = episode.fork();
  const StepResult forked = fork.step("eval_read_only", Json{{"code", "return db.version()"}});
  REQUIRE(forked.ok);
  CHECK(forked.output()["value"].get<int64_t>() != reset);
}
