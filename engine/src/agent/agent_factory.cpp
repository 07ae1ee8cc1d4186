#include "agent/agent_factory.hpp"

#include <stdexcept>

#include "agent/builtin_agents.hpp"
#include "agent/llm_agent.hpp"

namespace opsgym::agent {

AgentFactory::AgentFactory(std::optional<ModelsFile> models, std::shared_ptr<HttpTransport> transport, Sleeper sleep)
    : models_(std::move(models)), transport_(std::move(transport)), sleep_(std::move(sleep)) {}

std::shared_ptr<Agent> AgentFactory::make(const std::string& name) {
  if (name == "reference") return std::make_shared<ReferenceAgent>();
  if (name == "noop") return std::make_shared<NoopAgent>();
  std::optional<AgentConfig> config = models_ ? models_->agent(name) : std::nullopt;
  if (!config) {
    std::string known = "reference, noop";
    if (models_) {
      for (const auto& a : models_->agents) known += ", " + a.name;
      for (const auto& m : models_->models) known += ", " + m.name;
    }
    throw std::runtime_error("unknown agent '" + name + "' (known: " + known + ")" +
                             (models_ ? "" : "; LLM agents need --models FILE"));
  }
  return std::make_shared<LlmAgent>(*config, client(config->model));
}

std::shared_ptr<LlmClient> AgentFactory::client(const std::string& name) {
  std::optional<AgentConfig> config = models_ ? models_->agent(name) : std::nullopt;
  if (!config) {
    std::string known;
    if (models_)
      for (const auto& m : models_->models) known += (known.empty() ? "" : ", ") + m.name;
    throw std::runtime_error("unknown model '" + name + "'" + (models_ ? " (known: " + known + ")" : "") +
                             (models_ ? "" : "; a model needs --models FILE"));
  }
  auto& client = clients_[config->model];
  if (!client) client = std::make_shared<LlmClient>(*models_->model(config->model), transport_, sleep_);
  return client;
}

}  // namespace opsgym::agent
