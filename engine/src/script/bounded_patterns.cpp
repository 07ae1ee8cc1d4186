#include "script/bounded_patterns.hpp"

#include <algorithm>
#include <cmath>

#include "script/lua_state.hpp"

namespace opsgym::lua {
namespace {

// What makes one match attempt costly: items that choose a length (*, +, -), optional items (?) that
// choose 0 or 1, and items that scan ahead on their own (%bxy, back-references %1-%9).
struct PatternItems {
  int repetitions = 0;
  int optionals = 0;
  int scans = 0;
};

PatternItems count_items(std::string_view pattern) {
  PatternItems items;
  size_t i = (!pattern.empty() && pattern[0] == '^') ? 1 : 0;
  bool after_item = false;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '%') {
      if (i + 1 < pattern.size() && (pattern[i + 1] == 'b' || pattern[i + 1] == 'f')) {
        // %bxy and %f[set] take no repetition; skip their operands.
        if (pattern[i + 1] == 'b') {
          ++items.scans;
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
      if (i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
        ++items.scans;  // a back-reference compares a whole capture; it takes no repetition
        i += 2;
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
    if ((c == '*' || c == '+' || c == '-' || c == '?') && after_item) {
      ++(c == '?' ? items.optionals : items.repetitions);
      after_item = false;
      ++i;
      continue;
    }
    after_item = c != '(' && c != ')';
    ++i;
  }
  return items;
}

// log10 of C(n + k, k): the ways k length-choosing items can split n characters.
double splits_log10(double n, int k) {
  double cost = k * std::log10(n);
  for (int i = 2; i <= k; ++i) cost -= std::log10(static_cast<double>(i));
  return cost;
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
                        "repetitions (*, +, -, ?), %%b or back-references, or a shorter subject",
                        static_cast<int>(length), static_cast<int>(cost));
  }
  // The scan itself (every start position, or gmatch's and gsub's walk) is linear in the subject.
  charge(L, static_cast<double>(length + pattern_size) / kBytesPerUnit);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

}  // namespace

double pattern_cost_log10(std::string_view pattern, size_t length) {
  const PatternItems items = count_items(pattern);
  const bool anchored = !pattern.empty() && pattern[0] == '^';
  const double n = static_cast<double>(length) + 1.0;
  // An optional item doubles the paths, and cannot add more than a length-choosing one would.
  const double choices = std::min(splits_log10(n, items.repetitions) + items.optionals * std::log10(2.0),
                                  splits_log10(n, items.repetitions + items.optionals));
  return choices + (items.scans + (anchored ? 0 : 1)) * std::log10(n);
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
