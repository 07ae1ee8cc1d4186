#pragma once
// The simulated clock: moving it forward fires every scheduled event that falls due, in due-time then id
// order, each in its own savepoint. An event that fails is rolled back and its error kept in _events, so
// one broken handler never stops the episode or the events after it.
#include <cstdint>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym {

struct ClockState {
  int64_t now = 0;
  uint64_t rng = 0;
};

// Fires the events due up to `to` and leaves the clock at `to`. Events that keep scheduling more events
// at the current time are stopped after a bounded number (recorded as an error on the event).
void advance_clock(const Environment& env, World& world, const std::string& actor, ClockState& clock, int64_t to);

}  // namespace opsgym
