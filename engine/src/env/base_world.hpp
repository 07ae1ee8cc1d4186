#pragma once
// The Worlds an episode starts from: the environment's seeded World (schema, seed.lua, indexes), and on top of
// it a task's World (its setup script, actor and start time). Both are built once and cached by the
// Environment as snapshots.
#include <cstdint>
#include <string>
#include <vector>

#include "env/package.hpp"
#include "opsgym/environment.hpp"

namespace opsgym {

// A seeded World: every package's schema, then every package's seed script (one generator running on from
// one to the next), then every package's indexes (search indexes and their triggers, built in bulk over the
// seeded rows); each step in package order.
Snapshot build_seed_world(const Environment& env, const std::vector<Package>& packages, uint64_t seed);
Snapshot build_task_world(const Environment& env, const Snapshot& seeded, const Task& task, uint64_t seed);

}  // namespace opsgym
