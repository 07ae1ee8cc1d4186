#pragma once
// Models and agents as described in a models YAML file (see models.example.yaml and docs/bench.md).
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/retry.hpp"

namespace opsgym::agent {

enum class Provider { openai, anthropic };
const char* to_string(Provider provider);

struct ModelConfig {
  std::string name;                 // how agents refer to it
  Provider provider = Provider::openai;
  std::string base_url;             // openai: ".../v1" (POST base_url/chat/completions); anthropic: "https://api.anthropic.com"
  std::string model;                // the provider's model id
  std::string api_key_env;          // environment variable holding the key; empty: send no key (local servers)
  std::optional<double> temperature;
  int max_tokens = 1024;            // per reply
  double price_input_per_million = 0;   // USD per million input tokens
  double price_output_per_million = 0;  // USD per million output tokens
  int concurrency = 4;              // requests in flight to this model at once
  std::chrono::milliseconds timeout{120'000};
  RetryPolicy retry;

  double cost(long long input_tokens, long long output_tokens) const {
    return (static_cast<double>(input_tokens) * price_input_per_million +
            static_cast<double>(output_tokens) * price_output_per_million) / 1e6;
  }
};

enum class LoopKind { react, plan_then_act };
const char* to_string(LoopKind loop);

struct AgentConfig {
  std::string name;
  std::string model;        // a ModelConfig name
  LoopKind loop = LoopKind::react;
  int max_steps = 30;       // tool calls per episode (the task's own max_steps also applies)
  long long token_budget = 0;  // input + output tokens per episode; 0: no budget
  std::string instructions; // extra text appended to the system prompt
};

struct ModelsFile {
  std::vector<ModelConfig> models;
  std::vector<AgentConfig> agents;

  // Throws std::runtime_error naming the file, the entry and the fault (unknown provider, missing
  // field, agent naming an unknown model, duplicate names, ...).
  static ModelsFile load(const std::filesystem::path& file);
  static ModelsFile parse(const std::string& yaml_text, const std::string& origin);

  const ModelConfig* model(const std::string& name) const;
  // An agent by name; a bare model name is also an agent: that model with the default ReAct loop.
  std::optional<AgentConfig> agent(const std::string& name) const;
};

}  // namespace opsgym::agent
