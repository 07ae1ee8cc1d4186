#include "script/bounded_patterns.hpp"

#include <cmath>

namespace opsgym::lua {
namespace {

int count_repetitions(std::string_view pattern) {
  int repetitions = 0;
  size_t i = (!pattern.empty() && pattern[0] == '^') ? 1 : 0;
  bool after_item = false;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '%') {
      if (i + 1 < pattern.size() && (pattern[i + 1] == 'b' || pattern[i + 1] == 'f')) {
        // %bxy and %f[set] take no repetition; skip their operands.
        if (pattern[i + 1] == 'b') {
          i += 4;
        } else {
          i += 2;
          if (i < pattern.size() && pattern[i] == '[') {
            ++i;
            if (i < pattern.size() && pattern[i] == '^') ++i;
            if (i < pattern.size() && pattern[i] == ']') ++i;
            while (i < pattern.size() && pattern[i] != ']') i += pattern[i] == '%' ? 2 : 1;
            ++i;
          }
        }
        after_item = false;
        continue;
      }
      i += 2;
      after_item = true;
      continue;
    }
    if (c == '[') {
      ++i;
      if (i < pattern.size() && pattern[i] == '^') ++i;
      if (i < pattern.size() && pattern[i] == ']') ++i;
      while (i < pattern.size() && pattern[i] != ']') i += pattern[i] == '%' ? 2 : 1;
      ++i;
      after_item = true;
      continue;
    }
    if ((c == '*' || c == '+' || c == '-') && after_item) {
      ++repetitions;
      after_item = false;
      ++i;
      continue;
    }
    after_item = c != '(' && c != ')';
    ++i;
  }
  return repetitions;
}

// string.find / match / gmatch / gsub with the original as upvalue 1 and "anchored search" as upvalue 2.
int bounded_call(lua_State* L) {
  size_t length = 0;
  luaL_checklstring(L, 1, &length);
  size_t pattern_size = 0;
  const char* pattern = luaL_checklstring(L, 2, &pattern_size);
  const bool plain_find = lua_toboolean(L, lua_upvalueindex(2)) && lua_toboolean(L, 4);
  if (!plain_find) {
    const double cost = pattern_cost_log10(std::string_view(pattern, pattern_size), length);
    if (cost > kPatternBudgetLog10)
      return luaL_error(L,
                        "pattern too costly for a %d-byte subject (worst case ~1e%d steps): use fewer "
                        "repetitions (*, +, -) or a shorter subject",
                        static_cast<int>(length), static_cast<int>(cost));
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

}  // namespace

double pattern_cost_log10(std::string_view pattern, size_t length) {
  const int k = count_repetitions(pattern);
  const bool anchored = !pattern.empty() && pattern[0] == '^';
  const double n = static_cast<double>(length) + 1.0;
  double cost = (k + (anchored ? 0 : 1)) * std::log10(n);
  for (int i = 2; i <= k; ++i) cost -= std::log10(static_cast<double>(i));
  return cost;
}

void install_bounded_patterns(lua_State* L) {
  lua_getglobal(L, "string");
  for (const char* name : {"find", "match", "gmatch", "gsub"}) {
    lua_getfield(L, -1, name);
    lua_pushboolean(L, name[0] == 'f');  // only find has a `plain` argument
    lua_pushcclosure(L, bounded_call, 2);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
}

}  // namespace opsgym::lua
