#pragma once
// The standard library as scripts see it, bounded: nothing a script calls may run past its call's
// limits (instructions, wall time, memory), catch a limit's error, or run code outside the hook.
//
// How each function of the libraries a script has is bounded:
//  base      pcall, xpcall (and its handler), coroutine.resume, coroutine.close: re-raise once the call hit
//            a limit, and refuse to start after one (they catch errors, so a loop around them never ended);
//            each error they catch is charged (raising one costs about a thousand instructions).
//            setmetatable: refuses a metatable with a __gc field (finalizers run with the hook off, at any
//            later time). __close handlers run under the hook like any other code. error objects are
//            turned into text by the call's message handler, inside its limits (lua_state.cpp).
//            tonumber: charged per byte of a string (it scans it). load: text only; compiling allocates,
//            which is charged. tostring, select, next, pairs, ipairs, rawequal, rawlen, rawget, type,
//            getmetatable, assert, error: constant work or linear in a string the memory limit bounds.
//  string    rep: charged per repetition and byte (string.rep('', 2^53) allocates nothing). char, byte:
//            charged per character (byte is also capped by the stack). format: charged per format byte, argument
//            and argument byte (Lua caps widths and precisions at two digits). pack, unpack, packsize:
//            charged per format byte and per byte of the sizes the format names (padding loops).
//            find, match, gmatch, gsub: bounded_patterns.cpp. len, sub, upper, lower, reverse: linear
//            in their string, and whatever they build is an allocation (charged).
//  table     move, concat, unpack: charged per element of the range before it is walked (ranges can be
//            1e15 long on an empty table). insert, remove: charged per element shifted (a __len can
//            claim any length). sort: charged n·log2(n) for n elements. pack: its arguments, on the stack.
//  utf8      char: charged per argument. codepoint: charged per byte of its range. len, offset: charged
//            per byte of the string. codes: constant work per step.
//  math      constant work per call.
//  coroutine create, wrap (errors pass through it), status, running, isyieldable: constant work; a
//            coroutine inherits the hook and the call's budget.
// Every allocation is charged by the allocator too (lua_state.cpp), and refused once a limit is hit.
// Not charged: VM operations on long strings (.., ==, <), each linear in strings the memory limit bounds;
// the wall-time check every 1,000 instructions bounds how long a run of them can go on.
#include <lua.hpp>

namespace opsgym::lua {

// Replaces the functions above in the state's (not yet frozen) library tables.
void install_bounded_library(lua_State* L);

}  // namespace opsgym::lua
