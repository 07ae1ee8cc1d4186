#pragma once
// version_cache(max_versions): the one place a script may keep something between calls, made safe by
// construction. Entries belong to the World data version (db.version()) current when they were stored,
// and a read sees only the entries of the version current now. No two episodes share a version (one
// moves with every change, and a fork shares it only while its data is the same), so no episode can see
// what another stored; within one version the data is the same, so what was derived from it still
// holds. It is a userdata: it cannot be iterated, and it keeps at most `max_versions` versions (then it
// starts empty again).
#include <lua.hpp>

namespace opsgym::lua {

// Installs the version_cache global (before the globals are frozen).
void install_version_cache(lua_State* L);
// Whether the value at `index` is a version cache (the load-time seal lets it through).
bool is_version_cache(lua_State* L, int index);

}  // namespace opsgym::lua
