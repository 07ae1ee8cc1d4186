#pragma once
// Reference solutions name earlier results: "${2.number}" is field `number` of step 2's result and
// "${1.items.1.number}" walks arrays with 1-based indices, as in Lua. A string that is exactly one
// placeholder takes the value's JSON type; placeholders inside longer text are spliced in as text.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace opsgym {

// `results[i]` is the output of step i+1. Throws std::runtime_error naming the placeholder when it
// points at a missing step or field.
nlohmann::json resolve_reference_args(const nlohmann::json& args, const std::vector<nlohmann::json>& results);

}  // namespace opsgym
