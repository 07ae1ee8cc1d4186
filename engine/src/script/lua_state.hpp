#pragma once
// One sandboxed Lua 5.4 state with limits per call (instructions, wall time, memory) and a memory
// ceiling per state. Lua is compiled as C++, so a Lua error unwinds C++ destructors.
//
// Once a call hits a limit nothing in it may continue: the count hook raises again at every check,
// pcall/xpcall/coroutine.resume/close re-raise (bounded_library.cpp), C library functions charge their
// work to the instruction budget before doing it, and allocations are refused.
#include <lua.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym::lua {

// Why a script call failed. `fail` is a deliberate tool error raised with fail(code, message, hint);
// `instructions` is the call's instruction budget or its wall time (the message names which).
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
  // Whether a call is bounded in wall time as well as by the deterministic limits (instructions, memory).
  enum class WallTime { limited, unlimited };
  // Calls the function below `nargs` arguments within the limits; leaves `nresults` results.
  // Throws ScriptError; the stack is left as before the function was pushed.
  void call(int nargs, int nresults, WallTime wall = WallTime::limited);
  // Replaces _G by a read-only view: scripts cannot keep state in globals between calls.
  void freeze_globals();

  size_t memory_used() const { return memory_.used; }

  // Deducts `units` (one unit: about one VM instruction of work) from the running call's budget before a
  // C function does that work; raises the limit's error when the budget or the wall time is spent, or a
  // limit was already hit in this call. Outside a call the budget is unlimited.
  void charge(lua_State* L, double units);
  // True once the running call hit a limit (instructions, wall time or memory).
  bool limit_reached() const { return instructions_exceeded_ || time_exceeded_ || memory_.exceeded; }
  // Raises the error of the limit the running call hit; never returns.
  [[noreturn]] void raise_limit(lua_State* L);

 private:
  struct Memory {
    size_t used = 0;
    size_t limit = 0;
    bool exceeded = false;  // an allocation was refused during the current call
  };
  static void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size);
  static void count_hook(lua_State* L, lua_Debug* ar);
  // Whether the call's instruction budget or wall time is spent; sets the flag that says which.
  bool budget_spent();
  // A full collection when the heap grew by kCollectAfterGrowth since the last one, so memory a call
  // left unreachable goes back (generational mode alone keeps old garbage until a major cycle).
  void collect_if_grown();

  lua_State* L_ = nullptr;
  Limits limits_;
  Memory memory_;
  int64_t instructions_left_ = 0;
  bool instructions_exceeded_ = false;
  bool time_exceeded_ = false;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  size_t heap_after_collect_ = 0;
};

// Bytes a call may allocate per unit of its instruction budget: an allocation costs its size / 16, about
// what copying those bytes costs next to one VM instruction.
inline constexpr double kBytesPerUnit = 16.0;
// Allocations at least this large also check the wall time (they are the slow ones).
inline constexpr size_t kTimeCheckedAllocation = 64u << 10;
// Heap growth since the last full collection that makes the next call's end collect again.
inline constexpr size_t kCollectAfterGrowth = 8u << 20;

// charge() on the running state (what the bounded library wrappers use).
void charge(lua_State* L, double units);

// Registry key of the writable globals table behind the frozen _G (set by freeze_globals).
inline constexpr const char* kRealGlobalsKey = "opsgym.real_globals";

// The running state's LuaState (stored in the registry).
LuaState& state_of(lua_State* L);
// Raises a deliberate tool error (what the fail() global does); never returns.
[[noreturn]] void raise_fail(lua_State* L, const Json& detail);

}  // namespace opsgym::lua
