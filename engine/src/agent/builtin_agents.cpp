#include "agent/builtin_agents.hpp"

#include "episode/reference_args.hpp"

namespace opsgym::agent {

AgentTrace ReferenceAgent::run(Episode& episode) {
  AgentTrace trace;
  std::vector<Json> results;
  const Task& task = episode.task();
  for (const auto& call : task.reference) {
    Json args;
    try {
      args = resolve_reference_args(call.args, results);
    } catch (const std::runtime_error& e) {
      // A broken reference is the task author's fault: say so in the transcript, and send the call as
      // written so the episode (and its verifier) shows the consequence instead of hiding it.
      trace.messages.push_back({{"role", "note"}, {"text", std::string(e.what())}});
      args = call.args;
    }
    ++trace.tool_calls;
    StepResult step = episode.step(call.tool, args);
    results.push_back(step.output());
  }
  trace.answer = task.reference_answer;
  trace.status = task.reference_status;
  trace.messages.push_back({{"role", "assistant"}, {"text", trace.answer}});
  return trace;
}

AgentTrace NoopAgent::run(Episode&) {
  AgentTrace trace;
  trace.answer = "I did nothing.";
  trace.status = FinishStatus::done;
  trace.messages.push_back({{"role", "assistant"}, {"text", trace.answer}});
  return trace;
}

}  // namespace opsgym::agent
