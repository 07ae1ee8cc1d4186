#pragma once
// The real ITSM environment (environments/itsm), loaded once per test binary, and the helpers the rule
// and time tests share: open an episode of a task, find records, and judge a step's violations.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "support/rule_assertions.hpp"

namespace opsgym::testing {

// Loaded from the source tree, not $OPSGYM_HOME, so the tests always check the environment beside them.
inline std::shared_ptr<const Environment> itsm() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(OPSGYM_SOURCE_DIR "/environments/itsm", OPSGYM_SOURCE_DIR "/verifiers");
  return env;
}

inline std::shared_ptr<const Task> itsm_task(const std::string& id) {
  for (const auto& task : itsm()->tasks()) {
    if (task->id == id) return task;
  }
  throw std::runtime_error("the itsm environment has no task " + id);
}

// An episode of an existing task: its seed, actor, start time and setup give the records a test needs.
inline Episode open_itsm(const std::string& task_id) { return Episode(itsm(), itsm_task(task_id)); }

}  // namespace opsgym::testing
