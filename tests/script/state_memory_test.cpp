// A Lua state's memory: a per-call limit, a ceiling per state that holds whatever calls keep reachable,
// and garbage collected after a call that grew the heap, so memory returns.
#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "script/lua_state.hpp"

using namespace opsgym;

namespace {

// Pushes the function the chunk returns (a closure over the chunk's locals).
void push_closure(lua::LuaState& state, const std::string& source) {
  state.load(source, "test");
  state.call(0, 1);
}

}  // namespace

TEST_CASE("a state's heap stops at its ceiling even when every call keeps what it made", "[script][memory]") {
  Limits limits;
  limits.memory_bytes = 12u << 20;        // string.rep builds in a buffer, then copies: 8 MiB at the peak
  limits.state_memory_bytes = 24u << 20;
  lua::LuaState state(limits);
  lua_State* L = state.get();
  // A file-local table that outlives each call.
  push_closure(state, "local kept = {} return function() kept[#kept + 1] = string.rep('k', 4 << 20) return #kept end");
  int kept = 0;
  std::string error;
  for (int i = 0; i < 20 && error.empty(); ++i) {
    lua_pushvalue(L, -1);
    try {
      state.call(0, 1);
      kept = static_cast<int>(lua_tointeger(L, -1));
      lua_pop(L, 1);
    } catch (const lua::ScriptError& e) {
      CHECK(e.kind == lua::ScriptError::Kind::memory);
      error = e.what();
    }
    CHECK(state.memory_used() <= limits.state_memory_bytes);
  }
  CHECK(kept == 4);  // 4 x 4 MiB kept (+ 8 MiB at the peak of a call) fit under 24 MiB, a fifth does not
  CHECK_THAT(error, Catch::Contains("memory limit exceeded") && Catch::Contains("25165824 bytes per state"));
  lua_pop(L, 1);
}

TEST_CASE("memory a call leaves unreachable goes back when the call ends", "[script][memory]") {
  lua::LuaState state(Limits{});
  lua_State* L = state.get();
  push_closure(state, "return function() local t = {} for i = 1, 2000 do t[i] = string.rep('g', 10000) .. i end return #t end");
  const size_t baseline = state.memory_used();
  for (int i = 0; i < 3; ++i) {
    lua_pushvalue(L, -1);
    state.call(0, 1);
    CHECK(lua_tointeger(L, -1) == 2000);
    lua_pop(L, 1);
    CHECK(state.memory_used() < baseline + (1u << 20));
  }
  lua_pop(L, 1);
}

TEST_CASE("a memory bomb ends with the memory limit and its memory goes back", "[script][memory]") {
  Limits limits;
  limits.memory_bytes = 16u << 20;
  lua::LuaState state(limits);
  lua_State* L = state.get();
  push_closure(state, "return function() local t = {} while true do t[#t + 1] = string.rep('m', 1000) .. #t end end");
  const size_t baseline = state.memory_used();
  lua_pushvalue(L, -1);
  CHECK_THROWS_AS(state.call(0, 0), lua::ScriptError);
  CHECK(state.memory_used() < baseline + (1u << 20));
  lua_pop(L, 1);
}
