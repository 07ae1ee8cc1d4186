#pragma once
// Reads a Lua function's compiled code (lua_dump) to prove, before anything runs, what it can write.
// A runtime serves every episode, so a function that assigns a variable living outside its own call
// (a file-level local, or a local of a function that ran at load) would carry a value from one episode
// into the next. The dump format is Lua 5.4's (ldump.c); the header is checked, so a Lua whose format
// differs is refused with a clear error instead of being misread.
#include <lua.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace opsgym::lua {

// Opcodes the scan looks for (lopcodes.h of Lua 5.4; a test compiles code with each and finds it).
inline constexpr uint32_t kOpSetUpvalue = 10;  // OP_SETUPVAL: UpValue[B] := R[A]
inline constexpr uint32_t kOpToBeClosed = 55;  // OP_TBC: mark R[A] "to be closed" (a `<close>` local)

struct BytecodeSite {
  std::string chunk;     // the chunk name without its leading '@'
  int line = 0;          // of the instruction (the function's first line when the dump has no line info)
  std::string variable;  // for an upvalue assignment: the variable's name ("?" when stripped)
};

struct BytecodeFindings {
  std::vector<BytecodeSite> outer_assignments;  // SETUPVALs that reach an upvalue of the function itself
  std::vector<BytecodeSite> to_be_closed;       // `<close>` locals, anywhere in the function
};

// Scans the Lua function at `index` and every function nested in it. An assignment counts as "outer"
// when the variable is one the function captured (it outlives each call), not a local of the function
// or of a function inside it. Throws std::runtime_error when the dump is not the format this reads.
BytecodeFindings scan_function(lua_State* L, int index);
// The same, on a dump lua_dump wrote (strip = 0) of a function whose every upvalue counts as captured.
BytecodeFindings scan_dump(const std::string& dump);

}  // namespace opsgym::lua
