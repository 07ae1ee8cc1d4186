#pragma once
// The checks the engine records for every task after its verifier script: what success always means,
// so no verifier can forget it.
#include <string>
#include <vector>

#include "opsgym/environment.hpp"
#include "opsgym/verify.hpp"

namespace opsgym {

// Appends to result.checks: "no policy violations", "no undeclared changes" and, for an infeasible
// task, "refused for the right reason: <summary>". Reads result.violations and unexpected_changes.
void add_engine_checks(const Environment& env, const Task& task, const std::string& answer,
                       const std::string& status, VerifyResult& result);

// The reasons of `reasons` that `answer` gives (by words), in the catalog's order, each with the first
// phrase that matched: {id, phrase}.
std::vector<std::pair<std::string, std::string>> reasons_given(const std::vector<RefusalReason>& reasons,
                                                               const std::string& answer);

}  // namespace opsgym
