#include "script/column_names.hpp"

#include <cstdint>
#include <cstring>

#include "script/owned_userdata.hpp"

namespace opsgym::lua {
namespace {

const char kColumnNamesKey = 0;  // its address is the registry key

}  // namespace

void ColumnNames::push(lua_State* L, const char* name) {
  if (!name) luaL_error(L, "out of memory reading a column name");  // SQLite's only reason for none
  // Fibonacci hashing of the address: episodes allocate their statements alike, so the low bits of
  // their names' addresses repeat from one episode to the next.
  const uint64_t hash = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(name)) * 0x9e3779b97f4a7c15ULL;
  Slot& slot = slots_[hash >> (64 - kSlotBits)];
  if (slot.address == name) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, slot.ref);
    // The text is compared too: a finalized statement's address may come back holding another name.
    if (std::strcmp(lua_tostring(L, -1), name) == 0) return;
    lua_pop(L, 1);
  }
  lua_pushstring(L, name);
  lua_pushvalue(L, -1);
  if (slot.ref == LUA_NOREF) {
    slot.ref = luaL_ref(L, LUA_REGISTRYINDEX);
  } else {
    lua_rawseti(L, LUA_REGISTRYINDEX, slot.ref);
  }
  slot.address = name;
}

void install_column_names(lua_State* L) {
  push_owned<ColumnNames>(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kColumnNamesKey);
}

ColumnNames& column_names_of(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kColumnNamesKey);
  auto* names = static_cast<ColumnNames*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  if (!names) luaL_error(L, "the column-name cache is not installed");
  return *names;
}

}  // namespace opsgym::lua
