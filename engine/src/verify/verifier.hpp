#pragma once
// Runs a task's verifier over a finished episode's World.
#include <cstdint>
#include <string>

#include "opsgym/environment.hpp"
#include "opsgym/verify.hpp"

namespace opsgym {

// `world` must hold the answer and status in _state (Episode::finish writes them). The verifier runs
// read-only; a verifier that raises, exceeds a limit or records no check is a verifier fault.
VerifyResult verify_episode(const Environment& env, const Task& task, World& world, const Snapshot& base,
                            uint64_t seed, const std::string& actor, RewardMode reward = RewardMode::success);

}  // namespace opsgym
