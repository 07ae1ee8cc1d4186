#pragma once
// One sandboxed Lua 5.4 state with an instruction limit per call and a memory limit per call.
// Lua is compiled as C++, so a Lua error unwinds C++ destructors.
#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym::lua {

// Why a script call failed. `fail` is a deliberate tool error raised with fail(code, message, hint).
struct ScriptError : std::runtime_error {
  enum class Kind { runtime, instructions, memory, fail };
  ScriptError(Kind kind, const std::string& message, Json detail = nullptr)
      : std::runtime_error(message), kind(kind), detail(std::move(detail)) {}
  Kind kind;
  Json detail;  // for fail: {"code","message","hint"?}
};

class LuaState {
 public:
  explicit LuaState(const Limits& limits);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return L_; }

  // Compiles text (never bytecode) and pushes the function. Throws AuthoringError "chunk:line: cause".
  void load(const std::string& source, const std::string& chunkname);
  // Calls the function below `nargs` arguments within the limits; leaves `nresults` results.
  // Throws ScriptError; the stack is left as before the function was pushed.
  void call(int nargs, int nresults);
  // Replaces _G by a read-only view: scripts cannot keep state in globals between calls.
  void freeze_globals();

  size_t memory_used() const { return memory_.used; }

 private:
  struct Memory {
    size_t used = 0;
    size_t limit = 0;
    bool exceeded = false;  // an allocation was refused during the current call
  };
  static void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size);
  static void count_hook(lua_State* L, lua_Debug* ar);

  lua_State* L_ = nullptr;
  Limits limits_;
  Memory memory_;
  int64_t instructions_left_ = 0;
  bool instructions_exceeded_ = false;
};

// Registry key of the writable globals table behind the frozen _G (set by freeze_globals).
inline constexpr const char* kRealGlobalsKey = "opsgym.real_globals";

// The running state's LuaState (stored in the registry).
LuaState& state_of(lua_State* L);
// Raises a deliberate tool error (what the fail() global does); never returns.
[[noreturn]] void raise_fail(lua_State* L, const Json& detail);

}  // namespace opsgym::lua
