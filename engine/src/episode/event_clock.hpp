#pragma once
// The simulated clock: moving it forward fires every scheduled event that falls due, in due-time then id
// order, each in its own savepoint. An event that fails is rolled back and its error kept in _events, so
// one broken handler never stops the episode or the events after it.
#include <cstdint>
#include <limits>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym {

struct ClockState {
  static constexpr int64_t kUnknown = std::numeric_limits<int64_t>::min();
  int64_t now = 0;
  uint64_t rng = 0;
  // No unfired event falls due before this time (a lower bound: a scheduling call that was rolled back
  // may have lowered it). kUnknown until the World has been asked; kept beside the World, not in it.
  int64_t next_due = kUnknown;
};

// Fires the events due up to `to` and leaves the clock at `to`; asks the World only when clock.next_due
// says an event may be due (most steps fire none). Events that keep scheduling more events at the
// current time are stopped after a bounded number (recorded as an error on the event).
void advance_clock(const Environment& env, World& world, const std::string& actor, ClockState& clock, int64_t to);

}  // namespace opsgym
