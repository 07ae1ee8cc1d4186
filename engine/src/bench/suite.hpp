#pragma once
// A suite: the tasks a run plays, chosen from the catalog by a spec of comma-separated terms:
//   all          every task
//   env:NAME     the tasks of one environment (a bare NAME works too when it names an environment)
//   id:ID        one task (a bare ID works too); '*' matches any run of characters: id:itsm-0*
//   tag:TAG      the tasks carrying a tag
// The result is the union, sorted by task id: a run's order never depends on how the spec was written.
#include <memory>
#include <string>
#include <vector>

#include "opsgym/catalog.hpp"

namespace opsgym::bench {

// Throws std::invalid_argument naming a term that matches nothing or is malformed.
std::vector<std::shared_ptr<const Task>> select_tasks(const Catalog& catalog, const std::string& spec);

// Whether `text` matches `pattern` where '*' matches any run of characters.
bool wildcard_match(const std::string& pattern, const std::string& text);

}  // namespace opsgym::bench
