#pragma once
// A task: one YAML file under environments/<env>/tasks/. Immutable once loaded.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace opsgym {

using Json = nlohmann::json;

enum class FinishStatus { done, refused };
const char* to_string(FinishStatus status);
// Parses "done" / "refused"; throws std::invalid_argument otherwise.
FinishStatus parse_finish_status(const std::string& text);

// One tool call of a reference solution. String arguments may name results of earlier steps:
// "${2.number}" is field `number` of step 2's result (steps count from 1).
struct ReferenceCall {
  std::string tool;
  Json args = Json::object();
};

// What a task allows to change in one table. A count of -1 means "any number".
// `updated_keys` (when non-empty) lists the primary keys (as JSON) that may be updated; `columns` (when
// non-empty) the columns an update may change.
struct TableExpectation {
  int inserted = 0;
  int updated = 0;
  int deleted = 0;
  std::vector<Json> updated_keys;
  std::vector<std::string> columns;
};

// A mutant of the reference solution that is still a correct solution, declared with why.
struct AcceptedMutant {
  std::string id;  // as `opsgym validate --mutants` names it, e.g. "change_argument/4/urgency=2"
  std::string why;
};

struct Task {
  std::string id;
  std::string title;
  std::string environment;
  std::filesystem::path file;
  uint64_t seed = 1;
  std::string actor;        // empty: the environment's default actor
  std::optional<int64_t> start_time;  // unix seconds; empty: the environment's clock start
  std::string prompt;
  std::vector<std::string> tags;
  std::vector<std::string> tools;     // empty: every tool of the environment
  bool feasible = true;
  std::string setup_lua;              // Lua run after seed.lua to stage the task's scenario
  std::string setup_chunkname;
  std::vector<ReferenceCall> reference;
  std::string reference_answer;
  FinishStatus reference_status = FinishStatus::done;
  std::map<std::string, TableExpectation> expected_changes;
  std::string refusal_reason;         // infeasible tasks: the environment's reason the refusal must give
  std::vector<AcceptedMutant> accepted_mutants;
  std::string verifier_lua;           // the verifier's source
  std::string verifier_chunkname;     // its file (or "task.yaml:verifier") for error messages
  int max_steps = 50;

  // Loads and checks a task file; throws AuthoringError naming the file and the fault.
  static Task load(const std::filesystem::path& file);
};

}  // namespace opsgym
