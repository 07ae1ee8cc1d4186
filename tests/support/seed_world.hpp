#pragma once
// What the seed tests of every environment read: the environment as loaded from the source tree, the World
// its seed builds with no task (built once per seed in a test binary), and one-number queries of it.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/world.hpp"

namespace opsgym::testing {

// A fresh load each call: two loads share no cache, so each builds its World from the seed.
inline std::shared_ptr<const Environment> load_source_environment(const std::string& name) {
  return Environment::load(std::string(OPSGYM_SOURCE_DIR) + "/environments/" + name, OPSGYM_SOURCE_DIR "/verifiers");
}

// The World of the bare environment (no task) for a seed.
inline const World& seed_world(const std::shared_ptr<const Environment>& env, uint64_t seed) {
  static std::map<std::pair<const Environment*, uint64_t>, std::unique_ptr<World>> worlds;
  auto& world = worlds[{env.get(), seed}];
  if (!world) world = std::make_unique<World>(env->base_snapshot(seed, nullptr));
  return *world;
}

// The one integer a query returns (a count of the rows that break an invariant, a volume).
inline int64_t value(const World& world, const std::string& sql) {
  const Json rows = world.query(sql);
  REQUIRE(rows.size() == 1);
  return rows[0].begin().value().get<int64_t>();
}

}  // namespace opsgym::testing
