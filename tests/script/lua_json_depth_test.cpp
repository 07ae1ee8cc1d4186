// JSON nesting in Lua: json.decode refuses text nested past the JSON nesting limit (kMaxJsonDepth) with
// a Lua error naming it, json.encode and a tool's result stop at the same limit, and push_json (JSON
// into Lua) fills tables at any depth without recursion. Through the real runtime, in deskling's eval tool.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "episode/deskling_fixture.hpp"
#include "json/json_read.hpp"
#include "script/lua_json.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

StepResult eval(Episode& episode, const std::string& code) { return episode.step("eval", Json{{"code", code}}); }

std::string error_message(const StepResult& step) { return step.output().at("error").at("message").get<std::string>(); }

// Lua text for a string of `levels` nested arrays around `inner`.
std::string nested_text(const std::string& levels, const std::string& inner = "") {
  return "string.rep('[', " + levels + ") .. '" + inner + "' .. string.rep(']', " + levels + ")";
}

// Lua text that builds a table nested `levels` deep as `t`: arrays of one item, the innermost table
// empty (it encodes as {}).
std::string nested_table(int levels) {
  return "local t = {} local inner = t for _ = 2, " + std::to_string(levels) +
         " do local n = {} inner[1] = n inner = n end ";
}

}  // namespace

TEST_CASE("json.decode of 300,000 nested arrays is a Lua error naming the nesting limit", "[script][json]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode, "return json.decode(" + nested_text("300000") + ")");
  CHECK_FALSE(step.ok);
  CHECK_THAT(error_message(step), Catch::Contains("json.decode: JSON nested deeper than 128 levels") &&
                                      Catch::Contains("nesting limit is 128"));
  // A script can catch it like any other error, and the runtime goes on.
  const StepResult caught = eval(episode, "local ok, err = pcall(json.decode, " + nested_text("300000") +
                                              ") return { ok = ok, err = tostring(err) }");
  REQUIRE(caught.ok);
  CHECK(caught.output()["value"]["ok"] == false);
  CHECK_THAT(caught.output()["value"]["err"].get<std::string>(), Catch::Contains("nesting limit is 128"));
  const StepResult after = eval(episode, "return json.decode('[1,[2,{\"a\":3}]]')");
  REQUIRE(after.ok);
  CHECK(after.output()["value"] == Json::parse(R"([1,[2,{"a":3}]])"));
}

TEST_CASE("json.decode reads JSON nested exactly to the limit and json.encode gives it back", "[script][json]") {
  Episode episode = open_episode();
  const StepResult step = eval(episode, "local s = " + nested_text("128", "1") +
                                            " local t = json.decode(s) return { same = json.encode(t) == s, "
                                            "deeper = pcall(json.decode, '[' .. s .. ']') }");
  REQUIRE(step.ok);
  CHECK(step.output()["value"] == Json{{"same", true}, {"deeper", false}});
}

TEST_CASE("json.encode of a table nested one level past the limit is a Lua error naming it", "[script][json]") {
  Episode episode = open_episode();
  const StepResult at_limit = eval(episode, nested_table(kMaxJsonDepth) + "return #json.encode(t)");
  REQUIRE(at_limit.ok);
  CHECK(at_limit.output()["value"] == 2 * kMaxJsonDepth);
  const StepResult past = eval(episode, nested_table(kMaxJsonDepth + 1) + "return json.encode(t)");
  CHECK_FALSE(past.ok);
  CHECK_THAT(error_message(past), Catch::Contains("nested deeper than 128 levels, the JSON nesting limit"));
}

TEST_CASE("A tool result nested past the limit is a tool error and one at the limit is the step's output", "[script][json]") {
  Episode episode = open_episode();
  const StepResult past = eval(episode, nested_table(kMaxJsonDepth + 1) + "return t");
  CHECK_FALSE(past.ok);
  CHECK_THAT(error_message(past), Catch::Contains("returned a value JSON cannot hold") &&
                                      Catch::Contains("the JSON nesting limit"));
  // The eval tool wraps what the code returns as {"value": …}: one level of its own.
  const StepResult at_limit = eval(episode, nested_table(kMaxJsonDepth - 1) + "return t");
  REQUIRE(at_limit.ok);
  const size_t arrays = kMaxJsonDepth - 2;  // around the innermost table, empty: {}
  CHECK(at_limit.output_text == "{\"value\":" + std::string(arrays, '[') + "{}" + std::string(arrays, ']') + "}");
}

TEST_CASE("push_json fills the tables of a value nested 100,000 deep without recursion", "[script][json]") {
  constexpr int kLevels = 100000;
  Json value = Json::array();
  Json* innermost = &value;
  for (int i = 1; i < kLevels; ++i) innermost = &innermost->emplace_back(Json::array());
  innermost->push_back(Json{{"leaf", 7}, {"gone", nullptr}});
  lua_State* L = luaL_newstate();
  lua::install_json_support(L);
  lua::push_json(L, value);
  REQUIRE(lua_gettop(L) == 1);
  int levels = 0;
  while (lua_type(L, -1) == LUA_TTABLE && lua_rawlen(L, -1) == 1) {
    lua_rawgeti(L, -1, 1);
    lua_remove(L, -2);
    ++levels;
  }
  CHECK(levels == kLevels);
  REQUIRE(lua_type(L, -1) == LUA_TTABLE);  // the innermost object
  CHECK(lua_getfield(L, -1, "leaf") == LUA_TNUMBER);
  CHECK(lua_tointeger(L, -1) == 7);
  lua_pop(L, 1);
  CHECK(lua_getfield(L, -1, "gone") == LUA_TNIL);  // null members read as nil, as before
  lua_close(L);
}
