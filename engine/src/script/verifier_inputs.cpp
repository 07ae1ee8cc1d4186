#include "script/verifier_inputs.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "opsgym/world.hpp"
#include "script/context.hpp"
#include "script/lua_json.hpp"
#include "script/lua_state.hpp"

namespace opsgym::lua {
namespace {

// Every lazy input of one run keeps what it built in the run's cache table (upvalue 1 of each function
// below, fresh for every run): `calls`, `diff`, `unexpected`, and `tables[name]` for changes(name). A
// change is built once, so `diff` and changes() hand out the same tables.
enum class Input : lua_Integer { calls = 1, diff, unexpected };

const char* name_of(Input input) {
  switch (input) {
    case Input::calls: return "calls";
    case Input::diff: return "diff";
    case Input::unexpected: return "unexpected";
  }
  return "";
}

const std::vector<RowChange>& changes_in(lua_State* L, Input input) {
  const ScriptContext& ctx = context_of(L);
  const std::vector<RowChange>* changes = input == Input::diff ? ctx.diff : ctx.unexpected;
  if (!changes) luaL_error(L, "%s is only available in verifiers", name_of(input));
  return *changes;
}

void push_change(lua_State* L, const RowChange& change) {
  lua_createtable(L, 0, 5);
  lua_pushlstring(L, change.table.data(), change.table.size());
  lua_setfield(L, -2, "table");
  lua_pushlstring(L, change.op.data(), change.op.size());
  lua_setfield(L, -2, "op");
  push_json(L, change.key);
  lua_setfield(L, -2, "key");
  push_json(L, change.before);
  lua_setfield(L, -2, "before");
  push_json(L, change.after);
  lua_setfield(L, -2, "after");
}

// Pushes the changes [first, last) as one list.
template <typename Iterator>
void push_change_list(lua_State* L, Iterator first, Iterator last) {
  lua_createtable(L, static_cast<int>(last - first), 0);
  mark_array(L);
  lua_Integer index = 0;
  for (auto change = first; change != last; ++change) {
    luaL_checkstack(L, 8, "verifier inputs");
    push_change(L, *change);
    lua_rawseti(L, -2, ++index);
  }
}

// Pushes the list of changes to `table` (the diff is ordered by table), built once per run.
void push_table_changes(lua_State* L, int run, std::string_view table) {
  lua_getfield(L, run, "tables");
  const int tables = lua_gettop(L);
  lua_pushlstring(L, table.data(), table.size());
  if (lua_rawget(L, tables) != LUA_TNIL) {
    lua_remove(L, tables);
    return;
  }
  lua_pop(L, 1);
  const auto& diff = changes_in(L, Input::diff);
  const auto first =
      std::partition_point(diff.begin(), diff.end(), [&](const RowChange& c) { return c.table < table; });
  const auto last = std::partition_point(first, diff.end(), [&](const RowChange& c) { return c.table == table; });
  push_change_list(L, first, last);
  lua_pushlstring(L, table.data(), table.size());
  lua_pushvalue(L, -2);
  lua_rawset(L, tables);
  lua_remove(L, tables);
}

void build_calls(lua_State* L) {
  Json calls = Json::array();
  for (const auto& row : context_of(L).world->query("SELECT idx, tool, args, ok, output FROM _calls ORDER BY idx")) {
    calls.push_back({{"index", row["idx"]},
                     {"tool", row["tool"]},
                     {"args", Json::parse(row["args"].get<std::string>())},
                     {"ok", row["ok"].get<int64_t>() != 0},
                     {"output", Json::parse(row["output"].get<std::string>())}});
  }
  push_json(L, calls);
}

// The whole diff: each table's list, in order, joined.
void build_diff(lua_State* L, int run) {
  const auto& diff = changes_in(L, Input::diff);
  lua_createtable(L, static_cast<int>(diff.size()), 0);
  mark_array(L);
  const int list = lua_gettop(L);
  lua_Integer index = 0;
  for (auto at = diff.begin(); at != diff.end();) {
    const std::string& table = at->table;
    push_table_changes(L, run, table);
    for (lua_Integer i = 1; at != diff.end() && at->table == table; ++at, ++i) {
      lua_rawgeti(L, -1, i);
      lua_rawseti(L, list, ++index);
    }
    lua_pop(L, 1);
  }
}

void build_unexpected(lua_State* L) {
  const auto& unexpected = changes_in(L, Input::unexpected);
  push_change_list(L, unexpected.begin(), unexpected.end());
}

// Pushes the input named by upvalue 2, building it on first use. Upvalue 1 is the run's cache.
void push_built(lua_State* L) {
  const auto input = static_cast<Input>(lua_tointeger(L, lua_upvalueindex(2)));
  const int run = lua_upvalueindex(1);
  if (lua_getfield(L, run, name_of(input)) != LUA_TNIL) return;
  lua_pop(L, 1);
  switch (input) {
    case Input::calls: build_calls(L); break;
    case Input::diff: build_diff(L, run); break;
    case Input::unexpected: build_unexpected(L); break;
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, run, name_of(input));
}

int proxy_index(lua_State* L) {
  push_built(L);
  lua_pushvalue(L, 2);
  lua_gettable(L, -2);
  return 1;
}

int proxy_len(lua_State* L) {
  push_built(L);
  lua_len(L, -1);
  return 1;
}

int proxy_pairs(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kRealGlobalsKey);
  lua_getfield(L, -1, "next");
  push_built(L);
  lua_pushnil(L);
  return 3;
}

// changes(tbl): the diff's changes to one table, in the diff's order (none: an empty list).
int changes(lua_State* L) {
  size_t size = 0;
  const char* table = luaL_checklstring(L, 1, &size);
  push_table_changes(L, lua_upvalueindex(1), std::string_view(table, size));
  return 1;
}

// Pushes an empty table that reads as `input`: indexing, # and pairs (ipairs indexes) build it. The run's
// cache table is at `run`.
void push_proxy(lua_State* L, int run, Input input) {
  lua_newtable(L);
  lua_createtable(L, 0, 3);
  const std::pair<const char*, lua_CFunction> methods[] = {
      {"__index", proxy_index}, {"__len", proxy_len}, {"__pairs", proxy_pairs}};
  for (const auto& [name, method] : methods) {
    lua_pushvalue(L, run);
    lua_pushinteger(L, static_cast<lua_Integer>(input));
    lua_pushcclosure(L, method, 2);
    lua_setfield(L, -2, name);
  }
  lua_setmetatable(L, -2);
}

}  // namespace

void publish_lazy_inputs(lua_State* L, int globals) {
  globals = lua_absindex(L, globals);
  lua_createtable(L, 0, 4);
  const int run = lua_gettop(L);
  lua_newtable(L);
  lua_setfield(L, run, "tables");
  for (const Input input : {Input::calls, Input::diff, Input::unexpected}) {
    push_proxy(L, run, input);
    lua_setfield(L, globals, name_of(input));
  }
  lua_pushvalue(L, run);
  lua_pushcclosure(L, changes, 1);
  lua_setfield(L, globals, "changes");
  lua_pop(L, 1);
}

void clear_lazy_inputs(lua_State* L, int globals) {
  globals = lua_absindex(L, globals);
  for (const char* name : {"calls", "diff", "unexpected", "changes"}) {
    lua_pushnil(L);
    lua_setfield(L, globals, name);
  }
}

}  // namespace opsgym::lua
