#include "env/tool_schema.hpp"

#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s regex compiler when optimising with
// sanitizers; it is in the library, not here, and would break the -Werror CI build. (Clang has no such
// warning and rejects the unknown name under -Werror.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <shared_mutex>
#include <string_view>
#include <unordered_map>

#include "opsgym/errors.hpp"

namespace opsgym {
namespace {

// libstdc++'s std::regex matches depth-first and recurses once per character: a 10,000-character
// subject overflows an 8 MB stack under ASan. Longer strings are refused instead of risking a crash.
constexpr size_t kMaxPatternSubjectBytes = 1000;
// Strings quoted back to the agent are cut so one bad argument cannot flood its context.
constexpr size_t kMaxQuotedBytes = 60;
constexpr size_t kMaxListedEnumValues = 20;

// ---------------------------------------------------------------------------------------------------
// Compiled patterns, shared by every schema and thread. Schemas come from authored environments, so
// the set of patterns is small and never needs evicting.
class RegexCache {
 public:
  // Throws std::regex_error for an invalid pattern (nothing is cached then).
  const std::regex& get(const std::string& pattern) {
    {
      std::shared_lock lock(mutex_);
      auto it = map_.find(pattern);
      if (it != map_.end()) return *it->second;
    }
    auto compiled = std::make_unique<const std::regex>(pattern, std::regex::ECMAScript);
    std::unique_lock lock(mutex_);
    auto [it, inserted] = map_.try_emplace(pattern, std::move(compiled));
    return *it->second;  // another thread may have inserted first: use its copy
  }

 private:
  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<const std::regex>> map_;
};

RegexCache& regex_cache() {
  static RegexCache cache;
  return cache;
}

// ---------------------------------------------------------------------------------------------------
// Rendering values and paths. Only called once an error is certain, so allocation here is fine.

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Compares without building a temporary Json (json == "text" would allocate on the hot path).
bool is_text(const Json* value, std::string_view text) {
  return value != nullptr && value->is_string() && value->get_ref<const std::string&>() == text;
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A JSON string literal, cut at a code point boundary when long.
std::string quoted(const std::string& text) {
  if (text.size() <= kMaxQuotedBytes) return dump(Json(text));
  size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return dump(Json(text.substr(0, cut))) + "...";
}

std::string short_value(const Json& value) {
  return value.is_string() ? quoted(value.get_ref<const std::string&>()) : dump(value);
}

// "string \"high\"", "integer 3", "number 2.5", "boolean true", "null", "object", "array".
std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return "string " + short_value(value);
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer " + dump(value);
    case Json::value_t::number_float: return "number " + dump(value);
    case Json::value_t::boolean: return "boolean " + dump(value);
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    default: return "an invalid value";
  }
}

// Where a value sits in the arguments. Lives on the stack during validation; rendered only on error.
struct Path {
  const Path* parent = nullptr;
  std::string_view name;  // property name, unless is_index
  size_t index = 0;
  bool is_index = false;
};

void render_into(const Path* at, std::string& out) {
  if (at == nullptr) return;
  render_into(at->parent, out);
  if (at->is_index) {
    out += '[';
    out += std::to_string(at->index);
    out += ']';
  } else {
    if (!out.empty()) out += '.';
    out += at->name;
  }
}

std::string render(const Path* at) {
  std::string out;
  render_into(at, out);
  return out;
}

ArgumentError value_error(const Path* at, const std::string& what) {
  std::string field = render(at);
  std::string message = field.empty() ? what : field + ": " + what;
  return {std::move(field), std::move(message)};
}

// An error about a named field of the object at `at` (unknown or missing): the field is the full path,
// the message is prefixed with the object's path when nested.
ArgumentError field_error(const Path* at, std::string_view name, const std::string& what) {
  Path child{at, name};
  std::string object = render(at);
  return {render(&child), object.empty() ? what : object + ": " + what};
}

// ---------------------------------------------------------------------------------------------------
// Value checks.

size_t utf8_length(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// RFC 3339 date-time: 2026-03-02T09:00:00Z, with optional fraction and a Z or ±HH:MM offset. Leap
// seconds (:60) are refused: the simulated clock has none.
bool is_date_time(std::string_view s) {
  size_t i = 0;
  auto number = [&](size_t digits, int& out) {
    if (i + digits > s.size()) return false;
    out = 0;
    for (size_t k = 0; k < digits; ++k, ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  auto literal = [&](char a, char b = '\0') {
    if (i >= s.size() || (s[i] != a && (b == '\0' || s[i] != b))) return false;
    ++i;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!number(4, year) || !literal('-') || !number(2, month) || !literal('-') || !number(2, day) ||
      !literal('T', 't') || !number(2, hour) || !literal(':') || !number(2, minute) || !literal(':') ||
      !number(2, second))
    return false;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 59)
    return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (literal('Z', 'z')) return i == s.size();
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  ++i;
  int offset_hour, offset_minute;
  if (!number(2, offset_hour) || !literal(':') || !number(2, offset_minute)) return false;
  return i == s.size() && offset_hour <= 23 && offset_minute <= 59;
}

bool is_integral_float(const Json& value) {
  double d = value.get<double>();
  return std::isfinite(d) && std::trunc(d) == d;
}

bool matches_type(std::string_view type, const Json& value) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer() || (value.is_number_float() && is_integral_float(value));
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "null") return value.is_null();
  return true;  // not a type this engine writes: no constraint
}

// Whether a number (an integer, or a float with no fractional part) is a value of int64_t.
bool fits_int64(const Json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX);
  if (value.is_number_integer()) return true;
  const double d = value.get<double>();
  return d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

// long double holds every int64, uint64 and double exactly on x86-64, so bounds compare exactly.
long double as_long_double(const Json& number) {
  if (number.is_number_unsigned()) return static_cast<long double>(number.get<uint64_t>());
  if (number.is_number_integer()) return static_cast<long double>(number.get<int64_t>());
  return static_cast<long double>(number.get<double>());
}

std::string plural(uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The keywords of one schema node, found in a single pass over its entries. Looking each keyword up
// by name costs a failed map search per absent keyword; most nodes hold two or three entries.
struct Keywords {
  const Json* type = nullptr;
  const Json* allowed = nullptr;  // enum
  const Json* minimum = nullptr;
  const Json* maximum = nullptr;
  const Json* min_length = nullptr;
  const Json* max_length = nullptr;
  const Json* pattern = nullptr;
  const Json* format = nullptr;
  const Json* items = nullptr;
  const Json* min_items = nullptr;
  const Json* max_items = nullptr;
  const Json* properties = nullptr;
  const Json* required = nullptr;
  const Json* additional = nullptr;  // additionalProperties
  const Json* fallback = nullptr;    // default
};

Keywords read_keywords(const Json& schema) {
  Keywords k;
  if (!schema.is_object()) return k;
  for (const auto& [name, value] : schema.get_ref<const Json::object_t&>()) {
    std::string_view key = name;
    const Json* v = &value;
    if (key == "type") k.type = v;
    else if (key == "enum") k.allowed = v;
    else if (key == "minimum") k.minimum = v;
    else if (key == "maximum") k.maximum = v;
    else if (key == "minLength") k.min_length = v;
    else if (key == "maxLength") k.max_length = v;
    else if (key == "pattern") k.pattern = v;
    else if (key == "format") k.format = v;
    else if (key == "items") k.items = v;
    else if (key == "minItems") k.min_items = v;
    else if (key == "maxItems") k.max_items = v;
    else if (key == "properties") k.properties = v;
    else if (key == "required") k.required = v;
    else if (key == "additionalProperties") k.additional = v;
    else if (key == "default") k.fallback = v;
  }
  return k;
}

std::optional<ArgumentError> check_value(const Json& schema, const Json& value, const Path* at);

std::string property_names(const Json* properties) {
  std::string names;
  if (properties == nullptr || !properties->is_object()) return names;
  for (const auto& [name, ignored] : properties->get_ref<const Json::object_t&>()) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

std::optional<ArgumentError> check_object(const Keywords& k, const Json& object, const Path* at) {
  const Json::object_t& fields = object.get_ref<const Json::object_t&>();
  const Json::object_t* properties =
      k.properties != nullptr && k.properties->is_object() ? &k.properties->get_ref<const Json::object_t&>() : nullptr;
  if (k.additional != nullptr && k.additional->is_boolean() && !k.additional->get<bool>()) {
    for (const auto& [name, ignored] : fields) {
      if (properties != nullptr && properties->find(name) != properties->end()) continue;
      std::string allowed = property_names(k.properties);
      std::string what = "unknown field '" + name + "' ";
      if (!allowed.empty()) {
        what += "(allowed: " + allowed + ")";
      } else {
        what += at == nullptr ? "(this tool takes no arguments)" : "(this object takes no fields)";
      }
      return field_error(at, name, what);
    }
  }
  if (k.required != nullptr && k.required->is_array()) {
    for (const Json& name : *k.required) {
      if (!name.is_string()) continue;
      const std::string& key = name.get_ref<const std::string&>();
      if (fields.find(key) == fields.end()) return field_error(at, key, "missing required field '" + key + "'");
    }
  }
  if (properties != nullptr) {
    for (const auto& [name, field] : fields) {
      auto property = properties->find(name);
      if (property == properties->end()) continue;
      Path child{at, name};
      if (auto error = check_value(property->second, field, &child)) return error;
    }
  }
  return std::nullopt;
}

std::optional<ArgumentError> check_string(const Keywords& k, const std::string& text, const Path* at) {
  if (k.min_length != nullptr || k.max_length != nullptr) {
    size_t length = utf8_length(text);
    if (k.min_length != nullptr && k.min_length->is_number() && as_long_double(*k.min_length) > length)
      return value_error(at, "must be at least " + plural(k.min_length->get<uint64_t>(), "character") +
                                 " long, got " + std::to_string(length));
    if (k.max_length != nullptr && k.max_length->is_number() && as_long_double(*k.max_length) < length)
      return value_error(at, "must be at most " + plural(k.max_length->get<uint64_t>(), "character") +
                                 " long, got " + std::to_string(length));
  }
  if (k.pattern != nullptr && k.pattern->is_string()) {
    const std::string& source = k.pattern->get_ref<const std::string&>();
    if (text.size() > kMaxPatternSubjectBytes)
      return value_error(at, "is too long to check against its pattern " + source + " (" +
                                 std::to_string(text.size()) + " bytes, at most " +
                                 std::to_string(kMaxPatternSubjectBytes) + ")");
    const std::regex* compiled;
    try {
      compiled = &regex_cache().get(source);
    } catch (const std::regex_error& e) {
      // Only a schema not made by build_parameters_schema can get here: the tool's fault, not the agent's.
      throw AuthoringError("tool schema: pattern " + source + " is not a valid regular expression: " + e.what());
    }
    bool found;
    try {
      found = std::regex_search(text, *compiled);
    } catch (const std::regex_error& e) {
      return value_error(at, "could not be checked against its pattern " + source + " (" + e.what() + ")");
    }
    if (!found) return value_error(at, "must match the pattern " + source + ", got " + quoted(text));
  }
  if (is_text(k.format, "date-time") && !is_date_time(text))
    return value_error(at, "expected a date-time like 2026-03-02T09:00:00Z (RFC 3339), got " + quoted(text));
  return std::nullopt;
}

std::optional<ArgumentError> check_array(const Keywords& k, const Json& array, const Path* at) {
  if (k.min_items != nullptr && k.min_items->is_number() && as_long_double(*k.min_items) > array.size())
    return value_error(at, "must have at least " + plural(k.min_items->get<uint64_t>(), "item") + ", got " +
                               std::to_string(array.size()));
  if (k.max_items != nullptr && k.max_items->is_number() && as_long_double(*k.max_items) < array.size())
    return value_error(at, "must have at most " + plural(k.max_items->get<uint64_t>(), "item") + ", got " +
                               std::to_string(array.size()));
  if (k.items != nullptr && k.items->is_object()) {
    const Json::array_t& elements = array.get_ref<const Json::array_t&>();
    for (size_t i = 0; i < elements.size(); ++i) {
      Path element{at, {}, i, true};
      if (auto error = check_value(*k.items, elements[i], &element)) return error;
    }
  }
  return std::nullopt;
}

std::optional<ArgumentError> check_value(const Json& schema, const Json& value, const Path* at) {
  const Keywords k = read_keywords(schema);
  if (k.type != nullptr && k.type->is_string()) {
    const std::string& name = k.type->get_ref<const std::string&>();
    if (!matches_type(name, value)) return value_error(at, "expected " + name + ", got " + describe(value));
  }
  if (k.allowed != nullptr && k.allowed->is_array()) {
    bool found = false;
    for (const Json& candidate : *k.allowed) found = found || candidate == value;
    if (!found) {
      std::string list;
      for (size_t i = 0; i < k.allowed->size() && i < kMaxListedEnumValues; ++i) {
        if (i > 0) list += ", ";
        list += short_value((*k.allowed)[i]);
      }
      if (k.allowed->size() > kMaxListedEnumValues) list += ", ...";
      return value_error(at, "expected one of " + list + ", got " + short_value(value));
    }
  }
  if (value.is_number()) {
    // An integer argument reaches Lua as a 64-bit integer: 18446744073709551615 would arrive as -1 and
    // 1e300 as a float no column or counter takes, so both are refused here, before the bounds.
    if (is_text(k.type, "integer") && !fits_int64(value))
      return value_error(at, "must be an integer from -9223372036854775808 to 9223372036854775807, got " + dump(value));
    if (k.minimum != nullptr && k.minimum->is_number() && as_long_double(value) < as_long_double(*k.minimum))
      return value_error(at, "must be >= " + dump(*k.minimum) + ", got " + dump(value));
    if (k.maximum != nullptr && k.maximum->is_number() && as_long_double(value) > as_long_double(*k.maximum))
      return value_error(at, "must be <= " + dump(*k.maximum) + ", got " + dump(value));
  } else if (value.is_string()) {
    return check_string(k, value.get_ref<const std::string&>(), at);
  } else if (value.is_array()) {
    return check_array(k, value, at);
  } else if (value.is_object()) {
    return check_object(k, value, at);
  }
  return std::nullopt;
}

// After a successful check: fills defaults of missing optional fields and stores integral floats of
// integer fields as integers (Lua tells 3 from 3.0, and a tool should not see "3.0").
void apply_defaults(const Json& schema, Json& value) {
  if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    // Only a `number` gets here (an integer this large was refused): Lua's integers are 64-bit signed,
    // so it goes on as the double it is closest to rather than wrapping round to a negative.
    value = static_cast<double>(value.get<uint64_t>());
  } else if (value.is_number_float()) {
    const Json* type = member(schema, "type");
    double d = value.get<double>();
    if (is_text(type, "integer") && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
      value = static_cast<int64_t>(d);
  } else if (value.is_object()) {
    const Json* properties = member(schema, "properties");
    if (properties == nullptr || !properties->is_object()) return;
    Json::object_t& fields = value.get_ref<Json::object_t&>();
    for (const auto& [name, property] : properties->get_ref<const Json::object_t&>()) {
      auto present = fields.find(name);
      if (present != fields.end()) {
        apply_defaults(property, present->second);
      } else if (const Json* fallback = member(property, "default")) {
        fields.emplace(name, *fallback);
      }
    }
  } else if (value.is_array()) {
    const Json* items = member(schema, "items");
    if (items == nullptr) return;
    for (Json& element : value.get_ref<Json::array_t&>()) apply_defaults(*items, element);
  }
}

// ---------------------------------------------------------------------------------------------------
// Building schemas from declarations.

enum TypeBit : unsigned {
  kString = 1, kInteger = 2, kNumber = 4, kBoolean = 8, kObject = 16, kArray = 32,
  kScalar = kString | kInteger | kNumber | kBoolean,
  kAny = kScalar | kObject | kArray,
};

struct TypeName {
  const char* name;
  unsigned bit;
};
constexpr TypeName kTypes[] = {{"string", kString}, {"integer", kInteger}, {"number", kNumber},
                               {"boolean", kBoolean}, {"object", kObject},  {"array", kArray}};
constexpr const char* kTypeList = "string, integer, number, boolean, object, array";

struct Keyword {
  const char* name;
  unsigned applies_to;
  const char* applies_to_text;
};
// Sorted by name so the list in "unknown keyword" messages reads in order.
constexpr Keyword kKeywords[] = {
    {"default", kAny, ""},          {"description", kAny, ""},
    {"enum", kScalar, "string, integer, number and boolean"},
    {"format", kString, "string"},  {"items", kArray, "array"},
    {"maxItems", kArray, "array"},  {"maxLength", kString, "string"},
    {"maximum", kInteger | kNumber, "integer and number"},
    {"minItems", kArray, "array"},  {"minLength", kString, "string"},
    {"minimum", kInteger | kNumber, "integer and number"},
    {"pattern", kString, "string"}, {"properties", kObject, "object"},
    {"required", kAny, ""},         {"type", kAny, ""},
};

const Keyword* find_keyword(const std::string& name) {
  for (const Keyword& keyword : kKeywords)
    if (name == keyword.name) return &keyword;
  return nullptr;
}

std::string keyword_list() {
  std::string list;
  for (const Keyword& keyword : kKeywords) {
    if (!list.empty()) list += ", ";
    list += keyword.name;
  }
  return list;
}

bool is_empty_table(const Json& value) { return value.is_null() || (value.is_array() && value.empty()); }

class SchemaBuilder {
 public:
  explicit SchemaBuilder(const std::string& where) : where_(where) {}

  // {"type":"object","properties",...,"required",...,"additionalProperties":false} from a map of
  // field name -> declaration. `prefix` names the enclosing parameter in messages ("customer.").
  Json object_schema(const Json& declared, const std::string& prefix) {
    Json properties = Json::object();
    Json required = Json::array();
    if (declared.is_object()) {
      for (auto it = declared.begin(); it != declared.end(); ++it) {
        if (it.key().empty()) {
          if (prefix.empty()) throw AuthoringError(where_ + ": a parameter has an empty name");
          fail(prefix.substr(0, prefix.size() - 1), "a field has an empty name");
        }
        bool is_required = false;
        properties[it.key()] = property(it.value(), prefix + it.key(), true, is_required);
        if (is_required) required.push_back(it.key());  // object keys iterate sorted: so is this
      }
    }
    return Json{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)},
                {"additionalProperties", false}};
  }

  Json property(const Json& declared, const std::string& name, bool may_be_required, bool& is_required) {
    if (!declared.is_object())
      fail(name, "expected a table such as { type = \"string\" }, got " + describe(declared));
    for (auto it = declared.begin(); it != declared.end(); ++it)
      if (find_keyword(it.key()) == nullptr)
        fail(name, "unknown keyword '" + it.key() + "' (known: " + keyword_list() + ")");

    const Json* type = member(declared, "type");
    if (type == nullptr) fail(name, std::string("missing 'type' (one of ") + kTypeList + ")");
    const TypeName* type_name = nullptr;
    for (const TypeName& candidate : kTypes)
      if (is_text(type, candidate.name)) type_name = &candidate;
    if (type_name == nullptr)
      fail(name, "unknown type " + short_value(*type) + " (one of " + kTypeList + ")");
    for (auto it = declared.begin(); it != declared.end(); ++it) {
      const Keyword* keyword = find_keyword(it.key());
      if ((keyword->applies_to & type_name->bit) == 0)
        fail(name, "'" + it.key() + "' does not apply to type " + type_name->name + " (only to " +
                       keyword->applies_to_text + ")");
    }

    Json out = {{"type", type_name->name}};
    if (const Json* flag = member(declared, "required")) {
      if (!flag->is_boolean()) fail(name, "'required' must be true or false, got " + describe(*flag));
      if (!may_be_required)
        fail(name, "'required' cannot be set on array items (mark the item's own fields required inside "
                   "its 'properties')");
      is_required = flag->get<bool>();
    }
    if (const Json* description = member(declared, "description")) {
      if (!description->is_string()) fail(name, "'description' must be a string, got " + describe(*description));
      out["description"] = *description;
    }
    bounds(declared, name, "minimum", "maximum", false, out);
    bounds(declared, name, "minLength", "maxLength", true, out);
    bounds(declared, name, "minItems", "maxItems", true, out);
    if (const Json* pattern = member(declared, "pattern")) {
      if (!pattern->is_string()) fail(name, "'pattern' must be a string, got " + describe(*pattern));
      try {
        regex_cache().get(pattern->get_ref<const std::string&>());  // also warms the cache
      } catch (const std::regex_error& e) {
        fail(name, "'pattern' " + quoted(pattern->get_ref<const std::string&>()) +
                       " is not a valid ECMAScript regular expression (" + e.what() + ")");
      }
      out["pattern"] = *pattern;
    }
    if (const Json* format = member(declared, "format")) {
      if (!is_text(format, "date-time")) fail(name, "unknown format " + short_value(*format) + " (supported: date-time)");
      out["format"] = *format;
    }
    if (const Json* items = member(declared, "items")) {
      bool ignored = false;
      out["items"] = property(*items, name + "[]", false, ignored);
    }
    if (const Json* properties = member(declared, "properties")) {
      if (!properties->is_object() && !is_empty_table(*properties))
        fail(name, "'properties' must be a table mapping field names to their schemas, got " +
                       describe(*properties));
      Json object = object_schema(*properties, name + ".");
      for (auto it = object.begin(); it != object.end(); ++it) out[it.key()] = it.value();
    }
    if (const Json* allowed = member(declared, "enum")) {
      if (!allowed->is_array() || allowed->empty())
        fail(name, "'enum' must be a non-empty list of allowed values, got " + describe(*allowed));
      Json values = *allowed;
      for (Json& value : values) {
        if (auto error = check_value(out, value, nullptr))
          fail(name, "enum value " + short_value(value) + " does not fit the parameter: " + error->message);
        apply_defaults(out, value);
      }
      out["enum"] = std::move(values);
    }
    if (const Json* fallback = member(declared, "default")) {
      if (is_required)
        fail(name, "has a default but is required (a default only applies to an optional parameter)");
      Json value = *fallback;
      if (auto error = check_value(out, value, nullptr))
        fail(name, "default " + short_value(value) + " is not a valid value: " + error->message);
      apply_defaults(out, value);
      out["default"] = std::move(value);
    }
    return out;
  }

  [[noreturn]] void fail(const std::string& name, const std::string& what) const {
    throw AuthoringError(where_ + ": parameter '" + name + "': " + what);
  }

 private:
  // A lower/upper bound pair: numbers, or counts (non-negative integers); lower must not exceed upper.
  void bounds(const Json& declared, const std::string& name, const char* lower, const char* upper,
              bool counts, Json& out) const {
    const Json* low = member(declared, lower);
    const Json* high = member(declared, upper);
    for (auto [keyword, value] : {std::pair{lower, low}, std::pair{upper, high}}) {
      if (value == nullptr) continue;
      if (counts) {
        bool ok = value->is_number_unsigned() || (value->is_number_integer() && value->get<int64_t>() >= 0);
        if (!ok) fail(name, std::string("'") + keyword + "' must be a non-negative integer, got " + describe(*value));
      } else if (!value->is_number() || !std::isfinite(value->get<double>())) {
        fail(name, std::string("'") + keyword + "' must be a number, got " + describe(*value));
      }
      out[keyword] = *value;
    }
    if (low != nullptr && high != nullptr && as_long_double(*low) > as_long_double(*high))
      fail(name, std::string(lower) + " " + dump(*low) + " is greater than " + upper + " " + dump(*high));
  }

  const std::string& where_;
};

}  // namespace

Json build_parameters_schema(const Json& declared, const std::string& where) {
  if (!declared.is_object() && !is_empty_table(declared))
    throw AuthoringError(where + ": parameters must be a table mapping argument names to their schemas, got " +
                         describe(declared));
  return SchemaBuilder(where).object_schema(declared, "");
}

std::optional<ArgumentError> validate_arguments(const Json& schema, Json& args) {
  if (!args.is_object())
    return ArgumentError{"", "arguments must be a JSON object, got " + describe(args)};
  if (auto error = check_object(read_keywords(schema), args, nullptr)) return error;
  apply_defaults(schema, args);
  return std::nullopt;
}

}  // namespace opsgym
