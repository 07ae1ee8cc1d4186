#include "script/lua_json.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace opsgym::lua {
namespace {

const char* const kArrayMeta = "opsgym.array";
constexpr int kMaxDepth = 64;

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

Json table_to_json(lua_State* L, int index, int depth) {
  if (depth > kMaxDepth) throw std::runtime_error("cannot encode a table nested deeper than 64 (a cycle?)");
  index = lua_absindex(L, index);
  const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L, index));
  // A sequence 1..n is an array; so is an empty table marked as one. Records (no sequence part, the
  // common case) are read in one pass.
  lua_Integer keys = 0;
  if (length > 0) {
    lua_pushnil(L);
    while (lua_next(L, index)) {
      ++keys;
      lua_pop(L, 1);
    }
  }
  if (length > 0 && keys == length) {
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

void push_json(lua_State* L, const Json& value) {
  luaL_checkstack(L, 4, "JSON nested too deeply");
  switch (value.type()) {
    case Json::value_t::null: push_null(L); break;
    case Json::value_t::boolean: lua_pushboolean(L, value.get<bool>()); break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: lua_pushinteger(L, value.get<int64_t>()); break;
    case Json::value_t::number_float: lua_pushnumber(L, value.get<double>()); break;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      lua_pushlstring(L, text.data(), text.size());
      break;
    }
    case Json::value_t::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      lua_Integer i = 1;
      for (const auto& item : value) {
        push_json(L, item);
        lua_rawseti(L, -2, i++);
      }
      mark_array(L);
      break;
    }
    case Json::value_t::object: {
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (const auto& [key, item] : value.items()) {
        if (item.is_null()) continue;  // absent and null read the same in Lua: nil
        lua_pushlstring(L, key.data(), key.size());
        push_json(L, item);
        lua_rawset(L, -3);
      }
      break;
    }
    default: lua_pushnil(L);
  }
}

Json to_json(lua_State* L, int index) { return to_json_at(L, index, 0); }

}  // namespace opsgym::lua
