#include "server/connection_table.hpp"

namespace opsgym::server {

ConnectionTable::Slot::~Slot() {
  if (!table_) return;
  std::lock_guard lock(table_->mutex_);
  table_->entries_.erase(entry_);
}

void ConnectionTable::Slot::set_evict(std::function<void()> evict) {
  std::lock_guard lock(table_->mutex_);
  entry_->evict = std::move(evict);
}

void ConnectionTable::Slot::pin() {
  std::lock_guard lock(table_->mutex_);
  entry_->evict = nullptr;
  entry_->waiting_since_ms.store(0, std::memory_order_relaxed);
}

bool ConnectionTable::make_room() {
  std::function<void()> evict;
  {
    std::lock_guard lock(mutex_);
    if (entries_.size() < max_) return true;
    // Only at the cap: a scan of every connection is cheap next to what a full server is doing anyway.
    Entry* oldest = nullptr;
    for (Entry& entry : entries_) {
      const int64_t since = entry.waiting_since_ms.load(std::memory_order_relaxed);
      if (since == 0 || !entry.evict) continue;
      if (!oldest || since < oldest->waiting_since_ms.load(std::memory_order_relaxed)) oldest = &entry;
    }
    if (!oldest) return false;
    // Taken out of the running: it is not picked twice while it closes.
    evict = std::exchange(oldest->evict, nullptr);
    oldest->waiting_since_ms.store(0, std::memory_order_relaxed);
  }
  evicted_.fetch_add(1, std::memory_order_relaxed);
  evict();
  return true;
}

ConnectionTable::Slot ConnectionTable::add() {
  std::lock_guard lock(mutex_);
  entries_.emplace_back();
  return Slot(this, std::prev(entries_.end()));
}

size_t ConnectionTable::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace opsgym::server
