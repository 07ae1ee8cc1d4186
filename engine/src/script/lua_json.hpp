#pragma once
// Lua values ↔ JSON. Objects encode with sorted keys (nlohmann's default), so output never depends on
// pairs() order. A table marked by array() or produced by db.query encodes as an array even when empty.
#include <lua.hpp>

#include <string>

#include "opsgym/world.hpp"

namespace opsgym::lua {

// The JSON null sentinel (the `null` global) and the metatable that marks arrays live in the registry.
void install_json_support(lua_State* L);
void push_null(lua_State* L);
bool is_null(lua_State* L, int index);
// Marks the table at the top of the stack as an array.
void mark_array(lua_State* L);

void push_json(lua_State* L, const Json& value);
// Throws std::runtime_error on functions, cycles, non-finite numbers or mixed keys.
Json to_json(lua_State* L, int index);
// Appends json_text(to_json(L, index)) without building the JSON value: a tool's output goes straight
// to the text the trajectory records and front ends send. Throws as to_json does.
void append_json_text(std::string& out, lua_State* L, int index);

}  // namespace opsgym::lua
