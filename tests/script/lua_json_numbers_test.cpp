// JSON numbers into Lua: integers keep their value or arrive as the nearest float, never wrapped. A
// client's 18446744073709551615 in an untyped object parameter used to reach a tool as -1.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "script/lua_json.hpp"

using opsgym::Json;

namespace {

struct Pushed {
  explicit Pushed(const Json& value) : L(luaL_newstate()) { opsgym::lua::push_json(L, value); }
  ~Pushed() { lua_close(L); }
  lua_State* L;
};

}  // namespace

TEST_CASE("An unsigned JSON integer past int64 reaches Lua as a float near its value, not wrapped", "[script][json]") {
  for (uint64_t u : {std::numeric_limits<uint64_t>::max(), uint64_t{1} << 63}) {
    Pushed p{Json(u)};
    CHECK_FALSE(lua_isinteger(p.L, -1));
    CHECK(lua_tonumber(p.L, -1) == static_cast<double>(u));
    CHECK(lua_tonumber(p.L, -1) > 9.2e18);
  }
}

TEST_CASE("JSON integers that int64 holds stay Lua integers", "[script][json]") {
  const uint64_t largest = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  Pushed unsigned_max{Json(largest)};
  REQUIRE(lua_isinteger(unsigned_max.L, -1));
  CHECK(lua_tointeger(unsigned_max.L, -1) == std::numeric_limits<int64_t>::max());
  Pushed negative{Json(std::numeric_limits<int64_t>::min())};
  REQUIRE(lua_isinteger(negative.L, -1));
  CHECK(lua_tointeger(negative.L, -1) == std::numeric_limits<int64_t>::min());
}
