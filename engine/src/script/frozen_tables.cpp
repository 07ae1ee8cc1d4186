#include "script/frozen_tables.hpp"

#include <cstring>
#include <initializer_list>

namespace opsgym::lua {
namespace {

// Its address is the key, in a frozen table's metatable, of the hidden contents table.
const char kContentsKey = 0;

bool is_metamethod_name(lua_State* L, int key) {
  if (lua_type(L, key) != LUA_TSTRING) return false;
  size_t size = 0;
  const char* name = lua_tolstring(L, key, &size);
  return size > 2 && name[0] == '_' && name[1] == '_';
}

// Metamethods the frozen table's metatable defines itself (or that only make sense on the original).
bool owned_by_freezing(const char* name) {
  for (const char* own : {"__index", "__newindex", "__len", "__pairs", "__metatable", "__mode", "__gc", "__close"}) {
    if (std::strcmp(name, own) == 0) return true;
  }
  return false;
}

int refuse_write(lua_State* L) {
  const char* key = luaL_tolstring(L, 2, nullptr);
  luaL_where(L, 1);  // the line of the script that assigns
  lua_pushfstring(L,
                  "file-level tables are read-only (frozen at load: a runtime serves every episode): keep episode "
                  "state in the database, not in Lua (assigning '%s')",
                  key);
  lua_concat(L, 2);
  return lua_error(L);
}

// The contents of the frozen table at 1 (its metatable's __index), pushed.
void push_contents_of_argument(lua_State* L) {
  lua_getmetatable(L, 1);
  lua_rawgetp(L, -1, &kContentsKey);
  lua_remove(L, -2);
}

int frozen_length(lua_State* L) {
  push_contents_of_argument(L);
  lua_len(L, -1);  // through the original metatable's __len, if it had one
  return 1;
}

int frozen_pairs(lua_State* L) {
  lua_pushcfunction(L, [](lua_State* S) -> int {
    lua_settop(S, 2);
    if (lua_next(S, 1)) return 2;
    lua_pushnil(S);  // the end
    return 1;
  });
  push_contents_of_argument(L);
  lua_pushnil(L);
  return 3;
}

}  // namespace

void freeze_table(lua_State* L, int index) {
  index = lua_absindex(L, index);
  lua_newtable(L);  // the contents
  const int contents = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, index)) {
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);
    lua_rawset(L, contents);
    if (!is_metamethod_name(L, -2)) {
      lua_pushvalue(L, -2);
      lua_pushnil(L);
      lua_rawset(L, index);  // clearing a present field during traversal is allowed
    }
    lua_pop(L, 1);
  }
  lua_createtable(L, 0, 6);  // the frozen table's metatable
  const int meta = lua_gettop(L);
  if (lua_getmetatable(L, index)) {
    const int original = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, original)) {
      if (is_metamethod_name(L, -2) && !owned_by_freezing(lua_tostring(L, -2))) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, meta);
      } else {
        lua_pop(L, 1);
      }
    }
    lua_setmetatable(L, contents);
  }
  lua_pushvalue(L, contents);
  lua_setfield(L, meta, "__index");
  lua_pushvalue(L, contents);
  lua_rawsetp(L, meta, &kContentsKey);
  lua_pushcfunction(L, refuse_write);
  lua_setfield(L, meta, "__newindex");
  lua_pushcfunction(L, frozen_length);
  lua_setfield(L, meta, "__len");
  lua_pushcfunction(L, frozen_pairs);
  lua_setfield(L, meta, "__pairs");
  lua_pushliteral(L, "frozen");
  lua_setfield(L, meta, "__metatable");
  lua_setmetatable(L, index);
  lua_pop(L, 1);  // contents
}

bool push_frozen_contents(lua_State* L, int index) {
  if (!lua_getmetatable(L, index)) return false;
  if (lua_rawgetp(L, -1, &kContentsKey) != LUA_TTABLE) {
    lua_pop(L, 2);
    return false;
  }
  lua_remove(L, -2);
  return true;
}

bool is_frozen(lua_State* L, int index) {
  if (!push_frozen_contents(L, index)) return false;
  lua_pop(L, 1);
  return true;
}

}  // namespace opsgym::lua
