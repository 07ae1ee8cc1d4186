#pragma once
// Column names as Lua strings, found by the address SQLite keeps each name at. Every row a query gives a
// script is a table keyed by column name, and interning the same few names anew for each row cost more
// than a tenth of building the rows: Lua's own cache of C strings is keyed by address too, but it holds
// 106, while the statements of the dozens of episodes that share a server thread's runtime keep
// thousands of names.
#include <array>
#include <cstddef>

#include <lua.hpp>

namespace opsgym::lua {

class ColumnNames {
 public:
  // Pushes `name`, a column name as sqlite3_column_name gives it, as a Lua string. The strings stay
  // in the registry, one for each slot, for as long as the state lives.
  void push(lua_State* L, const char* name);

 private:
  struct Slot {
    const char* address = nullptr;
    int ref = LUA_NOREF;
  };
  static constexpr int kSlotBits = 12;  // 4,096 slots of 16 bytes
  std::array<Slot, size_t{1} << kSlotBits> slots_;
};

// Creates the state's cache, owned by the state and freed with it.
void install_column_names(lua_State* L);
ColumnNames& column_names_of(lua_State* L);

}  // namespace opsgym::lua
