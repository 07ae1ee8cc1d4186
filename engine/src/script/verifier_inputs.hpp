// The verifier inputs that are Lua tables built from the episode on first use, not before every run:
// `calls` (the trajectory), `diff` (every changed row) and `changes(tbl)` (one table's changed rows).
// A long task's diff holds hundreds of audit-log inserts no verifier reads; turning each into a Lua table
// was a third of its verify.
#pragma once

#include <lua.hpp>

namespace opsgym::lua {

// Sets `calls`, `diff`, `unexpected` and `changes` in the table at `globals`, each reading the running
// verifier's context (ScriptContext::diff, ::unexpected and its World's call log) when first used.
void publish_lazy_inputs(lua_State* L, int globals);
// Clears them again (nil).
void clear_lazy_inputs(lua_State* L, int globals);

}  // namespace opsgym::lua
