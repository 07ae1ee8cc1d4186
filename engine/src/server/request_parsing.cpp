#include "server/request_parsing.hpp"

#include <charconv>

namespace opsgym::server {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0)
        throw ApiError(400, codes::invalid_request, "malformed percent-escape in request target");
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

const char* type_name(const Json& value) { return value.type_name(); }

[[noreturn]] void wrong_type(const char* name, const char* expected, const Json& value) {
  throw ApiError(400, codes::invalid_request,
                 std::string("field '") + name + "' must be " + expected + ", not " + type_name(value));
}

const Json* present(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::vector<std::string> Target::segments() const {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

Target parse_target(std::string_view target) {
  Target t;
  size_t q = target.find('?');
  t.path = percent_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return t;
  std::string_view query = target.substr(q + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
      t.query[key] = value;
    }
    start = end + 1;
  }
  return t;
}

Json parse_json_body(const std::string& body, bool empty_is_object) {
  if (body.empty()) {
    if (empty_is_object) return Json::object();
    throw ApiError(400, codes::malformed_json, "the request body is empty; a JSON document is required");
  }
  try {
    return Json::parse(body);
  } catch (const Json::parse_error& e) {
    throw ApiError(400, codes::malformed_json, std::string("the request body is not valid JSON: ") + e.what());
  }
}

Json parse_json_object(const std::string& body) {
  Json value = parse_json_body(body, true);
  if (!value.is_object())
    throw ApiError(400, codes::invalid_request,
                   std::string("the request body must be a JSON object, not ") + value.type_name());
  return value;
}

std::optional<std::string> string_field(const Json& object, const char* name) {
  const Json* v = present(object, name);
  if (!v) return std::nullopt;
  if (!v->is_string()) wrong_type(name, "a string", *v);
  return v->get<std::string>();
}

std::optional<int64_t> int_field(const Json& object, const char* name) {
  const Json* v = present(object, name);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
  }
  wrong_type(name, "an integer", *v);
}

std::optional<uint64_t> seed_field(const Json& object, const char* name) {
  const Json* v = present(object, name);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) return v->get<uint64_t>();
  if (v->is_number_integer() && v->get<int64_t>() >= 0) return static_cast<uint64_t>(v->get<int64_t>());
  wrong_type(name, "a non-negative integer", *v);
}

std::optional<double> number_field(const Json& object, const char* name) {
  const Json* v = present(object, name);
  if (!v) return std::nullopt;
  if (!v->is_number()) wrong_type(name, "a number", *v);
  return v->get<double>();
}

RewardMode reward_mode_field(const Json& object) {
  const auto name = string_field(object, "reward");
  if (!name) return RewardMode::success;
  const auto mode = reward_mode_named(*name);
  if (!mode) throw ApiError(400, codes::invalid_request, "'reward' must be \"success\" or \"shaped\", not \"" + *name + "\"");
  return *mode;
}

std::optional<bool> bool_field(const Json& object, const char* name) {
  const Json* v = present(object, name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) wrong_type(name, "true or false", *v);
  return v->get<bool>();
}

std::optional<Json> object_field(const Json& object, const char* name) {
  const Json* v = present(object, name);
  if (!v) return std::nullopt;
  if (!v->is_object()) wrong_type(name, "an object", *v);
  return *v;
}

std::string required_string(const Json& object, const char* name) {
  auto value = string_field(object, name);
  if (!value) throw ApiError(400, codes::invalid_request, std::string("field '") + name + "' is required");
  return *value;
}

uint64_t parse_seed_text(const std::string& text, const char* name) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw ApiError(400, codes::invalid_request,
                   std::string("'") + name + "' must be a non-negative integer, not '" + text + "'");
  return value;
}

}  // namespace opsgym::server
