// The JSON-schema check of tool arguments against ITSM's real tool schemas. An input is a tool name, a
// newline, then the arguments as JSON (a name ITSM lacks picks one of its tools by hash, so every input
// reaches a schema). Checks what validate_arguments promises: a refusal leaves the arguments untouched
// and names a reason; accepted arguments (defaults filled in, 3.0 stored as 3) pass again unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>

#include "env/tool_schema.hpp"
#include "itsm_environment.hpp"
#include "json/json_read.hpp"

namespace {

[[noreturn]] void fail(const std::string& what, std::string_view input) {
  std::cerr << "tool_schema: " << what << "\ninput: " << input << "\n";
  std::abort();
}

const opsgym::ToolSpec& pick_tool(std::string_view name) {
  const auto& env = opsgym::fuzz::itsm_environment();
  if (const opsgym::ToolSpec* tool = env.tool(std::string(name))) return *tool;
  return env.tools()[std::hash<std::string_view>{}(name) % env.tools().size()];
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  opsgym::fuzz::itsm_environment();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const opsgym::ToolSpec& tool = pick_tool(input.substr(0, newline));
  opsgym::Json args;
  try {
    args = opsgym::parse_json(input.substr(newline + 1));
  } catch (const std::exception&) {
    return 0;  // not JSON (or nested past the limit): the front ends refuse it before any schema check
  }
  const opsgym::Json before = args;
  if (const auto error = opsgym::validate_arguments(tool.parameters, args)) {
    if (error->message.empty()) fail("a refusal with no message", input);
    if (args != before) fail("refused arguments were changed: " + args.dump(), input);
    return 0;
  }
  const opsgym::Json accepted = args;
  if (const auto error = opsgym::validate_arguments(tool.parameters, args))
    fail("accepted arguments are refused on a second check: " + error->message, input);
  if (args != accepted) fail("a second check changed accepted arguments: " + args.dump(), input);
  return 0;
}
