#pragma once
// An agent plays one episode: it calls tools through Episode::step and ends with an answer. It never
// calls Episode::finish; the runner does, so every agent is verified the same way.
#include <memory>
#include <string>

#include "opsgym/episode.hpp"
#include "agent/llm_types.hpp"
#include "agent/model_config.hpp"

namespace opsgym::agent {

// How an agent's turn ended.
enum class Termination {
  answer,        // the agent answered (done or refused)
  step_limit,    // it wanted more tool calls than allowed
  token_budget,  // it spent its token budget
  infra_error,   // the model could not be reached: not the agent's failure, retried on --resume
};
const char* to_string(Termination termination);

struct AgentTrace {
  Termination termination = Termination::answer;
  std::string answer;
  FinishStatus status = FinishStatus::done;
  Json messages = Json::array();   // the conversation, in the neutral transcript form
  int tool_calls = 0;              // tool calls the agent asked for, malformed ones included
  int rejected_calls = 0;          // calls whose arguments were not JSON: answered without a step
  long long tokens_in = 0;
  long long tokens_out = 0;
  int llm_calls = 0;
  int llm_attempts = 0;            // HTTP attempts, retries included
  double llm_ms = 0;
  std::string error;               // infra_error: what failed
  std::string error_kind;          // infra_error: network | timeout | http_status | bad_response | config
  int error_status = 0;            // infra_error: the HTTP status, if any
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual std::string name() const = 0;
  // The model it calls, or null for built-in agents.
  virtual const ModelConfig* model() const { return nullptr; }
  // Plays `episode` (already reset) to an answer. Throws only for engine faults.
  virtual AgentTrace run(Episode& episode) = 0;
};

// The instructions every LLM agent gets after the environment's policy: how to finish and refuse.
std::string finishing_instructions();
// Reads a final reply: text starting with "REFUSED" (any case, after blanks) is a refusal.
FinishStatus status_of_answer(const std::string& text);

}  // namespace opsgym::agent
