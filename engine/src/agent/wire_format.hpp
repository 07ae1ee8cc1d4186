#pragma once
// Translation between the neutral conversation (llm_types.hpp) and the two wire formats. Pure
// functions over JSON: no I/O, so every quirk of the formats is unit-tested without a server.
#include <string>

#include "agent/llm_types.hpp"
#include "agent/model_config.hpp"

namespace opsgym::agent {

// Parses a tool call's arguments text. Empty text means no arguments ({}); invalid JSON leaves
// `arguments` empty and explains why in `parse_error`.
void parse_tool_arguments(ToolCall& call);

// OpenAI Chat Completions: the request body, and the reply's message, usage and finish reason.
// parse_* throws LlmError(bad_response) when the body is not a Chat Completions reply.
Json openai_request(const ModelConfig& model, const ChatRequest& request);
ChatResponse openai_parse_response(const std::string& body);

// Anthropic Messages.
Json anthropic_request(const ModelConfig& model, const ChatRequest& request);
ChatResponse anthropic_parse_response(const std::string& body);

// The provider's explanation in an error body ({"error":{"message":...}} in both formats), else the
// start of the body itself.
std::string error_message_from_body(const std::string& body);

}  // namespace opsgym::agent
