#pragma once
// The server's open connections, counted against a cap. A connection waiting for (the rest of) a request
// can be evicted to make room for a new one, the one that has waited longest first: idle keep-alive
// clients and slowloris-style half-open requests give way, and a new client always gets in. Connections
// busy with a request, and WebSocket sessions, are never evicted. No Boost here: the socket side
// (http_server.cpp) gives each connection the function that closes it.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <list>
#include <mutex>
#include <utility>

namespace opsgym::server {

class ConnectionTable {
  struct Entry {
    std::atomic<int64_t> waiting_since_ms{0};  // 0: busy (or not evictable)
    std::function<void()> evict;               // closes the connection on its own thread
  };

 public:
  explicit ConnectionTable(size_t max_connections) : max_(max_connections) {}
  ConnectionTable(const ConnectionTable&) = delete;
  ConnectionTable& operator=(const ConnectionTable&) = delete;

  // One open connection's place in the table; released when destroyed. Move it along with the socket.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : table_(other.table_), entry_(other.entry_) { other.table_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot();
    // Set once the connection can be closed from outside (shared_from_this exists only after construction).
    void set_evict(std::function<void()> evict);
    // The connection starts waiting for a request (may be evicted) or starts serving one (may not).
    void waiting(int64_t since_ms) { entry_->waiting_since_ms.store(since_ms, std::memory_order_relaxed); }
    void busy() { entry_->waiting_since_ms.store(0, std::memory_order_relaxed); }
    // From now on never evicted (a WebSocket session owns an episode), still counted.
    void pin();

   private:
    friend class ConnectionTable;
    Slot(ConnectionTable* table, std::list<Entry>::iterator entry) : table_(table), entry_(entry) {}
    ConnectionTable* table_;
    std::list<Entry>::iterator entry_;
  };

  // Makes room for one more connection and counts it. At the cap, the connection waiting longest is asked
  // to close (it goes a moment later, on its own thread); when none is waiting, returns false and the new
  // connection must be refused.
  bool make_room();
  Slot add();

  size_t size() const;
  size_t max() const { return max_; }
  size_t evicted() const { return evicted_.load(std::memory_order_relaxed); }

 private:
  const size_t max_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;
  std::atomic<size_t> evicted_{0};
};

}  // namespace opsgym::server
