// Instruction, memory and pattern limits: a runaway script ends with limit_exceeded and changes nothing.
#include <catch2/catch.hpp>

#include <chrono>

#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::string error_code(const StepResult& step) { return step.output().at("error").at("code").get<std::string>(); }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("an infinite loop in a tool ends with limit_exceeded and the World unchanged", "[script][limits]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("spin", Json::object());
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "limit_exceeded");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("instruction"));
  CHECK(episode.world().diff_from(before).changes.empty());
  CHECK(episode.step("search_tickets", Json::object()).ok);
}

TEST_CASE("an instruction limit caught by pcall still ends the call", "[script][limits]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("eval", Json{{"code",
      "db.insert('notes', { ticket_id = 1, body = 'x' }) "
      "pcall(function() while true do end end) return 'escaped'"}});
  CHECK_FALSE(step.ok);
  REQUIRE(step.output().contains("error"));
  CHECK(error_code(step) == "limit_exceeded");
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("an infinite loop inside a coroutine is stopped too", "[script][limits]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("eval", Json{{"code", "coroutine.wrap(function() while true do end end)()"}});
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "limit_exceeded");
}

TEST_CASE("a memory bomb ends with limit_exceeded, changes nothing, and the next call works", "[script][limits]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("hog", Json::object());
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "limit_exceeded");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("memory"));
  CHECK(episode.world().diff_from(before).changes.empty());

  const StepResult next = episode.step("add_note", Json{{"number", "T-2"}, {"body", "after the bomb"}});
  CHECK(next.ok);
  const StepResult grow = episode.step("eval", Json{{"code", "return #string.rep('y', 1 << 20)"}});
  REQUIRE(grow.ok);
  CHECK(grow.output()["value"] == (1 << 20));
}

TEST_CASE("a string.rep memory bomb ends with limit_exceeded", "[script][limits]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("eval", Json{{"code", "local s = 'x' while true do s = s .. s end"}});
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "limit_exceeded");
  CHECK(episode.step("eval", Json{{"code", "return 1"}}).ok);
}

TEST_CASE("a runaway pattern is refused quickly with an error instead of hanging", "[script][limits]") {
  Episode episode = open_episode();
  for (const char* code : {"return string.rep('a', 200):find('.-.-.-.-b')",
                           "return string.find(string.rep('a', 200), '.-.-.-.-b')",
                           "return string.match(string.rep('a', 200), '.-.-.-.-b')",
                           "return (string.gsub(string.rep('a', 200), '.-.-.-.-b', ''))",
                           "for m in string.rep('a', 200):gmatch('.-.-.-.-b') do end return 1"}) {
    INFO(code);
    const auto start = std::chrono::steady_clock::now();
    const StepResult step = episode.step("eval", Json{{"code", code}});
    CHECK(seconds_since(start) < 1.0);
    CHECK_FALSE(step.ok);
    CHECK(step.output().contains("error"));
  }
}

TEST_CASE("ordinary patterns still work", "[script][limits]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("eval", Json{{"code",
      "local a, b = ('INC0001042 open'):find('INC(%d+)') "
      "return { a = a, b = b, m = ('T-12'):match('T%-(%d+)'), g = (('a,b,c'):gsub(',', ';')) }"}});
  REQUIRE(step.ok);
  CHECK(step.output()["value"] == Json{{"a", 1}, {"b", 10}, {"m", "12"}, {"g", "a;b;c"}});
}
