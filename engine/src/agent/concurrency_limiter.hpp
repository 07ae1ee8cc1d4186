#pragma once
// A counting semaphore with a run-time limit: at most `limit` requests in flight to one model, however
// many episodes run in parallel.
#include <condition_variable>
#include <mutex>

namespace opsgym::agent {

class ConcurrencyLimiter {
 public:
  explicit ConcurrencyLimiter(int limit) : limit_(limit < 1 ? 1 : limit) {}

  class Slot {
   public:
    explicit Slot(ConcurrencyLimiter& limiter) : limiter_(limiter) { limiter_.acquire(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { limiter_.release(); }

   private:
    ConcurrencyLimiter& limiter_;
  };

  int in_flight() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
  }
  int peak() const {
    std::lock_guard lock(mutex_);
    return peak_;
  }

 private:
  void acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return in_flight_ < limit_; });
    ++in_flight_;
    if (in_flight_ > peak_) peak_ = in_flight_;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      --in_flight_;
    }
    freed_.notify_one();
  }

  const int limit_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int in_flight_ = 0;
  int peak_ = 0;
};

}  // namespace opsgym::agent
