#include "verify/unexpected_changes.hpp"

#include <algorithm>

namespace opsgym {
namespace {

// A declared key is a whole key object, or for a one-column key just its value.
bool key_matches(const Json& declared, const Json& key) {
  if (declared.is_object()) return declared == key;
  return key.size() == 1 && key.begin().value() == declared;
}

bool key_declared(const std::vector<Json>& keys, const Json& key) {
  return std::any_of(keys.begin(), keys.end(), [&](const Json& declared) { return key_matches(declared, key); });
}

// An update changes only declared columns (`after` holds the changed columns); none declared: any.
bool columns_declared(const std::vector<std::string>& columns, const Json& after) {
  if (columns.empty()) return true;
  for (const auto& [column, _] : after.items()) {
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) return false;
  }
  return true;
}

}  // namespace

std::vector<RowChange> unexpected_changes(const Diff& diff, const std::map<std::string, TableExpectation>& expected) {
  std::vector<RowChange> out;
  std::map<std::pair<std::string, std::string>, int> seen;  // (table, op) → count so far
  for (const auto& change : diff.changes) {
    const auto found = expected.find(change.table);
    if (found == expected.end()) {
      out.push_back(change);
      continue;
    }
    const TableExpectation& allowed = found->second;
    const int count = ++seen[{change.table, change.op}];
    int bound = 0;
    if (change.op == "insert") bound = allowed.inserted;
    if (change.op == "delete") bound = allowed.deleted;
    if (change.op == "update") {
      if (!columns_declared(allowed.columns, change.after)) {
        out.push_back(change);
        continue;
      }
      if (!allowed.updated_keys.empty()) {
        if (!key_declared(allowed.updated_keys, change.key)) out.push_back(change);
        continue;
      }
      bound = allowed.updated;
    }
    if (bound >= 0 && count > bound) out.push_back(change);
  }
  return out;
}

}  // namespace opsgym
