#pragma once
// Which changes of a diff a task did not declare in `expected_changes`.
#include <map>
#include <string>
#include <vector>

#include "opsgym/task.hpp"
#include "opsgym/world.hpp"

namespace opsgym {

// A change is unexpected when its table is not declared, when it updates a column not among the
// declared `columns`, when its key is not among the declared `updated` keys, or when it is beyond a declared count (the later ones in key order).
std::vector<RowChange> unexpected_changes(const Diff& diff, const std::map<std::string, TableExpectation>& expected);

}  // namespace opsgym
