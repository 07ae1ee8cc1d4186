#include "env/base_world_cache.hpp"

namespace opsgym {

Snapshot BaseWorldCache::find(const Key& key) {
  if (auto found = kept_.find(key); found != kept_.end()) return found->second;
  if (auto found = recent_.find(key); found != recent_.end()) {
    order_.splice(order_.begin(), order_, found->second.place);
    return found->second.world;
  }
  if (auto found = evicted_.find(key); found != evicted_.end()) {
    Snapshot alive = found->second.lock();
    evicted_.erase(found);
    if (alive) return add(key, std::move(alive), false);  // in use again: back under the budget
  }
  return nullptr;
}

Snapshot BaseWorldCache::add(const Key& key, Snapshot world, bool kept_for_good) {
  if (Snapshot existing = find(key)) return existing;
  if (kept_for_good) return kept_.emplace(key, std::move(world)).first->second;
  order_.push_front(key);
  bytes_ += world->size();
  Snapshot kept = recent_.emplace(key, Entry{std::move(world), order_.begin()}).first->second.world;
  evict_past_budget();
  return kept;
}

void BaseWorldCache::evict_past_budget() {
  // The World just added stays even if it alone is over the budget: its caller is about to use it.
  while (bytes_ > budget_bytes_ && recent_.size() > 1) {
    const auto oldest = recent_.find(order_.back());
    bytes_ -= oldest->second.world->size();
    if (oldest->second.world.use_count() > 1) evicted_[oldest->first] = oldest->second.world;
    recent_.erase(oldest);
    order_.pop_back();
  }
  forget_dead_evicted();
}

void BaseWorldCache::forget_dead_evicted() {
  for (auto it = evicted_.begin(); it != evicted_.end();) it = it->second.expired() ? evicted_.erase(it) : std::next(it);
}

}  // namespace opsgym
