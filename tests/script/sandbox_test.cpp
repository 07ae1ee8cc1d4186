// The Lua sandbox: what scripts can reach, and that they cannot keep state outside the World.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

StepResult eval(Episode& episode, const std::string& code, const std::string& tool = "eval") {
  return episode.step(tool, Json{{"code", code}});
}

std::string error_code(const StepResult& step) { return step.output().at("error").at("code").get<std::string>(); }
std::string error_message(const StepResult& step) { return step.output().at("error").at("message").get<std::string>(); }

}  // namespace

TEST_CASE("scripts see no io, os, debug, package, dofile, loadfile or collectgarbage", "[script][sandbox]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode,
      "return { io = type(io), os = type(os), debug = type(debug), package = type(package), "
      "dofile = type(dofile), loadfile = type(loadfile), collectgarbage = type(collectgarbage), "
      "dump = type(string.dump), randomseed = type(math.randomseed) }");
  REQUIRE(step.ok);
  const Json expected = {{"io", "nil"},           {"os", "nil"},       {"debug", "nil"},
                         {"package", "nil"},      {"dofile", "nil"},   {"loadfile", "nil"},
                         {"collectgarbage", "nil"}, {"dump", "nil"},   {"randomseed", "nil"}};
  CHECK(step.output()["value"] == expected);
}

TEST_CASE("require loads no file outside the environment's lib and the verifier library", "[script][sandbox]") {
  Episode episode = open_episode();
  for (const char* name : {"../../../../etc/passwd", "/etc/passwd", "os", "io", "hazards", "tools/hazards"}) {
    INFO(name);
    const StepResult step = eval(episode, std::string("return require('") + name + "')");
    CHECK_FALSE(step.ok);
    CHECK(error_code(step) == "tool_error");
    CHECK_THAT(error_message(step), Catch::Contains("not found"));
  }
  // The shared verifier library is reachable.
  const StepResult checks = eval(episode, "return type(require('checks'))");
  REQUIRE(checks.ok);
  CHECK(checks.output()["value"] == "table");
}

TEST_CASE("load refuses bytecode and accepts text", "[script][sandbox]") {
  Episode episode = open_episode();
  const StepResult binary = eval(episode,
      "local f, err = load(string.char(27) .. 'Lua' .. string.char(84, 0, 25, 147, 13, 10, 26, 10)) "
      "return { loaded = f ~= nil, err = tostring(err) }");
  REQUIRE(binary.ok);
  CHECK(binary.output()["value"]["loaded"] == false);
  CHECK_THAT(binary.output()["value"]["err"].get<std::string>(), Catch::Contains("binary"));
  const StepResult text = eval(episode, "return load('return 6 * 7')()");
  REQUIRE(text.ok);
  CHECK(text.output()["value"] == 42);
}

TEST_CASE("assigning a global fails the call", "[script][sandbox]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode, "leak = 1 return leak");
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "tool_error");
  CHECK_THAT(error_message(step), Catch::Contains("read-only"));
  const StepResult library = eval(episode, "string.leak = 1 return 1");
  CHECK_FALSE(library.ok);
}

TEST_CASE("a script cannot keep state between calls by writing through _G", "[script][sandbox]") {
  Episode episode = open_episode();
  eval(episode, "_G.leak_g = 41");  // may fail or be ignored; a later call must not see it
  const StepResult read = eval(episode, "return tostring(leak_g)");
  REQUIRE(read.ok);
  CHECK(read.output()["value"] == "nil");
}

TEST_CASE("a script cannot keep state between calls with rawset on the globals", "[script][sandbox]") {
  Episode episode = open_episode();
  eval(episode, "rawset(_ENV, 'leak_raw', 42)");
  const StepResult read = eval(episode, "return tostring(leak_raw)");
  REQUIRE(read.ok);
  CHECK(read.output()["value"] == "nil");
}

TEST_CASE("a script cannot keep state between calls in the string library behind the string metatable", "[script][sandbox]") {
  Episode episode = open_episode();
  eval(episode, "getmetatable('').__index.leak_meta = 43");
  const StepResult read = eval(episode, "return tostring(string.leak_meta) .. ',' .. tostring(('').leak_meta)");
  REQUIRE(read.ok);
  CHECK(read.output()["value"] == "nil,nil");
}

TEST_CASE("a read-only tool cannot change the World", "[script][sandbox]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  for (const char* code : {"db.insert('notes', { ticket_id = 1, body = 'x' })",
                           "db.update('tickets', { id = 1 }, { state = 'closed' })",
                           "db.delete('tickets', { id = 3 })", "db.exec('DELETE FROM notes')",
                           "db.query('DELETE FROM tickets WHERE id = 2')"}) {
    INFO(code);
    const StepResult step = eval(episode, code, "eval_read_only");
    CHECK_FALSE(step.ok);
    CHECK_THAT(error_message(step), Catch::Contains("read-only"));
  }
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("db.insert refuses unknown tables and columns", "[script][sandbox]") {
  Episode episode = open_episode();
  const StepResult table = eval(episode, "db.insert('ghosts', { id = 1 })");
  CHECK_FALSE(table.ok);
  CHECK_THAT(error_message(table), Catch::Contains("ghosts"));
  const StepResult column = eval(episode, "db.insert('notes', { ticket_id = 1, body = 'x', colour = 'red' })");
  CHECK_FALSE(column.ok);
  CHECK_THAT(error_message(column), Catch::Contains("colour"));
}
