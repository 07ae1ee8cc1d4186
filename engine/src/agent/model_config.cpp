#include "agent/model_config.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace opsgym::agent {

const char* to_string(Provider provider) { return provider == Provider::openai ? "openai" : "anthropic"; }
const char* to_string(LoopKind loop) { return loop == LoopKind::react ? "react" : "plan-then-act"; }

namespace {

const std::set<std::string> kModelKeys = {"name", "provider", "base_url", "model", "api_key_env", "temperature",
                                          "max_tokens", "price", "concurrency", "timeout_s", "retries"};
const std::set<std::string> kAgentKeys = {"name", "model", "loop", "max_steps", "token_budget", "instructions"};

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

template <typename T>
T read(const YAML::Node& node, const std::string& key, const std::string& where, T fallback) {
  if (!node[key]) return fallback;
  try {
    return node[key].as<T>();
  } catch (const YAML::Exception&) {
    fail(where, "field '" + key + "' has the wrong type");
  }
}

std::string required_string(const YAML::Node& node, const std::string& key, const std::string& where) {
  std::string value = read<std::string>(node, key, where, "");
  if (value.empty()) fail(where, "missing field '" + key + "'");
  return value;
}

void refuse_unknown_keys(const YAML::Node& node, const std::set<std::string>& known, const std::string& where) {
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>();
    if (!known.count(key)) fail(where, "unknown field '" + key + "'");
  }
}

ModelConfig parse_model(const YAML::Node& node, const std::string& where) {
  if (!node.IsMap()) fail(where, "a model must be a mapping");
  refuse_unknown_keys(node, kModelKeys, where);
  ModelConfig m;
  m.name = required_string(node, "name", where);
  std::string provider = required_string(node, "provider", where);
  if (provider == "openai") m.provider = Provider::openai;
  else if (provider == "anthropic") m.provider = Provider::anthropic;
  else fail(where, "provider '" + provider + "' is not openai or anthropic");
  m.base_url = read<std::string>(node, "base_url", where,
                                 m.provider == Provider::openai ? "https://api.openai.com/v1" : "https://api.anthropic.com");
  while (!m.base_url.empty() && m.base_url.back() == '/') m.base_url.pop_back();
  m.model = required_string(node, "model", where);
  m.api_key_env = read<std::string>(node, "api_key_env", where, "");
  if (node["temperature"]) m.temperature = read<double>(node, "temperature", where, 0.0);
  m.max_tokens = read<int>(node, "max_tokens", where, m.max_tokens);
  if (m.max_tokens <= 0) fail(where, "max_tokens must be positive");
  if (auto price = node["price"]) {
    if (!price.IsMap()) fail(where, "price must be {input: USD per million, output: USD per million}");
    refuse_unknown_keys(price, {"input", "output"}, where + ".price");
    m.price_input_per_million = read<double>(price, "input", where + ".price", 0.0);
    m.price_output_per_million = read<double>(price, "output", where + ".price", 0.0);
    if (m.price_input_per_million < 0 || m.price_output_per_million < 0) fail(where, "prices cannot be negative");
  }
  m.concurrency = read<int>(node, "concurrency", where, m.concurrency);
  if (m.concurrency <= 0) fail(where, "concurrency must be positive");
  double timeout_s = read<double>(node, "timeout_s", where, 120.0);
  if (timeout_s <= 0) fail(where, "timeout_s must be positive");
  m.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
  int retries = read<int>(node, "retries", where, m.retry.max_attempts - 1);
  if (retries < 0) fail(where, "retries cannot be negative");
  m.retry.max_attempts = retries + 1;
  return m;
}

AgentConfig parse_agent(const YAML::Node& node, const std::string& where) {
  if (!node.IsMap()) fail(where, "an agent must be a mapping");
  refuse_unknown_keys(node, kAgentKeys, where);
  AgentConfig a;
  a.name = required_string(node, "name", where);
  a.model = required_string(node, "model", where);
  std::string loop = read<std::string>(node, "loop", where, "react");
  if (loop == "react") a.loop = LoopKind::react;
  else if (loop == "plan-then-act" || loop == "plan_then_act") a.loop = LoopKind::plan_then_act;
  else fail(where, "loop '" + loop + "' is not react or plan-then-act");
  a.max_steps = read<int>(node, "max_steps", where, a.max_steps);
  if (a.max_steps <= 0) fail(where, "max_steps must be positive");
  a.token_budget = read<long long>(node, "token_budget", where, 0);
  if (a.token_budget < 0) fail(where, "token_budget cannot be negative");
  a.instructions = read<std::string>(node, "instructions", where, "");
  return a;
}

}  // namespace

ModelsFile ModelsFile::parse(const std::string& yaml_text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    fail(origin, std::string("not valid YAML: ") + e.what());
  }
  ModelsFile file;
  if (root.IsNull()) return file;
  if (!root.IsMap()) fail(origin, "expected a mapping with 'models' and 'agents'");
  refuse_unknown_keys(root, {"models", "agents"}, origin);
  std::set<std::string> names;
  if (auto models = root["models"]) {
    if (!models.IsSequence()) fail(origin, "'models' must be a list");
    for (size_t i = 0; i < models.size(); ++i) {
      auto m = parse_model(models[i], origin + ": models[" + std::to_string(i) + "]");
      if (!names.insert(m.name).second) fail(origin, "model '" + m.name + "' is defined twice");
      file.models.push_back(std::move(m));
    }
  }
  std::set<std::string> agent_names;
  if (auto agents = root["agents"]) {
    if (!agents.IsSequence()) fail(origin, "'agents' must be a list");
    for (size_t i = 0; i < agents.size(); ++i) {
      std::string where = origin + ": agents[" + std::to_string(i) + "]";
      auto a = parse_agent(agents[i], where);
      if (!file.model(a.model)) fail(where, "agent '" + a.name + "' names unknown model '" + a.model + "'");
      if (a.name == "reference" || a.name == "noop") fail(where, "'" + a.name + "' is a built-in agent");
      if (!agent_names.insert(a.name).second) fail(origin, "agent '" + a.name + "' is defined twice");
      file.agents.push_back(std::move(a));
    }
  }
  return file;
}

ModelsFile ModelsFile::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot read the models file");
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string());
}

const ModelConfig* ModelsFile::model(const std::string& name) const {
  for (const auto& m : models)
    if (m.name == name) return &m;
  return nullptr;
}

std::optional<AgentConfig> ModelsFile::agent(const std::string& name) const {
  for (const auto& a : agents)
    if (a.name == name) return a;
  if (model(name)) {
    AgentConfig a;
    a.name = name;
    a.model = name;
    return a;
  }
  return std::nullopt;
}

}  // namespace opsgym::agent
