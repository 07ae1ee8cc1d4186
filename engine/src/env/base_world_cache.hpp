#pragma once
// The base Worlds an environment has built, by (seed, task). Clients choose seeds freely, and each
// seeded World is megabytes, so the cache is bounded:
//  - a task's World at the task's own seed (and the seeded World under it) is kept for the environment's
//    life: there are two per task, a number the package fixes, and they are what suites play;
//  - Worlds at any other seed are kept least recently used first, up to a byte budget
//    (Limits::base_world_cache_bytes); past it the least recently used go;
//  - a World an episode still holds is found again even after it left the budget (the episode keeps it
//    alive anyway), so an episode's resets never rebuild it.
// A World that left the cache is built again on its next use, byte for byte the same (seeded Worlds
// are deterministic).
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <utility>

#include "opsgym/world.hpp"

namespace opsgym {

class BaseWorldCache {
 public:
  using Key = std::pair<uint64_t, std::string>;  // seed, task id ("" for the bare seeded World)

  explicit BaseWorldCache(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // The World stored under `key`, or null. A hit makes it the most recently used.
  Snapshot find(const Key& key);
  // Stores `world` under `key` unless one is there already; returns the one kept. `kept_for_good` marks
  // a task's World at its own seed (never evicted).
  Snapshot add(const Key& key, Snapshot world, bool kept_for_good);

  size_t budget_bytes() const { return budget_bytes_; }
  // Bytes of the Worlds under the budget (those not kept for good).
  size_t bytes() const { return bytes_; }
  size_t entries() const { return kept_.size() + recent_.size(); }

 private:
  struct Entry {
    Snapshot world;
    std::list<Key>::iterator place;  // in order_
  };
  void evict_past_budget();
  void forget_dead_evicted();

  size_t budget_bytes_;
  size_t bytes_ = 0;
  std::map<Key, Snapshot> kept_;
  std::map<Key, Entry> recent_;
  std::list<Key> order_;  // recent_'s keys, most recently used first
  // Worlds evicted while an episode still held them: found again, without a rebuild, while they live.
  std::map<Key, std::weak_ptr<const std::string>> evicted_;
};

}  // namespace opsgym
