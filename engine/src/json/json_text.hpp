#pragma once
// JSON text of a value, as every trajectory record and server answer carries it: byte for byte what
// nlohmann's compact dump gives with invalid UTF-8 replaced (U+FFFD), only faster. nlohmann writes a
// character at a time through a virtual call; a step's output (hundreds of values) spent more time
// there than in its SQL. Here strings (escapes and UTF-8 as nlohmann writes them) and integers are
// appended in runs; text that is not UTF-8, and floats, go through nlohmann itself.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace opsgym {

// Appends the compact JSON text of `value` to `out`.
void append_json_text(std::string& out, const nlohmann::json& value);

// Appends `text` as a JSON string, exactly as append_json_text writes a string value.
void append_json_string(std::string& out, std::string_view text);

// How many bytes at the start of `text` a JSON string holds as they are (printable ASCII but '"' and
// '\\'): when that is all of it, the string's text is `text` in quotes.
size_t plain_json_prefix(std::string_view text);

// Appends `"key":` to an object's text, after a ',' when a member came before it.
void append_json_key(std::string& out, std::string_view key, bool after_member);

// Adds `"key":value_text` as the last member of the JSON object text `object` (it ends with '}').
// For a value already written as JSON text (a cached listing, a tool's output): it is not parsed or
// serialized again. The caller keeps members in the order json_text would (keys sorted).
void append_json_member(std::string& object, std::string_view key, std::string_view value_text);

inline std::string json_text(const nlohmann::json& value) {
  std::string out;
  append_json_text(out, value);
  return out;
}

}  // namespace opsgym
