#pragma once
// Proves at load time that scripts keep no state between calls, at no cost per call.
//
// A runtime is shared by every episode of its environment, so whatever a tool, rule, event handler or
// module can reach that outlives a call must not change during one. After the scripts have loaded,
// everything reachable from what the engine calls (and from the modules `require` returns) is walked:
// - a Lua function that assigns a variable it captured (a file-level local, or a local of a function
//   that ran at load) is refused, with file, line and name (its bytecode is read; see bytecode_scan);
// - a coroutine, or a userdata the engine did not make, is refused: both carry state of their own;
// - every table is frozen in place (see frozen_tables): writing to it at call time is an error.
// The engine's own values (globals, libraries, their metatables) are left as they are: they are frozen
// by LuaState::freeze_globals.
#include <lua.hpp>

#include <string>
#include <unordered_set>

namespace opsgym::lua {

class FileStateSeal {
 public:
  // Records the engine's own values: everything reachable from the registry now. Call it before any
  // script is loaded.
  explicit FileStateSeal(lua_State* L);

  // Walks the value at `index` (a function, a table, anything) and what it reaches, and freezes the
  // tables found. `what` names the value in errors, e.g. "tool assign_ticket". Throws AuthoringError.
  void seal(int index, const std::string& what);

 private:
  void note_engine_values();
  lua_State* L_;
  std::unordered_set<const void*> engine_;  // values the engine made (kept alive by the registry)
  std::unordered_set<const void*> seen_;    // values already walked
};

}  // namespace opsgym::lua
