#pragma once
// Tool argument schemas: built once from a tool's declared `parameters` when an environment loads, then
// used to check every call's arguments before the tool body runs. The check is on the hot path of every
// step, so it walks the built schema as is (no re-parsing, no allocation unless it reports an error or
// fills a default) and compiles each `pattern` once (a process-wide cache keyed by pattern text).
#include <optional>
#include <string>

#include "opsgym/environment.hpp"

namespace opsgym {

// Turns a tool's declared parameters (the Lua `parameters` table converted to JSON: an object mapping
// argument name -> property schema with an optional `required: true` flag) into one JSON Schema:
// {"type":"object","properties":{...},"required":[sorted names],"additionalProperties":false}.
// Nested `type: object` properties with `properties` follow the same rule recursively; a `type: object`
// without `properties` accepts any object. `null` or an empty array (an empty Lua table) means no
// arguments. A default of an integer written as 2.0 is stored as 2.
// Throws AuthoringError("<where>: parameter 'x': <what is wrong>") on an unknown type or keyword, a
// keyword that does not apply to the type, an enum that is not a non-empty array of valid values,
// minimum > maximum, an invalid pattern, a default that does not itself validate, etc. Nested names are
// shown as 'customer.address' and array items as 'lines[]'.
Json build_parameters_schema(const Json& declared, const std::string& where);

// One reason arguments were refused. `field` is the path of the offending argument ("priority",
// "items[2].qty"; array indexes count from 0 as in JSON; empty when the arguments as a whole are wrong);
// `message` is written for an LLM agent and starts with the field where there is one.
struct ArgumentError {
  std::string field;
  std::string message;
};

// Checks `args` against a schema made by build_parameters_schema. On success fills in the defaults of
// missing optional fields and stores integers written as floats (3.0) as integers, in place, and returns
// nullopt. On failure returns the first error (unknown fields, then missing required fields, then each
// field's value in name order) and leaves `args` untouched.
// Checks: args is an object; required; unknown fields; type (integer: a JSON integer or a float with no
// fractional part; number accepts integers; no coercion from strings); enum; minimum/maximum;
// minLength/maxLength (UTF-8 code points); pattern (ECMAScript, searched anywhere in the string; strings
// over 1000 bytes are refused for a pattern because std::regex recurses per character);
// format "date-time" (RFC 3339, e.g. 2026-03-02T09:00:00Z); items; minItems/maxItems; nested objects.
std::optional<ArgumentError> validate_arguments(const Json& schema, Json& args);

}  // namespace opsgym
