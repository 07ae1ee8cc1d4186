#pragma once
// What a verifier concludes about a finished episode.
#include <string>
#include <vector>

#include "opsgym/world.hpp"

namespace opsgym {

struct CheckResult {
  std::string name;
  bool passed = false;
  std::string detail;
};

// A policy rule broken by a tool call. Enforced rules also made the call fail.
struct Violation {
  std::string rule;
  std::string message;
  int call_index = 0;  // 1-based index of the call in the trajectory
  bool enforced = false;
  Json to_json() const;
};

struct VerifyResult {
  std::vector<CheckResult> checks;
  bool success = false;  // every check passed and the verifier did not fail
  double partial = 0.0;  // fraction of checks passed
  std::vector<Violation> violations;
  std::vector<RowChange> unexpected_changes;  // changes the task did not declare
  Diff diff;                                  // every change to environment tables
  std::string verifier_fault;                 // non-empty: the verifier crashed (not the agent's failure)
  Json to_json() const;
};

}  // namespace opsgym
