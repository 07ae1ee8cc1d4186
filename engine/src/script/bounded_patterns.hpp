#pragma once
// Lua's pattern matcher runs in C, where the instruction hook cannot stop it: a pattern such as
// '.-.-.-.-b' on a 200-character subject backtracks for seconds. string.find, match, gmatch and gsub
// are wrapped to refuse a pattern whose worst case on the given subject exceeds a fixed budget, and to
// charge the linear scan of the subject to the call's instruction budget (lua_state.hpp).
#include <lua.hpp>

#include <cstddef>
#include <string_view>

namespace opsgym::lua {

// Worst-case backtracking steps, as log10, of matching `pattern` against a subject of `length` bytes:
// with k repetition items (*, +, -) a match attempt can try about C(n+k, k) ≈ n^k / k! splits, each of
// q optional items (?) doubles that (at most as a repetition would), each %bxy or back-reference scans
// up to n characters, and an unanchored search makes up to n attempts.
double pattern_cost_log10(std::string_view pattern, size_t length);
inline constexpr double kPatternBudgetLog10 = 9.0;  // 1e9 steps: seconds at worst, usually far less

void install_bounded_patterns(lua_State* L);

}  // namespace opsgym::lua
