#include "bench/distractors.hpp"

#include <random>
#include <set>

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

std::vector<DistractorRef> pick_distractors(const Catalog& catalog, const Task& task, int count, uint64_t run_seed,
                                            int trial) {
  if (count <= 0) return {};
  std::set<std::string> own;
  std::vector<DistractorRef> candidates;
  for (const auto& env : catalog.environments())
    if (env->name() == task.environment)
      for (const auto& tool : env->tools()) own.insert(tool.name);
  for (const auto& env : catalog.environments()) {  // environments come sorted by name
    if (env->name() == task.environment) continue;
    for (const auto& tool : env->tools())
      if (!own.count(tool.name)) candidates.push_back({env->name(), tool.name});
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
