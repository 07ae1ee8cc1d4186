#pragma once
// The Worlds an episode starts from: the environment's seeded World (schema + seed.lua), and on top of
// it a task's World (its setup script, actor and start time). Both are built once and cached by the
// Environment as snapshots.
#include <cstdint>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym {

Snapshot build_seed_world(const Environment& env, const std::string& schema_sql, const std::string& seed_lua,
                          uint64_t seed);
Snapshot build_task_world(const Environment& env, const Snapshot& seeded, const Task& task, uint64_t seed);

}  // namespace opsgym
