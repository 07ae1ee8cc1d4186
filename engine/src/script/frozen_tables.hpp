#pragma once
// Read-only tables, frozen in place: a file's tables (constants, lookup maps, a module's functions) are
// shared by every episode a runtime serves, so once loaded they must not change.
//
// Freezing moves a table's contents into a hidden table and gives the table a metatable that reads
// from it (__index, __len, __pairs) and refuses every write (__newindex). The table keeps its identity,
// so every reference to it sees the frozen table. Scripts read it as before: t.k, t[i], #t, pairs,
// ipairs, table.concat, table.unpack and json.encode see the contents; rawget, rawlen and next see only
// what stays in the table itself, its metamethod fields (string keys starting with "__", kept in place
// so a frozen table still works as another table's metatable; those fields stay assignable: Lua reads
// and writes a present field without asking the metatable). The table's own metatable, if it had one,
// becomes the hidden table's, so its __index still answers what the table lacks, and its other
// metamethods (__call, __eq, __tostring, ...) are copied over.
#include <lua.hpp>

namespace opsgym::lua {

// Freezes the table at `index` (one that is not frozen yet).
void freeze_table(lua_State* L, int index);
bool is_frozen(lua_State* L, int index);
// If the table at `index` is frozen, pushes the table holding its contents and returns true; else
// pushes nothing and returns false.
bool push_frozen_contents(lua_State* L, int index);

}  // namespace opsgym::lua
