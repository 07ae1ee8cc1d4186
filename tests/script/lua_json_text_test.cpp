// A tool's output goes from Lua straight to JSON text (lua::append_json_text); it must be byte for byte
// the text of the JSON value to_json gives, whatever the table, and fail where to_json fails.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "json/json_text.hpp"
#include "script/lua_json.hpp"

using namespace opsgym;

namespace {

struct State {
  State() : L(luaL_newstate()) { lua::install_json_support(L); }
  ~State() { lua_close(L); }
  lua_State* L;
};

// The text, or "error: <message>".
std::string direct(lua_State* L) {
  std::string out;
  try {
    lua::append_json_text(out, L, -1);
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
  return out;
}

std::string via_json(lua_State* L) {
  try {
    return json_text(lua::to_json(L, -1));
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

void push_random_string(lua_State* L, std::mt19937_64& rng) {
  static const std::vector<std::string> pieces = {"plain", "Lena Ortiz", "\"", "\\", "\n", std::string(1, '\0'),
                                                  "\x01", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3",
                                                  "\xFF", "1", "10", "2", "a", "B", "_", "state", "\xED\xA0\x80"};
  std::string text;
  for (size_t n = rng() % 4; n > 0; --n) text += pieces[rng() % pieces.size()];
  lua_pushlstring(L, text.data(), text.size());
}

// A random Lua value: sequences, sequences with holes, records with string and integer keys (1 and "1"
// together too), marked and unmarked empty tables, JSON null, integers and floats.
void push_random(lua_State* L, std::mt19937_64& rng, int depth) {
  switch (rng() % (depth > 3 ? 6 : 10)) {
    case 0: lua_pushnil(L); return;
    case 1: lua_pushboolean(L, rng() % 2); return;
    case 2: lua_pushinteger(L, static_cast<lua_Integer>(rng()) >> (rng() % 64)); return;
    case 3: {
      const double values[] = {2.0, -0.0, 0.1, 1e300, 1.5, std::ldexp(static_cast<double>(rng() % 1000), -7)};
      lua_pushnumber(L, values[rng() % 6]);
      return;
    }
    case 4: push_random_string(L, rng); return;
    case 5: lua::push_null(L); return;
    case 6: {  // a sequence, sometimes with holes or extra keys
      lua_newtable(L);
      const int n = static_cast<int>(rng() % 5);
      for (int i = 1; i <= n; ++i) {
        push_random(L, rng, depth + 1);
        lua_rawseti(L, -2, rng() % 8 == 0 ? i + 1 : i);
      }
      if (rng() % 4 == 0) {
        push_random(L, rng, depth + 1);
        lua_setfield(L, -2, "extra");
      }
      if (rng() % 3 == 0) lua::mark_array(L);
      return;
    }
    default: {  // a record
      lua_newtable(L);
      for (size_t n = rng() % 6; n > 0; --n) {
        switch (rng() % 4) {
          case 0: lua_pushinteger(L, static_cast<lua_Integer>(rng() % 12) - 2); break;
          default: push_random_string(L, rng);
        }
        push_random(L, rng, depth + 1);
        lua_rawset(L, -3);  // a nil value leaves the key out, as in Lua
      }
      if (rng() % 5 == 0) lua::mark_array(L);
      return;
    }
  }
}

}  // namespace

TEST_CASE("a Lua value's JSON text equals the text of its JSON value, for 20,000 random values", "[script]") {
  State s;
  std::mt19937_64 rng(20261201);
  for (int i = 0; i < 20000; ++i) {
    push_random(s.L, rng, 0);
    const int top = lua_gettop(s.L);
    const std::string expected = via_json(s.L);
    REQUIRE(direct(s.L) == expected);
    REQUIRE(lua_gettop(s.L) == top);  // the writer leaves the stack as it found it
    lua_pop(s.L, 1);
  }
}

TEST_CASE("a Lua value JSON cannot hold fails the text as it fails the JSON value", "[script]") {
  State s;
  const char* const cases[] = {"return function() end", "return {f = function() end}", "return {[true] = 1}",
                               "return {1, 2, [2.5] = 3}", "return 0/0", "return {x = 1/0}",
                               "local t = {} t.self = t return t"};
  for (const char* source : cases) {
    REQUIRE(luaL_dostring(s.L, source) == LUA_OK);
    const std::string expected = via_json(s.L);
    CHECK(expected.rfind("error: ", 0) == 0);
    CHECK(direct(s.L) == expected);
    lua_settop(s.L, 0);
  }
}

TEST_CASE("keys 1 and \"1\" make one JSON key and records sort by bytes", "[script]") {
  State s;
  REQUIRE(luaL_dostring(s.L, "return {b = 1, a = {}, ['1'] = 'text', [1] = 'number', B = true, [10] = 0}") == LUA_OK);
  const std::string text = direct(s.L);
  CHECK(text == via_json(s.L));
  CHECK((text == R"({"1":"text","10":0,"B":true,"a":{},"b":1})" || text == R"({"1":"number","10":0,"B":true,"a":{},"b":1})"));
}
