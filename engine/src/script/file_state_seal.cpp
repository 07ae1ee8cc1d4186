#include "script/file_state_seal.hpp"

#include <stdexcept>
#include <vector>

#include "opsgym/errors.hpp"
#include "script/bytecode_scan.hpp"
#include "script/frozen_tables.hpp"
#include "script/version_cache.hpp"

namespace opsgym::lua {
namespace {

bool has_identity(int type) {
  return type == LUA_TTABLE || type == LUA_TFUNCTION || type == LUA_TTHREAD || type == LUA_TUSERDATA;
}

// A stack of values still to visit, kept in a Lua table (so the collector sees them) at a fixed slot,
// each with a description for errors.
class Pending {
 public:
  explicit Pending(lua_State* L) : L_(L) {
    lua_newtable(L);
    slot_ = lua_gettop(L);
  }
  // Pushes the value at the top of the Lua stack (popping it) when it can hold anything.
  void add(const std::string& where) {
    if (!has_identity(lua_type(L_, -1))) {
      lua_pop(L_, 1);
      return;
    }
    lua_rawseti(L_, slot_, static_cast<lua_Integer>(where_.size()) + 1);
    where_.push_back(where);
  }
  bool empty() const { return where_.empty(); }
  // Pushes the next value onto the Lua stack and returns its description.
  std::string take() {
    const auto n = static_cast<lua_Integer>(where_.size());
    lua_rawgeti(L_, slot_, n);
    lua_pushnil(L_);
    lua_rawseti(L_, slot_, n);
    std::string where = std::move(where_.back());
    where_.pop_back();
    return where;
  }
  int slot() const { return slot_; }

 private:
  lua_State* L_;
  int slot_ = 0;
  std::vector<std::string> where_;
};

std::string function_location(lua_State* L, int index) {
  lua_Debug info;
  lua_pushvalue(L, index);
  lua_getinfo(L, ">S", &info);
  return std::string(info.short_src) + ":" + std::to_string(info.linedefined);
}

}  // namespace

FileStateSeal::FileStateSeal(lua_State* L) : L_(L) { note_engine_values(); }

void FileStateSeal::note_engine_values() {
  const int base = lua_gettop(L_);
  Pending pending(L_);
  lua_pushvalue(L_, LUA_REGISTRYINDEX);
  pending.add("");
  lua_pushliteral(L_, "");
  if (lua_getmetatable(L_, -1)) pending.add("");  // the string metatable (not in the registry)
  lua_pop(L_, 1);
  while (!pending.empty()) {
    pending.take();
    const int value = lua_gettop(L_);
    if (!engine_.insert(lua_topointer(L_, value)).second) {
      lua_pop(L_, 1);
      continue;
    }
    if (lua_type(L_, value) == LUA_TTABLE) {
      lua_pushnil(L_);
      while (lua_next(L_, value)) {
        lua_pushvalue(L_, -2);
        pending.add("");
        pending.add("");
      }
    } else if (lua_type(L_, value) == LUA_TFUNCTION) {
      for (int n = 1; lua_getupvalue(L_, value, n); ++n) pending.add("");
    } else if (lua_type(L_, value) == LUA_TUSERDATA) {
      for (int n = 1; lua_getiuservalue(L_, value, n) != LUA_TNONE; ++n) pending.add("");
      lua_pop(L_, 1);
    }
    if (lua_type(L_, value) != LUA_TFUNCTION && lua_getmetatable(L_, value)) pending.add("");
    lua_pop(L_, 1);
  }
  lua_settop(L_, base);
}

void FileStateSeal::seal(int index, const std::string& what) {
  const int base = lua_gettop(L_);
  index = lua_absindex(L_, index);
  Pending pending(L_);
  lua_newtable(L_);  // the tables to freeze, once everything has been walked
  const int to_freeze = lua_gettop(L_);
  lua_Integer tables = 0;
  lua_pushvalue(L_, index);
  pending.add(what);
  try {
    while (!pending.empty()) {
      const std::string where = pending.take();
      const int value = lua_gettop(L_);
      const void* identity = lua_topointer(L_, value);
      if (engine_.count(identity) || !seen_.insert(identity).second) {
        lua_pop(L_, 1);
        continue;
      }
      switch (lua_type(L_, value)) {
        case LUA_TTABLE: {
          if (is_frozen(L_, value)) break;  // sealed already, through another file
          lua_pushvalue(L_, value);
          lua_rawseti(L_, to_freeze, ++tables);
          lua_pushnil(L_);
          while (lua_next(L_, value)) {
            lua_pushvalue(L_, -2);
            pending.add(where);
            pending.add(where);
          }
          if (lua_getmetatable(L_, value)) pending.add(where + " (its metatable)");
          break;
        }
        case LUA_TFUNCTION: {
          const bool is_lua = !lua_iscfunction(L_, value);
          const std::string location = is_lua ? function_location(L_, value) : "";
          if (is_lua) {
            BytecodeFindings found;
            try {
              found = scan_function(L_, value);
            } catch (const std::runtime_error& e) {
              throw AuthoringError(location + ": " + e.what());
            }
            if (!found.outer_assignments.empty()) {
              const BytecodeSite& site = found.outer_assignments.front();
              throw AuthoringError(site.chunk + ":" + std::to_string(site.line) + ": assigns file-level local '" +
                                   site.variable +
                                   "' at call time (a variable that outlives the call): a runtime serves every "
                                   "episode, so its value would carry into the next one; keep episode state in "
                                   "the database");
            }
          }
          for (int n = 1;; ++n) {
            const char* name = lua_getupvalue(L_, value, n);
            if (!name) break;
            pending.add(is_lua ? what + ": '" + std::string(name) + "', captured by the function at " + location
                               : where);
          }
          break;
        }
        case LUA_TTHREAD:
          throw AuthoringError(where + ": a coroutine outlives the call (it keeps its own state between calls): "
                               "create coroutines inside the call that uses them");
        case LUA_TUSERDATA:
          if (is_version_cache(L_, value)) break;  // holds nothing another episode can see
          throw AuthoringError(where + ": a userdata the engine did not make outlives the call (it keeps state "
                               "between calls): create it inside the call that uses it");
        default: break;
      }
      lua_pop(L_, 1);
    }
  } catch (...) {
    lua_settop(L_, base);
    throw;
  }
  for (lua_Integer i = 1; i <= tables; ++i) {
    lua_rawgeti(L_, to_freeze, i);
    freeze_table(L_, -1);
    lua_pop(L_, 1);
  }
  lua_settop(L_, base);
}

}  // namespace opsgym::lua
