#include "script/bounded_library.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "script/lua_state.hpp"

namespace opsgym::lua {
namespace {

// ---- functions that catch errors: re-raise once the call hit a limit -------------------------------

// Raising and catching an error (a C++ exception: Lua is compiled as C++) costs microseconds, about a
// thousand VM instructions: `for i = 1, 1e9 do pcall(error) end` is charged what it takes.
constexpr double kUnitsPerCaughtError = 1000;

// After pcall, xpcall, coroutine.resume or close: their first result is false when they caught an error.
int raise_if_limit_reached(lua_State* L, int /*status*/, lua_KContext /*context*/) {
  LuaState& state = state_of(L);
  if (lua_gettop(L) >= 1 && lua_type(L, 1) == LUA_TBOOLEAN && !lua_toboolean(L, 1)) state.charge(L, kUnitsPerCaughtError);
  if (state.limit_reached()) state.raise_limit(L);
  return lua_gettop(L);
}

// Calls the original (upvalue 1) with this call's arguments; a continuation, so a yield inside a
// pcall in a coroutine still works.
int catching(lua_State* L) {
  LuaState& state = state_of(L);
  if (state.limit_reached()) state.raise_limit(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, raise_if_limit_reached);
  return raise_if_limit_reached(L, LUA_OK, 0);
}

// xpcall's message handler (upvalue 1) runs only while no limit is hit: after one it could loop forever
// on the limit's own error.
int handler_within_limits(lua_State* L) {
  if (state_of(L).limit_reached()) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int bounded_xpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, handler_within_limits, 1);
  lua_replace(L, 2);
  return catching(L);
}

int setmetatable_without_gc(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    const bool has_gc = lua_rawget(L, 2) != LUA_TNIL;
    lua_pop(L, 1);
    if (has_gc)
      return luaL_error(L, "setmetatable: a metatable with __gc is refused (finalizers run outside the "
                           "instruction and time limits)");
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// ---- C functions whose work the hook never sees: charged before they run ----------------------------

using Price = double (*)(lua_State*);

template <Price price>
int priced(lua_State* L) {
  charge(L, price(L));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

double string_bytes(lua_State* L, int index) {
  size_t size = 0;
  if (lua_type(L, index) == LUA_TSTRING) lua_tolstring(L, index, &size);
  return static_cast<double>(size);
}

// The length the table library will use (it honours __len, which runs under the hook).
double table_length(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TTABLE ? static_cast<double>(luaL_len(L, index)) : 0.0;
}

double range_count(double first, double last) { return last >= first ? last - first + 1.0 : 0.0; }

// Elements i..j of a string of `size` bytes after Lua's negative-index rules, as string.byte reads them.
double slice_count(lua_State* L, size_t size) {
  const auto relative = [size](lua_Integer position) {
    return position >= 0 ? static_cast<double>(position) : static_cast<double>(size) + static_cast<double>(position) + 1.0;
  };
  const lua_Integer i = luaL_optinteger(L, 2, 1);
  const double first = std::max(1.0, relative(i));
  const double last = std::min(static_cast<double>(size), relative(luaL_optinteger(L, 3, i)));
  return range_count(first, last);
}

// The sum of the numbers a pack format names (c1000, i16, !8): the sizes its padding loops walk.
double format_sizes(const char* format, size_t size) {
  double total = 0, number = 0;
  for (size_t i = 0; i <= size; ++i) {
    if (i < size && std::isdigit(static_cast<unsigned char>(format[i]))) {
      number = number * 10 + (format[i] - '0');
    } else {
      total += number;
      number = 0;
    }
  }
  return total;
}

// One turn of string.rep's loop (a short memcpy) costs about a quarter of a VM instruction.
constexpr double kUnitsPerRepetition = 0.25;

double price_rep(lua_State* L) {
  size_t size = 0, separator = 0;
  luaL_checklstring(L, 1, &size);
  const lua_Integer count = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &separator);
  if (count <= 0) return 0;
  return static_cast<double>(count) * (kUnitsPerRepetition + static_cast<double>(size + separator) / kBytesPerUnit);
}

double price_arguments(lua_State* L) { return lua_gettop(L); }

double price_byte(lua_State* L) {
  size_t size = 0;
  luaL_checklstring(L, 1, &size);
  return slice_count(L, size);
}

double price_format(lua_State* L) {
  double bytes = 0;
  for (int i = 1; i <= lua_gettop(L); ++i) bytes += string_bytes(L, i);
  return lua_gettop(L) + bytes / kBytesPerUnit;
}

double price_pack_format(lua_State* L) {
  size_t size = 0;
  const char* format = luaL_checklstring(L, 1, &size);
  double bytes = 0;
  for (int i = 2; i <= lua_gettop(L); ++i) bytes += string_bytes(L, i);
  return static_cast<double>(size) + lua_gettop(L) + (format_sizes(format, size) + bytes) / kBytesPerUnit;
}

// unpack reads what its format names, wherever it is in the data string.
double price_unpack_format(lua_State* L) {
  size_t size = 0;
  const char* format = luaL_checklstring(L, 1, &size);
  return static_cast<double>(size) + format_sizes(format, size) / kBytesPerUnit;
}

double price_move(lua_State* L) {
  return range_count(static_cast<double>(luaL_checkinteger(L, 2)), static_cast<double>(luaL_checkinteger(L, 3)));
}

double price_concat(lua_State* L) {
  const double first = static_cast<double>(luaL_optinteger(L, 3, 1));
  const double last = lua_isnoneornil(L, 4) ? table_length(L, 1) : static_cast<double>(luaL_checkinteger(L, 4));
  return range_count(first, last);
}

double price_unpack(lua_State* L) {
  const double first = static_cast<double>(luaL_optinteger(L, 2, 1));
  const double last = lua_isnoneornil(L, 3) ? table_length(L, 1) : static_cast<double>(luaL_checkinteger(L, 3));
  return range_count(first, last);
}

// insert(t, pos, v) and remove(t, pos) shift the elements from pos to the end; insert(t, v) and remove(t)
// touch one.
double price_insert(lua_State* L) {
  if (lua_gettop(L) < 3) return 1.0;
  return 1.0 + range_count(static_cast<double>(luaL_checkinteger(L, 2)), table_length(L, 1));
}

double price_remove(lua_State* L) {
  if (lua_isnoneornil(L, 2)) return 1.0;
  return 1.0 + range_count(static_cast<double>(luaL_checkinteger(L, 2)), table_length(L, 1));
}

double price_sort(lua_State* L) {
  const double n = table_length(L, 1);
  return n * std::log2(n + 2.0);
}

double price_codepoint(lua_State* L) {
  size_t size = 0;
  luaL_checklstring(L, 1, &size);
  return slice_count(L, size);
}

// utf8.len and utf8.offset walk their string; tonumber scans its text before converting it.
double price_string_scan(lua_State* L) { return string_bytes(L, 1) / kBytesPerUnit; }

void wrap(lua_State* L, const char* library, const char* name, lua_CFunction wrapper) {
  if (library) {
    lua_getglobal(L, library);
  } else {
    lua_pushglobaltable(L);
  }
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, wrapper, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

}  // namespace

void install_bounded_library(lua_State* L) {
  wrap(L, nullptr, "pcall", catching);
  wrap(L, nullptr, "xpcall", bounded_xpcall);
  wrap(L, nullptr, "setmetatable", setmetatable_without_gc);
  wrap(L, nullptr, "tonumber", priced<price_string_scan>);
  wrap(L, LUA_COLIBNAME, "resume", catching);
  wrap(L, LUA_COLIBNAME, "close", catching);

  wrap(L, LUA_STRLIBNAME, "rep", priced<price_rep>);
  wrap(L, LUA_STRLIBNAME, "char", priced<price_arguments>);
  wrap(L, LUA_STRLIBNAME, "byte", priced<price_byte>);
  wrap(L, LUA_STRLIBNAME, "format", priced<price_format>);
  wrap(L, LUA_STRLIBNAME, "pack", priced<price_pack_format>);
  wrap(L, LUA_STRLIBNAME, "unpack", priced<price_unpack_format>);
  wrap(L, LUA_STRLIBNAME, "packsize", priced<price_unpack_format>);

  wrap(L, LUA_TABLIBNAME, "move", priced<price_move>);
  wrap(L, LUA_TABLIBNAME, "concat", priced<price_concat>);
  wrap(L, LUA_TABLIBNAME, "unpack", priced<price_unpack>);
  wrap(L, LUA_TABLIBNAME, "insert", priced<price_insert>);
  wrap(L, LUA_TABLIBNAME, "remove", priced<price_remove>);
  wrap(L, LUA_TABLIBNAME, "sort", priced<price_sort>);

  wrap(L, LUA_UTF8LIBNAME, "char", priced<price_arguments>);
  wrap(L, LUA_UTF8LIBNAME, "codepoint", priced<price_codepoint>);
  wrap(L, LUA_UTF8LIBNAME, "len", priced<price_string_scan>);
  wrap(L, LUA_UTF8LIBNAME, "offset", priced<price_string_scan>);
}

}  // namespace opsgym::lua
