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

// The first value of the first row of a query on the episode's World (records are looked up by their
// content, not by hard-coded ids, where the task does not name them).
inline Json scalar(const Episode& episode, const std::string& sql, const Json& params = Json::array()) {
  const Json rows = episode.world().query(sql, params);
  if (rows.empty()) throw std::runtime_error("no row for: " + sql);
  return rows[0].begin().value();
}

inline std::string error_code(const StepResult& step) {
  if (!step.output().contains("error")) return "";
  return step.output()["error"].value("code", "");
}

inline std::string error_message(const StepResult& step) {
  if (!step.output().contains("error")) return "";
  return step.output()["error"].value("message", "");
}

inline const Violation* find_violation(const StepResult& step, const std::string& rule) {
  const auto it = std::find_if(step.violations.begin(), step.violations.end(),
                               [&](const Violation& v) { return v.rule == rule; });
  return it == step.violations.end() ? nullptr : &*it;
}

// An enforced rule refused the call: policy_denied naming the rule, an enforced violation of that rule,
// and no change to any environment table since `before`.
inline void require_refused_by(const Episode& episode, const Snapshot& before, const StepResult& step,
                               const std::string& rule) {
  INFO("output: " << step.output().dump());
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "policy_denied");
  CHECK_THAT(error_message(step), Catch::StartsWith(rule + ":"));
  const Violation* v = find_violation(step, rule);
  REQUIRE(v != nullptr);
  CHECK(v->enforced);
  CHECK(v->call_index == step.index);
  CHECK_FALSE(v->message.empty());
  const Diff diff = episode.world().diff_from(before);
  INFO("changes: " << diff.to_json().dump());
  CHECK(diff.changes.empty());
}

// An observed rule let the call through and recorded a violation of that rule.
inline void require_recorded(const StepResult& step, const std::string& rule) {
  INFO("output: " << step.output().dump());
  CHECK(step.ok);
  const Violation* v = find_violation(step, rule);
  REQUIRE(v != nullptr);
  CHECK_FALSE(v->enforced);
  CHECK(v->call_index == step.index);
  CHECK_FALSE(v->message.empty());
}

// The call went through and broke no rule at all.
inline void require_clean(const StepResult& step) {
  INFO("output: " << step.output().dump());
  CHECK(step.ok);
  INFO("violations: " << step.to_json()["violations"].dump());
  CHECK(step.violations.empty());
}

}  // namespace opsgym::testing
