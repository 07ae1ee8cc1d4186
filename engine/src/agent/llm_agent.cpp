#include "agent/llm_agent.hpp"

#include <algorithm>
#include <cctype>

namespace opsgym::agent {

const char* to_string(Termination termination) {
  switch (termination) {
    case Termination::answer: return "answer";
    case Termination::step_limit: return "step_limit";
    case Termination::token_budget: return "token_budget";
    case Termination::infra_error: return "infra_error";
  }
  return "unknown";
}

std::string finishing_instructions() {
  return "Work only through the tools. When the task is complete, reply without calling a tool and say what "
         "you did. If the request cannot be done, or the policy forbids it, change nothing and reply with a "
         "message that starts with \"REFUSED:\" followed by the reason.";
}

FinishStatus status_of_answer(const std::string& text) {
  size_t start = text.find_first_not_of(" \t\r\n*_`\"'");
  if (start == std::string::npos) return FinishStatus::done;
  std::string head = text.substr(start, 7);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::toupper(c); });
  return head == "REFUSED" ? FinishStatus::refused : FinishStatus::done;
}

LlmAgent::LlmAgent(AgentConfig config, std::shared_ptr<LlmClient> client)
    : config_(std::move(config)), client_(std::move(client)) {}

bool LlmAgent::over_budget(const AgentTrace& trace) const {
  return config_.token_budget > 0 && trace.tokens_in + trace.tokens_out >= config_.token_budget;
}

bool LlmAgent::call_model(const ChatRequest& request, ChatResponse& response, AgentTrace& trace, const char* phase) {
  try {
    response = client_->complete(request);
  } catch (const LlmError& e) {
    trace.termination = Termination::infra_error;
    trace.error = e.what();
    trace.error_kind = to_string(e.kind());
    trace.error_status = e.status();
    return false;
  }
  ++trace.llm_calls;
  trace.llm_attempts += response.attempts;
  trace.llm_ms += response.latency_ms;
  trace.tokens_in += response.usage.input_tokens;
  trace.tokens_out += response.usage.output_tokens;
  Json logged = to_json(response.message);
  logged["phase"] = phase;
  logged["usage"] = {{"in", response.usage.input_tokens}, {"out", response.usage.output_tokens}};
  logged["stop_reason"] = response.stop_reason;
  trace.messages.push_back(std::move(logged));
  return true;
}

std::string LlmAgent::make_plan(Episode& episode, const std::string& system, AgentTrace& trace, bool& failed) {
  ChatRequest request;
  request.system = system;
  request.tools = episode.tools();  // so the plan names real tools; calls in the plan reply are ignored
  Message ask;
  ask.text = episode.task().prompt +
             "\n\nBefore acting, write a short numbered plan: which tools you will call, in what order, and what "
             "you will check. Do not call any tool yet.";
  request.messages.push_back(ask);
  trace.messages.push_back({{"role", "user"}, {"text", ask.text}, {"phase", "plan"}});
  ChatResponse response;
  failed = !call_model(request, response, trace, "plan");
  return response.message.text;
}

AgentTrace LlmAgent::run(Episode& episode) {
  AgentTrace trace;
  std::string system = episode.system_prompt() + "\n\n" + finishing_instructions();
  if (!config_.instructions.empty()) system += "\n\n" + config_.instructions;
  int max_steps = std::min(config_.max_steps, episode.task().max_steps > 0 ? episode.task().max_steps : config_.max_steps);

  ChatRequest request;
  request.system = system;
  request.tools = episode.tools();
  Message first;
  first.text = episode.task().prompt;
  if (config_.loop == LoopKind::plan_then_act) {
    bool failed = false;
    std::string plan = make_plan(episode, system, trace, failed);
    if (failed) return trace;
    first.text += "\n\nYour plan:\n" + plan + "\n\nCarry it out now, adapting it if a tool result demands.";
  }
  request.messages.push_back(first);
  trace.messages.push_back({{"role", "user"}, {"text", first.text}, {"phase", "act"}});

  for (;;) {
    if (over_budget(trace)) {
      trace.termination = Termination::token_budget;
      return trace;
    }
    ChatResponse response;
    if (!call_model(request, response, trace, "act")) return trace;
    Message reply = std::move(response.message);
    if (reply.tool_calls.empty()) {
      trace.answer = reply.text;
      trace.status = status_of_answer(reply.text);
      trace.termination = Termination::answer;
      return trace;
    }
    // Every call needs an id its result can answer to; some local servers leave it out.
    for (size_t i = 0; i < reply.tool_calls.size(); ++i)
      if (reply.tool_calls[i].id.empty())
        reply.tool_calls[i].id = "call_" + std::to_string(trace.tool_calls + static_cast<int>(i) + 1);

    Message results;
    results.role = Role::tool_results;
    bool limit_hit = false;
    for (const auto& call : reply.tool_calls) {
      if (trace.tool_calls >= max_steps) {
        limit_hit = true;
        break;
      }
      ++trace.tool_calls;
      ToolResult result{call.id, call.name, "", false};
      if (!call.arguments) {
        // Never reaches the episode: the model gets the parse error back and may try again.
        ++trace.rejected_calls;
        Json error = {{"error", {{"code", "invalid_arguments"},
                                 {"message", "The arguments are not valid JSON: " + call.parse_error},
                                 {"hint", "Send the arguments as one JSON object matching the tool's parameters."}}}};
        result.content = error.dump();
        result.is_error = true;
      } else {
        StepResult step = episode.step(call.name, *call.arguments);
        result.content = std::move(step.output_text);
        result.is_error = !step.ok;
      }
      results.results.push_back(std::move(result));
    }
    // The reply is kept only with the calls that got results, so the transcript stays well-formed.
    reply.tool_calls.resize(results.results.size());
    request.messages.push_back(std::move(reply));
    trace.messages.push_back(to_json(results));
    request.messages.push_back(std::move(results));
    if (limit_hit) {
      trace.termination = Termination::step_limit;
      return trace;
    }
  }
}

}  // namespace opsgym::agent
