#include "script/version_cache.hpp"

#include "script/context.hpp"

namespace opsgym::lua {
namespace {

const char* const kVersionCacheMeta = "opsgym.version_cache";
constexpr lua_Integer kMaxVersionsCeiling = 65536;  // a larger bound would only hold dead versions

struct VersionCache {
  lua_Integer max_versions = 0;
  lua_Integer versions = 0;  // kept in the storage table (user value 1): version → {key → value}
};

VersionCache& check_cache(lua_State* L) {
  return *static_cast<VersionCache*>(luaL_checkudata(L, 1, kVersionCacheMeta));
}

// Pushes the entries of the current version (a new table when `create`, else nil when there are none).
void push_entries(lua_State* L, VersionCache& cache, bool create) {
  const auto version = static_cast<lua_Integer>(context_of(L).world->data_version());
  lua_getiuservalue(L, 1, 1);
  if (lua_rawgeti(L, -1, version) != LUA_TNIL || !create) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 1);
  if (cache.versions >= cache.max_versions) {  // full: versions of closed episodes never come back
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, 1);
    cache.versions = 0;
  }
  lua_newtable(L);
  lua_pushvalue(L, -1);
  lua_rawseti(L, -3, version);
  ++cache.versions;
  lua_remove(L, -2);
}

int cache_get(lua_State* L) {
  VersionCache& cache = check_cache(L);
  push_entries(L, cache, false);
  if (lua_isnil(L, -1)) return 1;
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  return 1;
}

int cache_set(lua_State* L) {
  VersionCache& cache = check_cache(L);
  if (lua_isnil(L, 2)) return luaL_error(L, "version_cache: a key cannot be nil");
  push_entries(L, cache, true);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_rawset(L, -3);
  return 0;
}

int new_cache(lua_State* L) {
  const lua_Integer max_versions = luaL_checkinteger(L, 1);
  luaL_argcheck(L, max_versions >= 1 && max_versions <= kMaxVersionsCeiling, 1,
                "version_cache keeps 1 to 65536 versions (kMaxVersionsCeiling)");
  auto* cache = static_cast<VersionCache*>(lua_newuserdatauv(L, sizeof(VersionCache), 1));
  *cache = VersionCache{max_versions, 0};
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);
  luaL_setmetatable(L, kVersionCacheMeta);
  return 1;
}

}  // namespace

void install_version_cache(lua_State* L) {
  luaL_newmetatable(L, kVersionCacheMeta);
  lua_pushcfunction(L, cache_get);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, cache_set);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "version_cache");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
  lua_pushcfunction(L, new_cache);
  lua_setglobal(L, "version_cache");
}

bool is_version_cache(lua_State* L, int index) { return luaL_testudata(L, index, kVersionCacheMeta) != nullptr; }

}  // namespace opsgym::lua
