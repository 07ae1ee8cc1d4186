#pragma once
// Reading what a client sent: the path and query of a target, a JSON body, and typed fields of it. Every
// reader throws ApiError 400 naming the field and what was expected, so handlers never see bad input.
#include <cstdint>
#include <map>
#include <optional>

#include <string>
#include <string_view>
#include <vector>

#include "opsgym/verify.hpp"
#include "server/api_error.hpp"
#include "server/http_message.hpp"

namespace opsgym::server {

struct Target {
  std::string path;                            // percent-decoded, without the query
  std::map<std::string, std::string> query;    // decoded; a repeated key keeps the last value
  std::vector<std::string> segments() const;   // path split on '/', empty parts dropped
};

// Splits and percent-decodes a request target. Throws ApiError 400 on a malformed escape.
Target parse_target(std::string_view target);

// Parses JSON a client sent (`what` names it in messages: "the request body", "the message"). Throws
// ApiError 400: malformed_json for text that is not JSON, invalid_request naming the field for a number
// no double holds (1e400: nlohmann refuses it with out_of_range, not parse_error), and invalid_request
// naming the limit for arrays and objects nested deeper than kMaxJsonDepth (json/json_read.hpp).
Json parse_client_json(const std::string& text, const char* what);
// Parses a JSON body. An empty body is an empty object when `empty_is_object`, else a 400.
// Throws ApiError 400 (malformed_json) naming the parse error position.
Json parse_json_body(const std::string& body, bool empty_is_object = true);
// Like parse_json_body but also requires an object.
Json parse_json_object(const std::string& body);

// Typed optional fields of an object. A field that is present but null counts as absent. A present field
// of the wrong type throws ApiError 400 (invalid_request) naming it.
std::optional<std::string> string_field(const Json& object, const char* name);
std::optional<int64_t> int_field(const Json& object, const char* name);
std::optional<uint64_t> seed_field(const Json& object, const char* name);  // a non-negative integer
std::optional<double> number_field(const Json& object, const char* name);
std::optional<bool> bool_field(const Json& object, const char* name);
// An object field (absent → nullopt); arrays, strings and others are refused.
std::optional<Json> object_field(const Json& object, const char* name);
std::string required_string(const Json& object, const char* name);
// The optional "reward" field: "success" (the default) or "shaped"; anything else is a 400.
RewardMode reward_mode_field(const Json& object);

// A seed given in a query string ("3"); throws ApiError 400 when it is not a non-negative integer.
uint64_t parse_seed_text(const std::string& text, const char* name);

}  // namespace opsgym::server
