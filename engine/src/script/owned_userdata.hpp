#pragma once
// A C++ object in a full userdata that the Lua state owns: built here, destroyed by its __gc when the
// state closes (or drops the last reference).
#include <new>

#include <lua.hpp>

namespace opsgym::lua {

// Pushes the userdata; the object lives as long as it does.
template <class T>
T& push_owned(lua_State* L) {
  T* object = new (lua_newuserdatauv(L, sizeof(T), 0)) T();
  lua_newtable(L);
  lua_pushcfunction(L, [](lua_State* S) -> int {
    static_cast<T*>(lua_touserdata(S, 1))->~T();
    return 0;
  });
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  return *object;
}

}  // namespace opsgym::lua
