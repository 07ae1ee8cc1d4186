// The forms in which a tool is offered to agents. All come from the one ToolSpec, so a listing can
// never disagree with the argument check.
#include "opsgym/environment.hpp"

#include <iterator>

namespace opsgym {
namespace {

// A spec made by hand (a distractor, a test) may leave `parameters` empty; every wire format needs an
// object schema, so that reads as "no arguments".
Json schema_or_empty(const Json& parameters) {
  if (!parameters.is_null()) return parameters;
  return {{"type", "object"}, {"properties", Json::object()}, {"required", Json::array()},
          {"additionalProperties", false}};
}

// Each format's name, in the order of the enum: the one place the names are spelled.
constexpr const char* kFormatNames[] = {"openai_chat", "openai_responses", "mcp"};

}  // namespace

std::optional<ToolFormat> tool_format_named(std::string_view name) {
  for (size_t i = 0; i < std::size(kFormatNames); ++i)
    if (name == kFormatNames[i]) return static_cast<ToolFormat>(i);
  return std::nullopt;
}

const char* name_of(ToolFormat format) { return kFormatNames[static_cast<size_t>(format)]; }

Json ToolSpec::in(ToolFormat format) const {
  switch (format) {
    case ToolFormat::openai_responses: return openai_responses();
    case ToolFormat::mcp: return mcp();
    case ToolFormat::openai_chat: break;
  }
  return openai_chat();
}

Json ToolSpec::openai_chat() const {
  return {{"type", "function"},
          {"function",
           {{"name", name}, {"description", description}, {"parameters", schema_or_empty(parameters)}}}};
}

Json ToolSpec::openai_responses() const {
  return {{"type", "function"},
          {"name", name},
          {"description", description},
          {"parameters", schema_or_empty(parameters)}};
}

Json ToolSpec::mcp() const {
  Json tool = {{"name", name}, {"description", description}, {"inputSchema", schema_or_empty(parameters)}};
  // MCP clients may auto-approve read-only tools; a tool that changes the World must not claim it.
  if (read_only) tool["annotations"] = {{"readOnlyHint", true}};
  return tool;
}

}  // namespace opsgym
