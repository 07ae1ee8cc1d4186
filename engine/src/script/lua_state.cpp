#include "script/lua_state.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "opsgym/errors.hpp"
#include "script/bounded_library.hpp"
#include "script/bounded_patterns.hpp"
#include "script/lua_json.hpp"

namespace opsgym::lua {
namespace {

constexpr int kHookEvery = 1000;  // instructions between limit checks
const char* const kStateKey = "opsgym.state";
const char* const kFailMeta = "opsgym.fail";

// Removes what can reach files, processes, bytecode or the collector.
void remove_unsafe_globals(lua_State* L) {
  // rawset would write through the read-only proxies that keep globals and libraries frozen.
  for (const char* name : {"dofile", "loadfile", "collectgarbage", "print", "require", "rawset"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  lua_getglobal(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  lua_getglobal(L, "math");
  lua_pushnil(L);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);
}

// load() accepts text chunks only: bytecode can crash the VM.
int load_text_only(lua_State* L) {
  size_t size = 0;
  const char* source = luaL_checklstring(L, 1, &size);
  const char* chunkname = luaL_optstring(L, 2, "=(load)");
  // Asked before the chunk is pushed: with three arguments the chunk itself lands at index 4, and taking
  // it for an environment made it its own _ENV (load(src, name, "t") gave a chunk that could not run).
  const bool custom_environment = !lua_isnoneornil(L, 4);
  int status = luaL_loadbufferx(L, source, size, chunkname, "t");
  if (status != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  if (custom_environment) {
    lua_pushvalue(L, 4);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

bool is_fail(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return false;
  luaL_getmetatable(L, kFailMeta);
  const bool fail = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return fail;
}

// Message handler of every script call: turns an error object into its text while the call's limits
// still hold (a __tostring that loops is stopped by the hook like any other code). After the call no
// script code runs, so error_text below reads strings only.
int describe_error(lua_State* L) {
  if (lua_type(L, 1) == LUA_TSTRING || is_fail(L, 1) || state_of(L).limit_reached()) return 1;
  luaL_tolstring(L, 1, nullptr);
  return 1;
}

std::string error_text(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TSTRING) return lua_tostring(L, index);
  return std::string("(error object is a ") + luaL_typename(L, index) + " value)";
}

}  // namespace

LuaState& state_of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kStateKey);
  auto* state = static_cast<LuaState*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return *state;
}

// Growth is charged to the call's budget and refused once the call is over budget, out of time or past
// its memory limit: Lua turns the refusal into an error, so copying loops the hook cannot see (string
// concatenation, table growth) stop at their next allocation. Shrinking and freeing always succeed.
void* LuaState::allocate(void* ud, void* ptr, size_t old_size, size_t new_size) {
  auto* self = static_cast<LuaState*>(ud);
  Memory* memory = &self->memory_;
  const size_t before = ptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    memory->used -= before;
    return nullptr;
  }
  if (new_size > before) {
    const size_t growth = new_size - before;
    if (memory->used + growth > memory->limit) {
      memory->exceeded = true;
      return nullptr;
    }
    if (self->limit_reached()) return nullptr;
    self->instructions_left_ -= static_cast<int64_t>(static_cast<double>(growth) / kBytesPerUnit);
    if (self->instructions_left_ < 0 || (growth >= kTimeCheckedAllocation && self->budget_spent())) {
      self->instructions_exceeded_ = self->instructions_exceeded_ || self->instructions_left_ < 0;
      return nullptr;
    }
  }
  void* grown = std::realloc(ptr, new_size);
  if (!grown) return nullptr;
  memory->used = memory->used - before + new_size;
  return grown;
}

bool LuaState::budget_spent() {
  if (instructions_left_ < 0) instructions_exceeded_ = true;
  else if (std::chrono::steady_clock::now() > deadline_) time_exceeded_ = true;
  return instructions_exceeded_ || time_exceeded_;
}

void LuaState::charge(lua_State* L, double units) {
  if (!limit_reached()) {
    if (units >= static_cast<double>(instructions_left_)) {
      instructions_left_ = -1;
    } else if (units > 0) {
      instructions_left_ -= static_cast<int64_t>(units);
    }
    budget_spent();
  }
  if (limit_reached()) raise_limit(L);
}

void LuaState::raise_limit(lua_State* L) {
  if (time_exceeded_) luaL_error(L, "time limit exceeded (%I ms)", static_cast<lua_Integer>(limits_.wall_ms));
  if (instructions_exceeded_)
    luaL_error(L, "instruction limit exceeded (%I instructions)", static_cast<lua_Integer>(limits_.instructions));
  luaL_error(L, "memory limit exceeded");
  std::abort();  // luaL_error does not return
}

void LuaState::count_hook(lua_State* L, lua_Debug*) { state_of(L).charge(L, kHookEvery); }

void charge(lua_State* L, double units) { state_of(L).charge(L, units); }

LuaState::LuaState(const Limits& limits) : limits_(limits) {
  memory_.limit = std::numeric_limits<size_t>::max();
  instructions_left_ = std::numeric_limits<int64_t>::max();
  L_ = lua_newstate(&LuaState::allocate, this);
  if (!L_) throw std::bad_alloc();
  lua_pushlightuserdata(L_, this);
  lua_setfield(L_, LUA_REGISTRYINDEX, kStateKey);
  using Library = std::pair<const char*, lua_CFunction>;
  for (auto [name, open] : {Library{LUA_GNAME, luaopen_base}, Library{LUA_TABLIBNAME, luaopen_table},
                            Library{LUA_STRLIBNAME, luaopen_string}, Library{LUA_MATHLIBNAME, luaopen_math},
                            Library{LUA_UTF8LIBNAME, luaopen_utf8}, Library{LUA_COLIBNAME, luaopen_coroutine}}) {
    luaL_requiref(L_, name, open, 1);
    lua_pop(L_, 1);
  }
  remove_unsafe_globals(L_);
  lua_pushcfunction(L_, load_text_only);
  lua_setglobal(L_, "load");
  install_bounded_library(L_);
  install_bounded_patterns(L_);
  install_json_support(L_);
  // A fail() error caught with pcall must not hand the script its metatable: one table shared by every
  // episode, it would carry whatever a script wrote into it to the next.
  luaL_newmetatable(L_, kFailMeta);
  lua_pushliteral(L_, "fail");
  lua_setfield(L_, -2, "__metatable");
  lua_pop(L_, 1);
  lua_sethook(L_, &LuaState::count_hook, LUA_MASKCOUNT, kHookEvery);
  // Generational collection: the state keeps a large heap that lives as long as it does (every tool,
  // rule and library of the environment, compiled) and each call leaves a little short-lived garbage.
  // The default incremental collector re-marks the whole heap every cycle; a young collection visits
  // only what is new.
  lua_gc(L_, LUA_GCGEN, 0, 0);
}

LuaState::~LuaState() {
  if (L_) lua_close(L_);
}

void LuaState::load(const std::string& source, const std::string& chunkname) {
  if (luaL_loadbufferx(L_, source.data(), source.size(), ("@" + chunkname).c_str(), "t") != LUA_OK) {
    std::string message = error_text(L_, -1);
    lua_pop(L_, 1);
    throw AuthoringError(message);
  }
}

void LuaState::call(int nargs, int nresults, WallTime wall) {
  const int function = lua_gettop(L_) - nargs;
  const int top = function - 1;
  if (!lua_checkstack(L_, 1)) throw ScriptError(ScriptError::Kind::runtime, "Lua stack overflow");
  lua_pushcfunction(L_, describe_error);
  lua_insert(L_, function);  // the message handler goes below the function
  instructions_left_ = limits_.instructions;
  instructions_exceeded_ = false;
  time_exceeded_ = false;
  deadline_ = wall == WallTime::limited ? std::chrono::steady_clock::now() + std::chrono::milliseconds(limits_.wall_ms)
                                        : std::chrono::steady_clock::time_point::max();
  memory_.exceeded = false;
  // The call may add memory_bytes, and the state never passes state_memory_bytes whatever earlier calls kept.
  memory_.limit = std::min(memory_.used + limits_.memory_bytes, std::max(memory_.used, limits_.state_memory_bytes));
  int status = lua_pcall(L_, nargs, nresults, function);
  lua_remove(L_, function);
  const bool instructions = instructions_exceeded_, time = time_exceeded_, memory = memory_.exceeded;
  memory_.limit = std::numeric_limits<size_t>::max();
  instructions_left_ = std::numeric_limits<int64_t>::max();
  instructions_exceeded_ = time_exceeded_ = memory_.exceeded = false;
  deadline_ = std::chrono::steady_clock::time_point::max();
  if (status == LUA_OK && !instructions && !time && !memory) {
    collect_if_grown();
    return;
  }
  if (status == LUA_OK) {
    // A script caught the limit's error and went on (the wrappers re-raise, so this is a safety net).
    lua_settop(L_, top);
    lua_pushliteral(L_, "limit reached inside pcall");
  }
  const std::string message = error_text(L_, -1);
  const bool fail = !instructions && !time && !memory && status != LUA_ERRMEM && is_fail(L_, -1);
  Json detail = fail ? to_json(L_, -1) : Json();
  lua_settop(L_, top);
  if (status == LUA_ERRMEM || memory) lua_gc(L_, LUA_GCCOLLECT);
  collect_if_grown();
  if (time) {
    throw ScriptError(ScriptError::Kind::instructions,
                      "time limit exceeded (" + std::to_string(limits_.wall_ms) + " ms)");
  }
  if (instructions) {
    throw ScriptError(ScriptError::Kind::instructions,
                      "instruction limit exceeded (" + std::to_string(limits_.instructions) + " instructions)");
  }
  if (status == LUA_ERRMEM || memory) {
    throw ScriptError(ScriptError::Kind::memory,
                      "memory limit exceeded (" + std::to_string(limits_.memory_bytes) + " bytes per call, " +
                          std::to_string(limits_.state_memory_bytes) + " bytes per state)");
  }
  if (fail) {
    // Read the message before `detail` is moved into the exception (argument order is unspecified).
    const std::string fail_message = detail.value("message", "");
    throw ScriptError(ScriptError::Kind::fail, fail_message, std::move(detail));
  }
  throw ScriptError(ScriptError::Kind::runtime, message);
}

void LuaState::collect_if_grown() {
  if (memory_.used > heap_after_collect_ + kCollectAfterGrowth) {
    lua_gc(L_, LUA_GCCOLLECT);
    heap_after_collect_ = memory_.used;
  }
}

void LuaState::freeze_globals() {
  // New _G: an empty proxy whose reads go to the real globals and whose writes fail. Library tables
  // get the same treatment so `string.find = ...` cannot carry state either.
  lua_pushglobaltable(L_);
  const int real = lua_gettop(L_);
  auto make_proxy = [this](int target, const char* what) {
    lua_newtable(L_);                 // proxy
    lua_newtable(L_);                 // its metatable
    lua_pushvalue(L_, target);
    lua_setfield(L_, -2, "__index");
    lua_pushstring(L_, what);
    lua_pushcclosure(L_, [](lua_State* L) -> int {
      return luaL_error(L, "%s are read-only: keep episode state in the database, not in Lua (assigning '%s')",
                        lua_tostring(L, lua_upvalueindex(1)), luaL_tolstring(L, 2, nullptr));
    }, 1);
    lua_setfield(L_, -2, "__newindex");
    lua_pushliteral(L_, "frozen");
    lua_setfield(L_, -2, "__metatable");
    lua_setmetatable(L_, -2);
  };
  for (const char* lib : {"string", "table", "math", "utf8", "coroutine", "db", "clock", "rng", "json"}) {
    if (lua_getfield(L_, real, lib) == LUA_TTABLE) {
      make_proxy(lua_gettop(L_), "library tables");
      lua_setfield(L_, real, lib);
    }
    lua_pop(L_, 1);
  }
  lua_pushvalue(L_, real);
  lua_setfield(L_, LUA_REGISTRYINDEX, kRealGlobalsKey);
  // Strings index the string library through their metatable: point it at the frozen copy, and hide it.
  lua_pushliteral(L_, "");
  lua_getmetatable(L_, -1);
  lua_getfield(L_, real, "string");
  lua_setfield(L_, -2, "__index");
  lua_pushliteral(L_, "frozen");
  lua_setfield(L_, -2, "__metatable");
  lua_pop(L_, 2);
  make_proxy(real, "globals");
  lua_pushvalue(L_, -1);
  lua_setfield(L_, real, "_G");  // _G names the proxy, never the writable table behind it
  lua_rawseti(L_, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pop(L_, 1);
}

void raise_fail(lua_State* L, const Json& detail) {
  push_json(L, detail);
  luaL_getmetatable(L, kFailMeta);
  lua_setmetatable(L, -2);
  lua_error(L);
  std::abort();  // lua_error does not return; the compiler cannot know
}

}  // namespace opsgym::lua
