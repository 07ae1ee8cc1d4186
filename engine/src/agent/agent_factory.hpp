#pragma once
// Builds an agent by name: the built-ins `reference` and `noop`, or an agent (or bare model) of a
// models file. One LlmClient per model, so its concurrency limit holds across parallel episodes.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "agent/agent.hpp"
#include "agent/http_transport.hpp"
#include "agent/llm_client.hpp"
#include "agent/model_config.hpp"

namespace opsgym::agent {

class AgentFactory {
 public:
  AgentFactory(std::optional<ModelsFile> models, std::shared_ptr<HttpTransport> transport,
               Sleeper sleep = real_sleeper());
  // Throws std::runtime_error for an unknown name (listing the known ones) and LlmError(config) for a
  // missing API key. The agent is shared: it keeps no per-episode state and is thread-safe.
  std::shared_ptr<Agent> make(const std::string& name);
  bool is_builtin(const std::string& name) const { return name == "reference" || name == "noop"; }
  // The shared client of a model of the models file, named as --agent names one (a model, or an agent,
  // meaning its model): a judge is chosen like any agent's model. Throws like make().
  std::shared_ptr<LlmClient> client(const std::string& name);

 private:
  std::optional<ModelsFile> models_;
  std::shared_ptr<HttpTransport> transport_;
  Sleeper sleep_;
  std::map<std::string, std::shared_ptr<LlmClient>> clients_;
};

}  // namespace opsgym::agent
