// The bounded cache of base Worlds: client-chosen seeds are evicted least recently used first, the
// tasks' own seeds and Worlds still in use are not, and a rebuilt World is byte for byte the same.
#include <catch2/catch.hpp>

#include "env/base_world_cache.hpp"
#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

Snapshot image(size_t bytes, char fill = 'x') { return std::make_shared<const std::string>(bytes, fill); }

BaseWorldCache::Key seed_key(uint64_t seed) { return {seed, "task"}; }

// deskling with a cache budget of `bytes` for other seeds' Worlds.
std::shared_ptr<const Environment> deskling_with_cache(size_t bytes) {
  Limits limits = small_limits();
  limits.base_world_cache_bytes = bytes;
  return Environment::load(kDeskling, kVerifierLib, limits);
}

const Task& first_task(const Environment& env) { return *env.tasks().front(); }

}  // namespace

TEST_CASE("the cache keeps other seeds' Worlds within its byte budget, least recently used out first", "[env][cache]") {
  BaseWorldCache cache(300);
  cache.add(seed_key(1), image(100), false);
  cache.add(seed_key(2), image(100), false);
  cache.add(seed_key(3), image(100), false);
  CHECK(cache.bytes() == 300);
  REQUIRE(cache.find(seed_key(1)));  // 1 is now the most recently used: 2 is the oldest
  cache.add(seed_key(4), image(100), false);
  CHECK(cache.bytes() == 300);
  CHECK(cache.entries() == 3);
  CHECK_FALSE(cache.find(seed_key(2)));
  CHECK(cache.find(seed_key(1)));
  CHECK(cache.find(seed_key(3)));
  CHECK(cache.find(seed_key(4)));
}

TEST_CASE("Worlds kept for good are outside the budget and never evicted", "[env][cache]") {
  BaseWorldCache cache(100);
  const Snapshot own = cache.add(seed_key(7), image(1000), true);
  for (uint64_t seed = 100; seed < 200; ++seed) cache.add(seed_key(seed), image(60), false);
  CHECK(cache.find(seed_key(7)) == own);
  CHECK(cache.bytes() <= 100);
  CHECK(cache.entries() == 2);  // the kept one and the newest other
}

TEST_CASE("a World evicted while in use is found again, not rebuilt", "[env][cache]") {
  BaseWorldCache cache(100);
  const Snapshot held = cache.add(seed_key(1), image(80), false);
  cache.add(seed_key(2), image(80), false);  // evicts 1, which `held` keeps alive
  CHECK(cache.bytes() <= 100);
  CHECK(cache.find(seed_key(1)) == held);
  // Back under the budget as the most recently used: 2 went instead.
  CHECK_FALSE(cache.find(seed_key(2)));
}

TEST_CASE("a World evicted and no longer used is gone: the next use builds it again", "[env][cache]") {
  BaseWorldCache cache(100);
  cache.add(seed_key(1), image(80), false);
  cache.add(seed_key(2), image(80), false);
  CHECK_FALSE(cache.find(seed_key(1)));
}

TEST_CASE("many client seeds keep the environment's cache bounded, and a rebuilt World is identical",
          "[env][cache]") {
  const auto env = deskling_with_cache(1);  // room for one other seed's World at a time
  const Task& task = first_task(*env);
  const Snapshot own = env->base_snapshot(task.seed, &task);
  const std::string first_seed_100 = *env->base_snapshot(task.seed + 100, &task);
  for (uint64_t seed = task.seed + 101; seed < task.seed + 140; ++seed) env->base_snapshot(seed, &task);
  // The task's two Worlds (seeded, and with its setup) and the newest other seed's task World.
  CHECK(env->base_worlds_cached() == 3);
  // The task's own seed is never evicted: the same image, not a rebuild.
  CHECK(env->base_snapshot(task.seed, &task) == own);
  // Seed 100 was evicted with no one holding it: built again, byte for byte what it was.
  const Snapshot rebuilt = env->base_snapshot(task.seed + 100, &task);
  CHECK(*rebuilt == first_seed_100);
  // Held by an episode, it survives the next flood of seeds as the same image.
  for (uint64_t seed = task.seed + 200; seed < task.seed + 220; ++seed) env->base_snapshot(seed, &task);
  CHECK(env->base_snapshot(task.seed + 100, &task) == rebuilt);
}

TEST_CASE("an episode at a client seed still resets to the same World after its seed was evicted", "[env][cache]") {
  const auto env = deskling_with_cache(1);
  auto task = env->tasks().front();
  EpisodeOptions options;
  options.seed = task->seed + 500;
  Episode episode(env, task, options);
  const std::string start = *episode.world().snapshot();
  for (uint64_t seed = task->seed + 600; seed < task->seed + 620; ++seed) env->base_snapshot(seed, task.get());
  episode.reset();
  CHECK(*episode.world().snapshot() == start);
}
