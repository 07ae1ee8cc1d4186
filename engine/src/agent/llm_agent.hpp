#pragma once
// Agents driven by a model: ReAct (tool calls until the model answers, the step limit or the token
// budget) and plan-then-act (one planning call writes a plan, then a ReAct executor follows it).
#include <memory>

#include "agent/agent.hpp"
#include "agent/llm_client.hpp"

namespace opsgym::agent {

class LlmAgent final : public Agent {
 public:
  LlmAgent(AgentConfig config, std::shared_ptr<LlmClient> client);
  std::string name() const override { return config_.name; }
  const ModelConfig* model() const override { return &client_->model(); }
  AgentTrace run(Episode& episode) override;

 private:
  // One model call; false when it failed (the trace then holds the infra error).
  bool call_model(const ChatRequest& request, ChatResponse& response, AgentTrace& trace, const char* phase);
  std::string make_plan(Episode& episode, const std::string& system, AgentTrace& trace, bool& failed);
  bool over_budget(const AgentTrace& trace) const;

  AgentConfig config_;
  std::shared_ptr<LlmClient> client_;
};

}  // namespace opsgym::agent
