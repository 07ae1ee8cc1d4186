#include "server/request_parsing.hpp"

#include <charconv>
#include <climits>
#include <cmath>

#include "json/json_read.hpp"

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

// Where in a JSON text the parser stopped on a number it cannot hold: parses it again, following the
// path of keys and array indexes ("args.items[2].qty"). Only on that error path, so a step's body is
// parsed once. Empty when the number is the whole document.
std::string path_of_overflow(const std::string& text) {
  struct Frame {
    bool array;
    std::string key;
    size_t index;
  };
  std::vector<Frame> frames;
  auto callback = [&frames](int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: frames.push_back({false, "", 0}); break;
      case Json::parse_event_t::array_start: frames.push_back({true, "", 0}); break;
      case Json::parse_event_t::key: frames.back().key = parsed.get<std::string>(); break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames.pop_back();
        if (!frames.empty() && frames.back().array) ++frames.back().index;
        break;
      case Json::parse_event_t::value:
        if (!frames.empty() && frames.back().array) ++frames.back().index;
        break;
    }
    return true;
  };
  try {
    [[maybe_unused]] const Json parsed = Json::parse(text, callback);  // throws at the number, with `frames` at its place
  } catch (const Json::exception&) {
  }
  std::string path;
  for (const Frame& f : frames) {
    if (f.array) {
      path += "[" + std::to_string(f.index) + "]";
    } else {
      if (!path.empty()) path += ".";
      path += f.key;
    }
  }
  return path;
}

}  // namespace

Json parse_client_json(const std::string& text, const char* what) {
  try {
    return parse_json(text);
  } catch (const Json::parse_error& e) {
    throw ApiError(400, codes::malformed_json, std::string(what) + " is not valid JSON: " + e.what());
  } catch (const JsonTooDeep& e) {
    throw ApiError(400, codes::invalid_request, std::string(what) + " is refused: " + e.what());
  } catch (const Json::out_of_range& e) {
    // The only out_of_range the parser raises: a number past what a double holds (1e400, -1e999999).
    std::string message = e.what();
    const size_t open = message.find('\'');
    const size_t close = message.rfind('\'');
    const std::string number = open < close ? message.substr(open + 1, close - open - 1) : "";
    const std::string path = path_of_overflow(text);
    throw ApiError(400, codes::invalid_request,
                   (path.empty() ? std::string(what) : "field '" + path + "'") + ": the number " + number +
                       " is out of range (a number must be finite and within a double's range)");
  }
}

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
  return parse_client_json(body, "the request body");
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
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    throw ApiError(400, codes::invalid_request,
                   std::string("field '") + name + "' must be an integer within 64 bits, not " + v->dump());
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_float()) {
    // Checked against the range first: converting 1e300 to int64_t is undefined.
    double d = v->get<double>();
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d) return static_cast<int64_t>(d);
  }
  wrong_type(name, "an integer within 64 bits", *v);
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
