#include "bench/distractors.hpp"

#include <random>
#include <set>

#include "env/package.hpp"
#include "opsgym/errors.hpp"

namespace opsgym::bench {

uint64_t stable_hash(const std::string& text, uint64_t seed) {
  uint64_t h = seed;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

namespace {
// The package a tool comes from: the folder its file starts with ("itsm/tools/x.lua" → "itsm").
std::string package_of(const ToolSpec& tool) { return tool.file.substr(0, tool.file.find('/')); }
}  // namespace

std::vector<DistractorRef> pick_distractors(const Catalog& catalog, const Task& task, int count, uint64_t run_seed,
                                            int trial) {
  if (count <= 0) return {};
  // The systems the task is about: those whose tools it is offered (all of its environment's when it
  // names none). Distractors come from the other systems, never from the shared parts every system has.
  std::set<std::string> about, parts, offered(task.tools.begin(), task.tools.end());
  for (const auto& env : catalog.environments()) {
    for (const auto& package : env->packages()) {
      if (package.is_part) parts.insert(package.name);
    }
    if (env->name() != task.environment) continue;
    for (const auto& tool : env->tools()) {
      if (offered.empty() || offered.count(tool.name)) about.insert(package_of(tool));
    }
  }
  std::vector<DistractorRef> candidates;
  std::set<std::string> taken;
  for (const auto& env : catalog.environments()) {  // environments come sorted by name
    if (!env->includes().empty()) continue;         // a composite's tools are its systems'
    for (const auto& tool : env->tools()) {
      const std::string package = package_of(tool);
      if (about.count(package) || parts.count(package) || !taken.insert(tool.name).second) continue;
      candidates.push_back({env->name(), tool.name});
    }
  }
  // A partial Fisher-Yates with our own index draws: std::shuffle's output is library-specific.
  std::mt19937_64 rng(stable_hash(task.id + "#" + std::to_string(trial), run_seed ^ 0x9e3779b97f4a7c15ull));
  size_t n = std::min(candidates.size(), static_cast<size_t>(count));
  for (size_t i = 0; i < n; ++i) {
    size_t j = i + static_cast<size_t>(rng() % (candidates.size() - i));
    std::swap(candidates[i], candidates[j]);
  }
  candidates.resize(n);
  return candidates;
}

std::vector<ToolSpec> distractor_specs(const Catalog& catalog, const std::vector<DistractorRef>& refs) {
  std::vector<ToolSpec> specs;
  for (const auto& ref : refs) {
    auto env = catalog.environment(ref.environment);
    const ToolSpec* tool = env->tool(ref.tool);
    if (!tool) throw NotFound("distractor tool " + ref.environment + "." + ref.tool + " no longer exists");
    specs.push_back(*tool);
  }
  return specs;
}

}  // namespace opsgym::bench
