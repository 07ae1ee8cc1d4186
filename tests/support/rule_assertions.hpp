#pragma once
// What the rule tests of every environment judge a step by: its error, the violations it recorded, and
// whether the World changed. An enforced rule refuses the call and changes nothing; an observed rule lets
// it through and records the violation.
#include <algorithm>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "opsgym/episode.hpp"

namespace opsgym::testing {

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
