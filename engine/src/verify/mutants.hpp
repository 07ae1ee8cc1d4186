#pragma once
// Mutants of a task's reference solution: small, plausible departures from it (a write dropped, an
// argument changed, a harmful write added, the wrong refusal) that a sound verifier must fail. A
// verifier is as good as the mutants it kills; `opsgym validate --mutants` plays these.
#include <memory>
#include <string>
#include <vector>

#include "opsgym/environment.hpp"
#include "opsgym/task.hpp"
#include "opsgym/world.hpp"

namespace opsgym {

// One direct change to the World after the calls (extra_column mutants): SQL with bound parameters.
struct WorldEdit {
  std::string sql;
  Json params;
  std::string description;
};

struct Mutant {
  std::string id;     // e.g. "drop_write/3", "change_argument/4/urgency=2": stable, for accepted_mutants
  std::string kind;   // the class: the id's first part
  std::vector<ReferenceCall> calls;  // concrete arguments (the reference's, resolved as played)
  std::vector<WorldEdit> edits;
  std::string answer;
  FinishStatus status = FinishStatus::done;
  // The index (1-based) of the call this mutant changed or added; 0 when none. A mutant whose changed
  // call the tool rejects is reported as rejected: the agent's mistake was caught by the system.
  int changed_call = 0;
  // Mutants of one argument share a group, of which only the first `keep` the tool accepts are played.
  std::string group;
  int keep = 0;
  bool refusal = false;  // a wrong refusal (wrong_reason, every_reason): can never be accepted
  std::string describe() const;  // the calls and edits as one line each
};

// The reference as played: its calls with arguments resolved, and whether each succeeded.
struct PlayedReference {
  std::vector<ReferenceCall> calls;
  std::vector<bool> ok;
  Diff diff;  // its changes from the task's initial World
};

// Every mutant of `task`, in a stable order. `base` is the task's initial World (records to point
// arguments at); `siblings` are the environment's tasks (other refusals come from them).
std::vector<Mutant> generate_mutants(const Environment& env, const Task& task, const PlayedReference& reference,
                                     const World& base);

inline constexpr int kArgumentAlternatives = 2;  // values the tool accepts played per changed argument
inline constexpr const char* kGenericText = "Updated as requested.";

}  // namespace opsgym
