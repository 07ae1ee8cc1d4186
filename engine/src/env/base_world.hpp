#pragma once
// The Worlds an episode starts from: the environment's seeded World (schema, seed.lua, indexes), and on top of
// it a task's World (its setup script, actor and start time). Both are built once and cached by the
// Environment as snapshots.
#include <cstdint>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym {

// The sources of a seeded World, run in this order: the schema, the seed script, then the indexes
// (search indexes and their triggers, built in bulk over the seeded rows).
struct SeedSources {
  const std::string& schema_sql;
  const std::string& seed_lua;
  const std::string& indexes_sql;
};

Snapshot build_seed_world(const Environment& env, const SeedSources& sources, uint64_t seed);
Snapshot build_task_world(const Environment& env, const Snapshot& seeded, const Task& task, uint64_t seed);

}  // namespace opsgym
