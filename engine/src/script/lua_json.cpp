#include "script/lua_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_read.hpp"
#include "json/json_text.hpp"
#include "script/frozen_tables.hpp"

namespace opsgym::lua {
namespace {

const char* const kArrayMeta = "opsgym.array";

Json to_json_at(lua_State* L, int index, int depth);

bool has_array_mark(lua_State* L, int index) {
  if (!lua_getmetatable(L, index)) return false;
  luaL_getmetatable(L, kArrayMeta);
  bool marked = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return marked;
}

// The key of the entry lua_next just pushed (at -2) as a JSON object key.
std::string object_key(lua_State* L) {
  if (lua_type(L, -2) == LUA_TSTRING) {
    size_t size = 0;
    const char* text = lua_tolstring(L, -2, &size);
    return {text, size};
  }
  if (lua_isinteger(L, -2)) return std::to_string(lua_tointeger(L, -2));
  std::string type = luaL_typename(L, -2);
  lua_pop(L, 2);
  throw std::runtime_error("cannot encode a table key of type " + type);
}

// Before descending into a table at `depth` (0 for the value itself, so it is nested depth + 1 levels):
// tables nest no deeper than JSON read from clients may (kMaxJsonDepth), which also ends a cycle. The
// encoders recurse, one call per level, so this bounds their stack. The Lua API promises only 20 free
// stack slots, and a nested table takes a few on every level. (lua_checkstack, not luaL_checkstack: we
// are outside any protected call.)
void enter_table(lua_State* L, int depth, int slots) {
  if (depth >= kMaxJsonDepth)
    throw std::runtime_error("cannot encode a table nested deeper than " + std::to_string(kMaxJsonDepth) +
                             " levels, the JSON nesting limit (a cycle?)");
  if (!lua_checkstack(L, slots)) throw std::runtime_error("cannot encode a table: no memory left for the Lua stack");
}

// The length of the table at `index` if it encodes as a non-empty array (a sequence 1..n and nothing
// else), else 0. Records (no sequence part, the common case) cost nothing here.
lua_Integer array_length(lua_State* L, int index) {
  const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L, index));
  if (length == 0) return 0;
  lua_Integer keys = 0;
  lua_pushnil(L);
  while (lua_next(L, index)) {
    ++keys;
    lua_pop(L, 1);
  }
  return keys == length ? length : 0;
}

Json table_to_json(lua_State* L, int index, int depth) {
  enter_table(L, depth, 4);
  index = lua_absindex(L, index);
  if (push_frozen_contents(L, index)) {  // a frozen file-level table encodes as its contents
    Json contents = table_to_json(L, -1, depth);
    lua_pop(L, 1);
    return contents;
  }
  // A sequence 1..n is an array; so is an empty table marked as one.
  if (const lua_Integer length = array_length(L, index)) {
    Json array = Json::array();
    auto& items = array.get_ref<Json::array_t&>();
    items.reserve(static_cast<size_t>(length));
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(L, index, i);
      items.push_back(to_json_at(L, -1, depth + 1));
      lua_pop(L, 1);
    }
    return array;
  }
  Json object = Json::object();
  auto& members = object.get_ref<Json::object_t&>();
  lua_pushnil(L);
  while (lua_next(L, index)) {
    std::string key = object_key(L);
    members.insert_or_assign(std::move(key), to_json_at(L, -1, depth + 1));
    lua_pop(L, 1);
  }
  if (members.empty() && has_array_mark(L, index)) return Json::array();
  return object;
}

// Text appended to a std::string through a pointer: the string is grown ahead (doubling) and cut back
// to what was written when the sink goes. A write is a bounds check and a copy, not a string append.
class TextSink {
 public:
  explicit TextSink(std::string& out) : out_(out), used_(out.size()) { out_.resize(used_ + kAhead); }
  ~TextSink() { out_.resize(used_); }
  TextSink(const TextSink&) = delete;
  TextSink& operator=(const TextSink&) = delete;

  // Room for `n` bytes, which the caller fills.
  char* room(size_t n) {
    if (used_ + n > out_.size()) out_.resize(std::max(used_ + n, out_.size() * 2));
    char* at = out_.data() + used_;
    used_ += n;
    return at;
  }
  void put(char c) { *room(1) = c; }
  void put(std::string_view text) { std::memcpy(room(text.size()), text.data(), text.size()); }
  // For what only a std::string writer writes (escapes, floats): the string as written so far.
  template <typename Write>
  void through_string(Write write) {
    out_.resize(used_);
    write(out_);
    used_ = out_.size();
    out_.resize(used_ + kAhead);
  }

 private:
  static constexpr size_t kAhead = 1024;  // most outputs fit: one allocation

  std::string& out_;
  size_t used_;
};

// Writes Lua values as JSON text, exactly as json_text(to_json(...)) would.
class TextWriter {
 public:
  TextWriter(std::string& out, lua_State* L) : sink_(out), L_(L) {}

  void value(int index, int depth) {
    switch (lua_type(L_, index)) {
      case LUA_TNIL: return sink_.put("null");
      case LUA_TBOOLEAN: return sink_.put(lua_toboolean(L_, index) ? "true" : "false");
      case LUA_TNUMBER:
        if (lua_isinteger(L_, index)) return integer(lua_tointeger(L_, index));
        return sink_.through_string([&](std::string& out) { opsgym::append_json_text(out, to_json_at(L_, index, depth)); });
      case LUA_TSTRING: {
        size_t size = 0;
        const char* text = lua_tolstring(L_, index, &size);
        return string('\0', {text, size}, '\0');
      }
      case LUA_TTABLE: return table(lua_absindex(L_, index), depth);
      case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L_, index) == nullptr) return sink_.put("null");
        [[fallthrough]];
      default:  // to_json's error
        sink_.through_string([&](std::string& out) { opsgym::append_json_text(out, to_json_at(L_, index, depth)); });
    }
  }

 private:
  // A record member: its key's text (a Lua string on the stack or in the table) and its value's slot.
  struct Member {
    std::string_view key;
    int slot;
  };

  // Byte order of the keys (std::string's), then the order lua_next gave them. Keys are short and
  // mostly differ early: compared inline, not through memcmp.
  static bool key_order(const Member& a, const Member& b) {
    const size_t common = std::min(a.key.size(), b.key.size());
    for (size_t i = 0; i < common; ++i) {
      const auto x = static_cast<unsigned char>(a.key[i]), y = static_cast<unsigned char>(b.key[i]);
      if (x != y) return x < y;
    }
    return a.key.size() != b.key.size() ? a.key.size() < b.key.size() : a.slot < b.slot;
  }

  void integer(lua_Integer number) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    sink_.put({digits, static_cast<size_t>(end - digits)});
  }

  // `before` (unless '\0'), `text` as a JSON string, then `after` (unless '\0'): a key with its ':' and
  // the ',' before it, or a value. Plain text is copied in between quotes.
  void string(char before, std::string_view text, char after) {
    if (plain_json_prefix(text) != text.size()) {
      return sink_.through_string([&](std::string& out) {
        if (before) out += before;
        append_json_string(out, text);
        if (after) out += after;
      });
    }
    char* at = sink_.room(text.size() + 2 + (before ? 1 : 0) + (after ? 1 : 0));
    if (before) *at++ = before;
    *at++ = '"';
    std::memcpy(at, text.data(), text.size());
    at += text.size();
    *at++ = '"';
    if (after) *at = after;
  }

  void table(int index, int depth) {
    enter_table(L_, depth, 4);
    if (push_frozen_contents(L_, index)) {  // a frozen file-level table encodes as its contents
      table(lua_gettop(L_), depth);
      lua_pop(L_, 1);
      return;
    }
    if (const lua_Integer length = array_length(L_, index)) {
      sink_.put('[');
      for (lua_Integer i = 1; i <= length; ++i) {
        if (i > 1) sink_.put(',');
        lua_rawgeti(L_, index, i);
        value(-1, depth + 1);
        lua_pop(L_, 1);
      }
      sink_.put(']');
      return;
    }
    record(index, depth);
  }

  // Members in the order nlohmann's object keeps them (sorted keys). Keys 1 and "1" are one JSON key:
  // as in table_to_json, the one lua_next gives last wins. Members of nested records go on after this
  // record's in `members_` and are gone again before the next member is written.
  void record(int index, int depth) {
    const int top = lua_gettop(L_);
    const size_t first = members_.size();
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      if (!lua_checkstack(L_, 4)) throw std::runtime_error("cannot encode a table: no memory left for the Lua stack");
      // Each value stays on the stack below the key lua_next needs next.
      size_t size = 0;
      const char* key = nullptr;
      if (lua_type(L_, -2) == LUA_TSTRING) {
        key = lua_tolstring(L_, -2, &size);  // the table keeps it alive
        lua_insert(L_, -2);                  // value, key
      } else {                               // an integer key: its text stays on the stack too
        const std::string number = object_key(L_);
        lua_pushlstring(L_, number.data(), number.size());
        key = lua_tolstring(L_, -1, &size);
        lua_insert(L_, -3);  // text, key, value
        lua_insert(L_, -2);  // text, value, key
      }
      members_.push_back({{key, size}, lua_gettop(L_) - 1});
    }
    const size_t last = members_.size();
    if (first == last) {
      sink_.put(has_array_mark(L_, index) ? "[]" : "{}");
      return;
    }
    std::sort(members_.begin() + static_cast<std::ptrdiff_t>(first), members_.end(), key_order);
    char before = '{';
    for (size_t i = first; i < last; ++i) {
      if (i + 1 < last && members_[i + 1].key == members_[i].key) continue;  // a later one wins
      string(before, members_[i].key, ':');
      before = ',';
      const int slot = members_[i].slot;  // a copy: nested records append to members_ and may move it
      value(slot, depth + 1);
    }
    sink_.put('}');
    members_.resize(first);
    lua_settop(L_, top);
  }

  TextSink sink_;
  lua_State* L_;
  std::vector<Member> members_;
};

Json to_json_at(lua_State* L, int index, int depth) {
  switch (lua_type(L, index)) {
    case LUA_TNIL: return nullptr;
    case LUA_TBOOLEAN: return static_cast<bool>(lua_toboolean(L, index));
    case LUA_TNUMBER: {
      if (lua_isinteger(L, index)) return static_cast<int64_t>(lua_tointeger(L, index));
      double number = lua_tonumber(L, index);
      if (!std::isfinite(number)) throw std::runtime_error("cannot encode a non-finite number");
      return number;
    }
    case LUA_TSTRING: {
      size_t size = 0;
      const char* text = lua_tolstring(L, index, &size);
      return std::string(text, size);
    }
    case LUA_TTABLE: return table_to_json(L, index, depth);
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, index) == nullptr) return nullptr;
      [[fallthrough]];
    default: throw std::runtime_error(std::string("cannot encode a value of type ") + luaL_typename(L, index));
  }
}

}  // namespace

void install_json_support(lua_State* L) {
  luaL_newmetatable(L, kArrayMeta);
  // Every array shares this metatable, across episodes: getmetatable hands out this string instead, so
  // no script can write to it (or swap an array's metatable).
  lua_pushliteral(L, "array");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

void push_null(lua_State* L) { lua_pushlightuserdata(L, nullptr); }

bool is_null(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == nullptr;
}

void mark_array(lua_State* L) {
  luaL_getmetatable(L, kArrayMeta);
  lua_setmetatable(L, -2);
}

namespace {

// Pushes `value` if it is not an array or object and returns false; else pushes its table, still empty,
// and returns true.
bool push_scalar_or_table(lua_State* L, const Json& value) {
  luaL_checkstack(L, 3, "JSON nested too deeply");  // this value, and a key and value in it
  switch (value.type()) {
    case Json::value_t::null: push_null(L); return false;
    case Json::value_t::boolean: lua_pushboolean(L, value.get<bool>()); return false;
    case Json::value_t::number_integer: lua_pushinteger(L, value.get<int64_t>()); return false;
    case Json::value_t::number_unsigned: {
      // Past int64 a Lua integer would wrap (18446744073709551615 became -1 and passed `>= 1` checks):
      // such a number arrives as the nearest float, as any JSON number no integer holds.
      const uint64_t u = value.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) lua_pushnumber(L, static_cast<double>(u));
      else lua_pushinteger(L, static_cast<lua_Integer>(u));
      return false;
    }
    case Json::value_t::number_float: lua_pushnumber(L, value.get<double>()); return false;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      lua_pushlstring(L, text.data(), text.size());
      return false;
    }
    case Json::value_t::array:
      lua_createtable(L, static_cast<int>(value.size()), 0);
      mark_array(L);
      return true;
    case Json::value_t::object: lua_createtable(L, 0, static_cast<int>(value.size())); return true;
    default: lua_pushnil(L); return false;
  }
}

// An array or object whose table is being filled (it is on the Lua stack): the item or member next.
struct OpenTable {
  bool is_object;
  lua_Integer index = 0;  // of the last item set
  Json::array_t::const_iterator item, items_end;
  Json::object_t::const_iterator member, members_end;
};

OpenTable open_table(const Json& value) {
  OpenTable open{value.is_object(), 0, {}, {}, {}, {}};
  if (open.is_object) {
    const auto& members = value.get_ref<const Json::object_t&>();
    open.member = members.begin();
    open.members_end = members.end();
  } else {
    const auto& items = value.get_ref<const Json::array_t&>();
    open.item = items.begin();
    open.items_end = items.end();
  }
  return open;
}

// Sets the value at the top of the stack into the table being filled below it (below its key, for an
// object).
void set_in(lua_State* L, OpenTable& open) {
  if (open.is_object) {
    lua_rawset(L, -3);
  } else {
    lua_rawseti(L, -2, ++open.index);
  }
}

}  // namespace

// Iterative, not recursive: the tables being filled sit on the Lua stack and where each one is in its
// JSON value in `open`, so no depth can overflow the thread's stack (JSON from outside is bounded to
// kMaxJsonDepth levels where it is read; see json_read.hpp).
void push_json(lua_State* L, const Json& value) {
  if (!push_scalar_or_table(L, value)) return;
  std::vector<OpenTable> open{open_table(value)};
  while (!open.empty()) {
    OpenTable& top = open.back();
    const Json* next = nullptr;
    if (top.is_object) {
      if (top.member == top.members_end) {
        open.pop_back();
        if (!open.empty()) set_in(L, open.back());
        continue;
      }
      const auto& [key, item] = *top.member++;
      if (item.is_null()) continue;  // absent and null read the same in Lua: nil
      lua_pushlstring(L, key.data(), key.size());
      next = &item;
    } else {
      if (top.item == top.items_end) {
        open.pop_back();
        if (!open.empty()) set_in(L, open.back());
        continue;
      }
      next = &*top.item++;
    }
    if (push_scalar_or_table(L, *next)) {
      open.push_back(open_table(*next));  // may move `top`: not used after this
    } else {
      set_in(L, top);
    }
  }
}

Json to_json(lua_State* L, int index) { return to_json_at(L, index, 0); }

void append_json_text(std::string& out, lua_State* L, int index) { TextWriter(out, L).value(index, 0); }

}  // namespace opsgym::lua
