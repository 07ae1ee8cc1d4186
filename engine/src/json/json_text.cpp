#include "json/json_text.hpp"

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <stdexcept>
#include <vector>

namespace opsgym {
namespace {

using Json = nlohmann::json;

// The length of the well-formed UTF-8 sequence at `p` (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF, exactly what nlohmann accepts), or 0.
size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  auto continuation = [&](size_t i, unsigned char low = 0x80, unsigned char high = 0xBF) {
    return p + i < end && p[i] >= low && p[i] <= high;
  };
  const unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return continuation(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const bool second = c == 0xE0 ? continuation(1, 0xA0) : c == 0xED ? continuation(1, 0x80, 0x9F) : continuation(1);
    return second && continuation(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const bool second = c == 0xF0 ? continuation(1, 0x90) : c == 0xF4 ? continuation(1, 0x80, 0x8F) : continuation(1);
    return second && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

void append_nlohmann(std::string& out, const Json& value) {
  out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The bytes a JSON string holds as they are: printable ASCII but '"' and '\\'.
constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// True when none of the eight bytes at `p` needs care: none is below 0x20, is '"' or '\\' (then that byte
// of word ^ pattern is zero), or has its high bit set. Each test is exact for the word as a whole.
bool plain_word(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
  auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  uint64_t word;
  std::memcpy(&word, p, 8);
  const uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
  return !(below_space | has_zero_byte(word ^ (kOnes * '"')) | has_zero_byte(word ^ (kOnes * '\\')) | (word & kHighs));
}

}  // namespace

// Eight bytes at a time; the last word may overlap the one before it.
size_t plain_json_prefix(std::string_view text) {
  const size_t size = text.size();
  size_t i = 0;
  while (i + 8 <= size && plain_word(text.data() + i)) i += 8;
  if (i + 8 > size && size >= 8 && plain_word(text.data() + size - 8)) return size;
  while (i < size && kPlain[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}

namespace {

// `before` (unless '\0'), `text` quoted, then `after` (unless '\0'), in one append when `text` is plain
// and short, as keys and most values are.
bool append_plain_quoted(std::string& out, char before, std::string_view text, char after) {
  constexpr size_t kShort = 61;
  if (text.size() > kShort || plain_json_prefix(text) != text.size()) return false;
  char buffer[kShort + 4];
  char* end = buffer;
  if (before) *end++ = before;
  *end++ = '"';
  std::memcpy(end, text.data(), text.size());
  end += text.size();
  *end++ = '"';
  if (after) *end++ = after;
  out.append(buffer, static_cast<size_t>(end - buffer));
  return true;
}

template <typename Integer>
void append_integer(std::string& out, Integer number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, end);
}

}  // namespace

// '"' and '\\' escaped, control bytes as \b \f \n \r \t or \u00xx, UTF-8 kept, as nlohmann writes
// them. Text that is not UTF-8 goes to nlohmann, whose replacement rules apply.
void append_json_string(std::string& out, std::string_view text) {
  static const char* const kHex = "0123456789abcdef";
  if (append_plain_quoted(out, '\0', text, '\0')) return;
  const size_t start = out.size();
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const auto* run = p;
    p += plain_json_prefix({reinterpret_cast<const char*>(p), static_cast<size_t>(end - p)});
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    if (p == end) break;
    const unsigned char c = *p;
    if (c >= 0x80) {
      const size_t length = utf8_sequence(p, end);
      if (length == 0) {
        out.resize(start);
        return append_nlohmann(out, Json(std::string(text)));
      }
      out.append(reinterpret_cast<const char*>(p), length);
      p += length;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    ++p;
  }
  out += '"';
}

namespace {

void append_scalar(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: return append_integer(out, value.get<int64_t>());
    case Json::value_t::number_unsigned: return append_integer(out, value.get<uint64_t>());
    case Json::value_t::string: return append_json_string(out, value.get_ref<const std::string&>());
    default: return append_nlohmann(out, value);  // floats (nlohmann's shortest form), binary, discarded
  }
}

// An array or object whose text is being written: the item or member to write next.
struct Open {
  bool is_object;
  bool first = true;
  Json::array_t::const_iterator item, items_end;
  Json::object_t::const_iterator member, members_end;
};

// Writes '[' or '{' and records where `value`'s items start.
void open_structure(std::string& out, std::pmr::vector<Open>& open, const Json& value) {
  Open o{value.is_object(), true, {}, {}, {}, {}};
  if (o.is_object) {
    const auto& members = value.get_ref<const Json::object_t&>();
    o.member = members.begin();
    o.members_end = members.end();
    out += '{';
  } else {
    const auto& items = value.get_ref<const Json::array_t&>();
    o.item = items.begin();
    o.items_end = items.end();
    out += '[';
  }
  open.push_back(o);
}

}  // namespace

// Iterative, not recursive: the arrays and objects open sit in `open`, so a value of any depth is
// written within a fixed amount of the thread's stack. Up to 32 levels fit in `inline_frames`; deeper
// ones go to the heap.
void append_json_text(std::string& out, const Json& value) {
  if (!value.is_array() && !value.is_object()) return append_scalar(out, value);
  alignas(Open) std::byte inline_frames[32 * sizeof(Open)];
  std::pmr::monotonic_buffer_resource arena(inline_frames, sizeof inline_frames);
  std::pmr::vector<Open> open(&arena);
  open.reserve(32);
  open_structure(out, open, value);
  while (!open.empty()) {
    Open& top = open.back();
    const Json* next = nullptr;
    if (top.is_object) {
      if (top.member == top.members_end) {
        out += '}';
        open.pop_back();
        continue;
      }
      append_json_key(out, top.member->first, !top.first);
      next = &top.member->second;
      ++top.member;
    } else {
      if (top.item == top.items_end) {
        out += ']';
        open.pop_back();
        continue;
      }
      if (!top.first) out += ',';
      next = &*top.item;
      ++top.item;
    }
    top.first = false;
    if (next->is_array() || next->is_object()) {
      open_structure(out, open, *next);  // may move `top`: not used after this
    } else {
      append_scalar(out, *next);
    }
  }
}

void append_json_key(std::string& out, std::string_view key, bool after_member) {
  if (append_plain_quoted(out, after_member ? ',' : '\0', key, ':')) return;
  if (after_member) out += ',';
  append_json_string(out, key);
  out += ':';
}

void append_json_member(std::string& object, std::string_view key, std::string_view value_text) {
  if (object.empty() || object.back() != '}') throw std::invalid_argument("append_json_member: not a JSON object");
  object.pop_back();
  if (object.back() != '{') object += ',';
  append_json_string(object, key);
  object += ':';
  object += value_text;
  object += '}';
}

}  // namespace opsgym
