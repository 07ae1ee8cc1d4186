// load() with a mode argument, as Lua's manual documents it: load(chunk, name, "t"[, env]). A chunk loaded
// so sees the (frozen) globals, or the env it was given; bytecode stays refused whatever the mode says.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

Json eval_value(Episode& episode, const std::string& code) {
  const StepResult step = episode.step("eval", Json{{"code", code}});
  REQUIRE(step.ok);
  return step.output().at("value");
}

}  // namespace

TEST_CASE("load(src, name, 't') gives a chunk that sees the globals, and one with an env sees that env", "[script][sandbox]") {
  Episode episode = open_episode();
  CHECK(eval_value(episode, R"lua(return load("return string.upper('ab')", "=c", "t")())lua") == "AB");
  CHECK(eval_value(episode, R"lua(return load("return x * 2", "=c", "t", {x = 21})())lua") == 42);
  CHECK(eval_value(episode, R"lua(return load("return type(_ENV)", "=c", "t")())lua") == "table");
}

TEST_CASE("load refuses bytecode whatever mode it is asked for", "[script][sandbox]") {
  Episode episode = open_episode();
  const Json refused = eval_value(episode, R"lua(
    local f, err = load("\27Lua\84\0", "=c", "b")
    return {loaded = f ~= nil, err = tostring(err)})lua");
  CHECK(refused["loaded"] == false);
}
