#pragma once
// Reading JSON that comes from outside the engine: request bodies, WebSocket and stdio messages, and a
// script's json.decode. nlohmann's parser itself keeps its place on the heap, but much of what handles a
// value afterwards walks it recursively (nlohmann's copy, comparison and dump, the JSON-schema check,
// the Lua conversions), so a value nested 60,000 deep would overflow a thread's stack. Nesting is bounded
// here, where the text is read, before any such value exists.
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace opsgym {

// The deepest nesting of arrays and objects accepted in JSON read from clients and scripts: `[]` is 1
// level, `{"a":[1]}` is 2. Real tool arguments use a handful of levels and their envelopes (a batch, a
// JSON-RPC request) three more, so 128 refuses nothing a client means to send; a value this deep costs a
// recursive walker a few tens of KB of stack at most, far inside any thread's, sanitizers included.
// Lua tables become JSON within the same limit (lua_json.cpp).
inline constexpr int kMaxJsonDepth = 128;

// Thrown for text that nests deeper than kMaxJsonDepth; the message names the limit.
class JsonTooDeep : public std::runtime_error {
 public:
  JsonTooDeep();
};

// Parses `text` as nlohmann::json::parse does (a nlohmann::json::parse_error for text that is not JSON),
// but stops with JsonTooDeep at the first array or object that would be nested deeper than kMaxJsonDepth.
nlohmann::json parse_json(std::string_view text);

}  // namespace opsgym
