#pragma once
// Distractor tools: N tools from other environments offered beside the task's own, to measure
// whether an agent picks the right tool when the menu is longer. The choice is seeded by the run seed,
// task and trial, and recorded by name, so a replay offers exactly the same tools.
#include <cstdint>
#include <string>
#include <vector>

#include "opsgym/catalog.hpp"

namespace opsgym::bench {

struct DistractorRef {
  std::string environment;
  std::string tool;
};

// Up to `count` tools of the systems the task is not about (for a composite's task, the included systems
// none of its offered tools comes from), never a shared part's; fewer when the catalog has fewer.
std::vector<DistractorRef> pick_distractors(const Catalog& catalog, const Task& task, int count, uint64_t run_seed,
                                            int trial);
// The specs of recorded distractors. Throws NotFound when one no longer exists.
std::vector<ToolSpec> distractor_specs(const Catalog& catalog, const std::vector<DistractorRef>& refs);

// A hash of text that is the same on every platform and run (std::hash is not).
uint64_t stable_hash(const std::string& text, uint64_t seed = 1469598103934665603ull);

}  // namespace opsgym::bench
