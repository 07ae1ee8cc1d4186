#pragma once
// A provider-neutral conversation with a tool-using model. The OpenAI and Anthropic wire formats are
// translated to and from these types in one file each, so agent loops never see a wire format.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "opsgym/environment.hpp"

namespace opsgym::agent {

using Json = nlohmann::json;

// A tool call the model asked for. OpenAI sends the arguments as a JSON string that may be invalid;
// `arguments_text` keeps it verbatim and `arguments` holds the parsed object when it parsed.
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments_text;
  std::optional<Json> arguments;  // empty: arguments_text is not a JSON value (see parse_error)
  std::string parse_error;
};

// What we send back for one tool call.
struct ToolResult {
  std::string call_id;
  std::string name;
  std::string content;  // JSON text of the step's output
  bool is_error = false;
};

enum class Role { user, assistant, tool_results };

// One turn. user: `text`; assistant: `text` and/or `tool_calls`; tool_results: `results` (OpenAI sends
// one role:"tool" message per result, Anthropic one user message of tool_result blocks).
struct Message {
  Role role = Role::user;
  std::string text;
  std::vector<ToolCall> tool_calls;
  std::vector<ToolResult> results;
};

struct Usage {
  long long input_tokens = 0;
  long long output_tokens = 0;
};

struct ChatRequest {
  std::string system;
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
};

struct ChatResponse {
  Message message;  // role assistant
  Usage usage;
  std::string stop_reason;
  int attempts = 1;        // HTTP attempts, retries included
  double latency_ms = 0;   // wall time of the whole call, retries and waits included
};

// A failure to get an answer from the provider: an infrastructure error, never the agent's fault.
class LlmError : public std::runtime_error {
 public:
  enum class Kind { network, timeout, http_status, bad_response, config };
  LlmError(Kind kind, std::string message, int status = 0, bool retryable = false,
           std::optional<double> retry_after_s = std::nullopt)
      : std::runtime_error(std::move(message)),
        kind_(kind), status_(status), retryable_(retryable), retry_after_s_(retry_after_s) {}
  Kind kind() const { return kind_; }
  int status() const { return status_; }
  bool retryable() const { return retryable_; }
  std::optional<double> retry_after_s() const { return retry_after_s_; }

 private:
  Kind kind_;
  int status_;
  bool retryable_;
  std::optional<double> retry_after_s_;
};

const char* to_string(LlmError::Kind kind);

// The transcript form stored in results: {"role","text","tool_calls":[{id,name,arguments}],"results":[...]}.
Json to_json(const Message& message);

}  // namespace opsgym::agent
