#pragma once
// The hostile fixture environment (tests/script/fixtures/environments/hostile) and what each of its
// attacks must answer, shared by the script tests (in process) and the server tests (over loopback).
#include <filesystem>
#include <string>
#include <vector>

namespace opsgym::testing {

inline const std::filesystem::path kHostileEnvironments = OPSGYM_SOURCE_DIR "/tests/script/fixtures/environments";
inline const std::filesystem::path kHostile = kHostileEnvironments / "hostile";

struct HostileAttack {
  std::string name;     // the `attack` tool's argument
  std::string code;     // the tool error's code
  std::string message;  // a phrase its message must contain
};

// Every attack but `reach` (which answers, seeing nothing) ends in a tool error.
inline const std::vector<HostileAttack>& hostile_attacks() {
  static const std::vector<HostileAttack> attacks = {
      {"pcall_loop", "limit_exceeded", "limit exceeded"},
      {"nested_pcall_loop", "limit_exceeded", "limit exceeded"},
      {"xpcall_handler_loop", "limit_exceeded", "limit exceeded"},
      {"coroutine_resume_loop", "limit_exceeded", "limit exceeded"},
      {"coroutine_wrap_loop", "limit_exceeded", "limit exceeded"},
      {"error_tostring_loop", "limit_exceeded", "limit exceeded"},
      {"error_index_trick", "tool_error", "trap"},
      {"gc_finalizer", "tool_error", "__gc"},
      {"close_loop", "limit_exceeded", "limit exceeded"},
      {"rep_empty", "limit_exceeded", "limit exceeded"},
      {"rep_huge", "limit_exceeded", "limit exceeded"},
      {"rep_separator", "limit_exceeded", "limit exceeded"},
      {"move_huge", "limit_exceeded", "limit exceeded"},
      {"insert_len", "limit_exceeded", "limit exceeded"},
      {"remove_len", "limit_exceeded", "limit exceeded"},
      {"concat_range", "limit_exceeded", "limit exceeded"},
      {"unpack_range", "limit_exceeded", "limit exceeded"},
      {"char_args", "limit_exceeded", "limit exceeded"},
      {"utf8_args", "limit_exceeded", "limit exceeded"},
      {"format_width", "limit_exceeded", "limit exceeded"},
      {"pack_count", "limit_exceeded", "limit exceeded"},
      {"unpack_count", "limit_exceeded", "limit exceeded"},
      {"pattern_lazy", "tool_error", "pattern too costly"},
      {"pattern_optional", "tool_error", "pattern too costly"},
      {"pattern_balanced", "tool_error", "pattern too costly"},
      {"pattern_backref", "tool_error", "pattern too costly"},
      {"gsub_count", "limit_exceeded", "limit exceeded"},
      {"memory_table", "limit_exceeded", "limit exceeded"},
      {"memory_doubling", "limit_exceeded", "limit exceeded"},
      {"json_deep", "tool_error", "128"},
      {"require_file", "tool_error", "not found"},
      {"require_absolute", "tool_error", "not found"},
      {"bytecode", "tool_error", "binary"},
      {"global_write", "tool_error", "read-only"},
      {"library_write", "tool_error", "read-only"},
      {"string_metatable", "tool_error", "string"},
      {"globals_metatable", "tool_error", "protected metatable"},
      {"load_env_write", "tool_error", "read-only"},
      {"rawset_globals", "tool_error", "rawset"},
  };
  return attacks;
}

}  // namespace opsgym::testing
