// The Lua JSON bindings as a script uses them, in a sandboxed LuaState with the environment globals:
// bytes → json.decode → json.encode → json.decode → json.encode. Text json.decode refuses is a Lua error
// the script can catch; anything it accepts must encode, and encode the same the second time round.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "script/context.hpp"
#include "script/lua_state.hpp"

namespace {

constexpr const char* kRoundTrip = R"(
local text = ...
local ok, value = pcall(json.decode, text)
if not ok then return nil end
local once = json.encode(value)
return once, json.encode(json.decode(once))
)";

[[noreturn]] void fail(const std::string& what, const std::string& input) {
  std::cerr << "lua_json: " << what << "\ninput: " << input << "\n";
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  // A state of its own per input, as every episode's scripts see fresh globals: nothing carries over,
  // and what one input allocates is all freed before the next (libFuzzer's leak check stays quiet).
  opsgym::lua::LuaState lua{opsgym::Limits{}};
  opsgym::lua::install_bindings(lua.get());
  lua.freeze_globals();
  lua_State* L = lua.get();
  lua.load(kRoundTrip, "=round_trip");
  lua_pushlstring(L, input.data(), input.size());
  try {
    lua.call(1, 2);
  } catch (const std::exception& e) {
    fail(std::string("json.decode accepted it but encoding failed: ") + e.what(), input);
  }
  if (!lua_isnil(L, -2)) {
    size_t once_size = 0, twice_size = 0;
    const char* once = lua_tolstring(L, -2, &once_size);
    const char* twice = lua_tolstring(L, -1, &twice_size);
    if (std::string(once, once_size) != std::string(twice, twice_size))
      fail("encode(decode(encode(v))) differs from encode(v): " + std::string(once, once_size) + " then " +
               std::string(twice, twice_size),
           input);
  }
  return 0;
}
