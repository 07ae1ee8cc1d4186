#include "json/json_text.hpp"

#include <charconv>

namespace opsgym {
namespace {

using Json = nlohmann::json;

// Printable ASCII other than '"' and '\\': copied as is by nlohmann too.
bool is_plain(const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
  return true;
}

void append_nlohmann(std::string& out, const Json& value) {
  out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void append_string(std::string& out, const std::string& text) {
  if (!is_plain(text)) return append_nlohmann(out, Json(text));
  out += '"';
  out += text;
  out += '"';
}

template <typename Integer>
void append_integer(std::string& out, Integer number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, end);
}

}  // namespace

void append_json_text(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: return append_integer(out, value.get<int64_t>());
    case Json::value_t::number_unsigned: return append_integer(out, value.get<uint64_t>());
    case Json::value_t::string: return append_string(out, value.get_ref<const std::string&>());
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ',';
        first = false;
        append_json_text(out, item);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append_json_text(out, item);
      }
      out += '}';
      return;
    }
    default: return append_nlohmann(out, value);  // floats (nlohmann's shortest form), binary, discarded
  }
}

}  // namespace opsgym
