#pragma once
// What a script call may touch: set for the duration of one call (tool, rule, event, seed, verifier)
// and reachable from the bindings through the registry. Lua itself holds no episode state.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <lua.hpp>

#include "opsgym/verify.hpp"
#include "opsgym/world.hpp"

namespace opsgym::lua {

struct ScriptContext {
  World* world = nullptr;
  bool read_only = false;  // verifiers and read-only tools: db refuses writes
  std::string actor;
  int call_index = 0;
  std::string tool;
  int64_t now = 0;         // simulated clock; written back by the episode after the call
  uint64_t rng = 0;        // generator state; written back likewise
  // The earliest due time clock.schedule was given during the call, so the episode knows when the
  // next event can fall due without asking the World after every step.
  int64_t earliest_scheduled = std::numeric_limits<int64_t>::max();
  std::vector<Violation>* violations = nullptr;  // where violation() records (null: not allowed)
  std::vector<CheckResult>* checks = nullptr;    // where check() records (verifiers only)
  std::vector<JudgedCheck>* judged = nullptr;    // where judge() records (verifiers only)
  const std::vector<RowChange>* diff = nullptr;        // the verifier's `diff` and changes() (verifiers only)
  const std::vector<RowChange>* unexpected = nullptr;  // the verifier's `unexpected` (verifiers only)
};

// Installs the globals of docs/authoring.md (db, clock, rng, actor, fail, violation, check, judge,
// mentions, array, null, json); `require` is the runtime's.
void install_bindings(lua_State* L);
// Sets or clears (nullptr) the context of the running call.
void set_context(lua_State* L, ScriptContext* context);
ScriptContext& context_of(lua_State* L);

// The environment's tables and their columns, for checking names given to insert/update/delete.
void set_schema(lua_State* L, const std::vector<std::pair<std::string, std::vector<std::string>>>& tables);

uint64_t splitmix64(uint64_t& state);

}  // namespace opsgym::lua
