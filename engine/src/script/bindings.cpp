// The globals scripts use to reach the World and the episode (docs/authoring.md). All SQL goes through
// bound parameters; table and column names given to insert/update/delete are checked against the schema.
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "json/json_read.hpp"
#include "script/column_names.hpp"
#include "script/context.hpp"
#include "script/frozen_tables.hpp"
#include "script/lua_json.hpp"
#include "script/lua_state.hpp"
#include "script/owned_userdata.hpp"
#include "script/time_format.hpp"
#include "verify/word_match.hpp"
#include "world/connection_limits.hpp"
#include "world/statement_cache.hpp"

namespace opsgym::lua {
namespace {

const char* const kContextKey = "opsgym.context";
const char* const kSchemaKey = "opsgym.schema";

using Schema = std::map<std::string, std::set<std::string>>;

Schema& schema_of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kSchemaKey);
  auto* schema = static_cast<Schema*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  if (!schema) luaL_error(L, "the environment's schema is not loaded");
  return *schema;
}

ScriptContext& writable_context(lua_State* L, const char* what) {
  ScriptContext& ctx = context_of(L);
  if (ctx.read_only) luaL_error(L, "%s: read-only here (verifiers and read-only tools cannot change the World)", what);
  return ctx;
}

void bind_lua_value(lua_State* L, sqlite3_stmt* stmt, int param, int index) {
  int rc = SQLITE_OK;
  switch (lua_type(L, index)) {
    case LUA_TNIL: rc = sqlite3_bind_null(stmt, param); break;
    case LUA_TBOOLEAN: rc = sqlite3_bind_int(stmt, param, lua_toboolean(L, index)); break;
    case LUA_TNUMBER:
      rc = lua_isinteger(L, index) ? sqlite3_bind_int64(stmt, param, lua_tointeger(L, index))
                                   : sqlite3_bind_double(stmt, param, lua_tonumber(L, index));
      break;
    case LUA_TSTRING: {
      size_t size = 0;
      const char* text = lua_tolstring(L, index, &size);
      rc = sqlite3_bind_text(stmt, param, text, static_cast<int>(size), SQLITE_TRANSIENT);
      break;
    }
    case LUA_TLIGHTUSERDATA:
      if (is_null(L, index)) {
        rc = sqlite3_bind_null(stmt, param);
        break;
      }
      [[fallthrough]];
    default:
      luaL_error(L, "SQL parameter %d: cannot bind a %s (use a string, number, boolean or nil)", param,
                 luaL_typename(L, index));
  }
  if (rc != SQLITE_OK) {  // the message (a value past the size limit names it) is on the Lua stack before raising
    luaL_where(L, 1);
    lua_pushfstring(L, "SQL parameter %d: %s", param, sqlite_error_text(sqlite3_db_handle(stmt), rc).c_str());
    lua_concat(L, 2);
    lua_error(L);
  }
}

// `type` is sqlite3_column_type's, which the caller has already asked for.
void push_column(lua_State* L, sqlite3_stmt* stmt, int column, int type) {
  switch (type) {
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(stmt, column)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(stmt, column)); break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      lua_pushlstring(L, static_cast<const char*>(sqlite3_column_blob(stmt, column)),
                      static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
      break;
    default: lua_pushnil(L);
  }
}

// Raises a Lua error for a failed step; constraint failures become a structured error the agent reads. A
// statement stopped by a limit of the World's connection (time, value or World size) says which.
[[noreturn]] void raise_step_error(lua_State* L, sqlite3* db, int rc) {
  std::string message = sqlite_error_text(db, rc);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    raise_fail(L, Json{{"code", "constraint_violation"}, {"message", message},
                       {"hint", "The change breaks a rule of the data (a required value, a unique value or a reference)."}});
  luaL_error(L, "SQL error: %s", message.c_str());
  std::abort();  // luaL_error does not return
}

// The cached statement for `sql`. One that writes is refused in read-only mode, and otherwise moves the
// World's data version before it runs (every script write comes through here).
sqlite3_stmt* prepare_plain(lua_State* L, std::string_view sql) {
  ScriptContext& ctx = context_of(L);
  sqlite3_stmt* stmt = nullptr;
  std::string error;
  try {
    stmt = ctx.world->statements().get(sql);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!stmt) luaL_error(L, "%s", error.c_str());
  if (!sqlite3_stmt_readonly(stmt)) {
    if (ctx.read_only) luaL_error(L, "read-only here: this statement would change the World: %s", sql.data());
    ctx.world->note_change();
  }
  return stmt;
}

// prepare_plain, with arguments bound from `first` on.
sqlite3_stmt* prepare(lua_State* L, std::string_view sql, int first, int last) {
  sqlite3_stmt* stmt = prepare_plain(L, sql);
  const int expected = sqlite3_bind_parameter_count(stmt);
  const int given = last >= first ? last - first + 1 : 0;
  if (given != expected) luaL_error(L, "SQL expects %d parameters, got %d: %s", expected, given, sql.data());
  for (int i = 0; i < given; ++i) bind_lua_value(L, stmt, i + 1, first + i);
  return stmt;
}

// The SQL text argument. It stays on the Lua stack for the whole call, so the view (zero-terminated, as
// Lua strings are) is valid until the binding returns.
std::string_view check_sql(lua_State* L) {
  size_t size = 0;
  const char* text = luaL_checklstring(L, 1, &size);
  return {text, size};
}

// Runs the statement and pushes rows as an array of {column = value}; at most `limit` rows.
int push_rows(lua_State* L, sqlite3_stmt* stmt, int limit) {
  lua_createtable(L, limit == 1 ? 1 : 4, 0);  // room for the first rows: most queries give a few
  mark_array(L);
  ColumnNames& names = column_names_of(L);
  const int columns = sqlite3_column_count(stmt);
  int count = 0, rc;
  while (count < limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    lua_createtable(L, 0, columns);
    for (int c = 0; c < columns; ++c) {
      const int type = sqlite3_column_type(stmt, c);
      if (type == SQLITE_NULL) continue;
      names.push(L, sqlite3_column_name(stmt, c));
      push_column(L, stmt, c, type);
      lua_rawset(L, -3);
    }
    lua_rawseti(L, -2, ++count);
  }
  if (count < limit && rc != SQLITE_DONE) {
    sqlite3* db = sqlite3_db_handle(stmt);
    sqlite3_reset(stmt);
    raise_step_error(L, db, rc);
  }
  sqlite3_reset(stmt);
  return 1;
}

int db_query(lua_State* L) {
  return push_rows(L, prepare(L, check_sql(L), 2, lua_gettop(L)), std::numeric_limits<int>::max());
}

int db_one(lua_State* L) {
  push_rows(L, prepare(L, check_sql(L), 2, lua_gettop(L)), 1);
  lua_rawgeti(L, -1, 1);
  return 1;
}

// A number that changes whenever the World's data may have changed, and differs between Worlds.
int db_version(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(context_of(L).world->data_version()));
  return 1;
}

int db_value(lua_State* L) {
  sqlite3_stmt* stmt = prepare(L, check_sql(L), 2, lua_gettop(L));
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    push_column(L, stmt, 0, sqlite3_column_type(stmt, 0));
  } else if (rc == SQLITE_DONE) {
    lua_pushnil(L);
  } else {
    sqlite3* db = sqlite3_db_handle(stmt);
    sqlite3_reset(stmt);
    raise_step_error(L, db, rc);
  }
  sqlite3_reset(stmt);
  return 1;
}

int run_write(lua_State* L, sqlite3_stmt* stmt) {
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3* db = sqlite3_db_handle(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) raise_step_error(L, db, rc);
  return static_cast<int>(sqlite3_changes(db));
}

int db_exec(lua_State* L) {
  writable_context(L, "db.exec");
  lua_pushinteger(L, run_write(L, prepare(L, check_sql(L), 2, lua_gettop(L))));
  return 1;
}

// Column names of a {column = value} table, sorted (so the SQL text, and its cache entry, is stable),
// each checked against the table's schema.
std::vector<std::string> checked_columns(lua_State* L, int index, const std::string& table, const char* what) {
  luaL_checktype(L, index, LUA_TTABLE);
  const auto& schema = schema_of(L);
  auto it = schema.find(table);
  if (it == schema.end()) luaL_error(L, "%s: unknown table '%s'", what, table.c_str());
  std::vector<std::string> columns;
  // A frozen file-level table keeps its contents in a table of their own (frozen_tables.hpp).
  const int source = push_frozen_contents(L, index) ? lua_gettop(L) : index;
  lua_pushnil(L);
  while (lua_next(L, source)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "%s: column names must be strings", what);
    std::string column = lua_tostring(L, -1);
    if (!it->second.count(column)) luaL_error(L, "%s: table '%s' has no column '%s'", what, table.c_str(), column.c_str());
    columns.push_back(std::move(column));
  }
  if (source != index) lua_pop(L, 1);
  std::sort(columns.begin(), columns.end());
  return columns;
}

// Pushes t[column] for each column and binds them as parameters from `first`.
void bind_columns(lua_State* L, sqlite3_stmt* stmt, int table_index, const std::vector<std::string>& columns, int first) {
  for (size_t i = 0; i < columns.size(); ++i) {
    lua_getfield(L, table_index, columns[i].c_str());
    bind_lua_value(L, stmt, first + static_cast<int>(i), -1);
    lua_pop(L, 1);
  }
}

std::string where_clause(const std::vector<std::string>& key, size_t first_param) {
  std::string sql;
  for (size_t i = 0; i < key.size(); ++i)
    sql += (i ? " AND \"" : " WHERE \"") + key[i] + "\" IS ?" + std::to_string(first_param + i);
  return sql;
}

int db_insert(lua_State* L) {
  writable_context(L, "db.insert");
  const std::string table = luaL_checkstring(L, 1);
  const auto columns = checked_columns(L, 2, table, "db.insert");
  std::string sql = "INSERT INTO \"" + table + "\" (";
  std::string values;
  for (size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", \"" : "\"") + columns[i] + "\"";
    values += i ? ", ?" : "?";
  }
  sql += columns.empty() ? ") DEFAULT VALUES" : ") VALUES (" + values + ")";
  if (columns.empty()) sql = "INSERT INTO \"" + table + "\" DEFAULT VALUES";
  sqlite3_stmt* stmt = prepare_plain(L, sql);
  bind_columns(L, stmt, 2, columns, 1);
  run_write(L, stmt);
  lua_pushinteger(L, sqlite3_last_insert_rowid(sqlite3_db_handle(stmt)));
  return 1;
}

int db_update(lua_State* L) {
  writable_context(L, "db.update");
  const std::string table = luaL_checkstring(L, 1);
  const auto key = checked_columns(L, 2, table, "db.update key");
  const auto columns = checked_columns(L, 3, table, "db.update values");
  if (key.empty()) luaL_error(L, "db.update: the key must name at least one column");
  if (columns.empty()) luaL_error(L, "db.update: no values to set");
  std::string sql = "UPDATE \"" + table + "\" SET ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", \"" : "\"") + columns[i] + "\" = ?" + std::to_string(i + 1);
  sql += where_clause(key, columns.size() + 1);
  sqlite3_stmt* stmt = prepare_plain(L, sql);
  bind_columns(L, stmt, 3, columns, 1);
  bind_columns(L, stmt, 2, key, static_cast<int>(columns.size()) + 1);
  lua_pushinteger(L, run_write(L, stmt));
  return 1;
}

int db_delete(lua_State* L) {
  writable_context(L, "db.delete");
  const std::string table = luaL_checkstring(L, 1);
  const auto key = checked_columns(L, 2, table, "db.delete key");
  if (key.empty()) luaL_error(L, "db.delete: the key must name at least one column");
  sqlite3_stmt* stmt = prepare_plain(L, "DELETE FROM \"" + table + "\"" + where_clause(key, 1));
  bind_columns(L, stmt, 2, key, 1);
  lua_pushinteger(L, run_write(L, stmt));
  return 1;
}

int clock_now(lua_State* L) {
  lua_pushinteger(L, context_of(L).now);
  return 1;
}

int clock_iso(lua_State* L) {
  const lua_Integer t = lua_isnoneornil(L, 1) ? context_of(L).now : luaL_checkinteger(L, 1);
  lua_pushstring(L, format_iso8601(t).c_str());
  return 1;
}

int clock_parse(lua_State* L) {
  auto parsed = parse_iso8601(luaL_checkstring(L, 1));
  if (!parsed) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushinteger(L, *parsed);
  return 1;
}

int clock_schedule(lua_State* L) {
  ScriptContext& ctx = writable_context(L, "clock.schedule");
  const lua_Integer at = luaL_checkinteger(L, 1);
  const std::string kind = luaL_checkstring(L, 2);
  std::string payload, error;
  try {
    payload = lua_isnoneornil(L, 3) ? "{}" : to_json(L, 3).dump();
    ctx.world->record("INSERT INTO _events (due, kind, payload) VALUES (?, ?, ?)", Json::array({at, kind, payload}));
    ctx.earliest_scheduled = std::min<int64_t>(ctx.earliest_scheduled, at);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty()) luaL_error(L, "clock.schedule: %s", error.c_str());
  lua_pushinteger(L, sqlite3_last_insert_rowid(ctx.world->handle()));
  return 1;
}

// Uniform integer in [lo, hi] (Lemire's multiply-shift; GCC and Clang both have 128-bit integers).
__extension__ using Uint128 = unsigned __int128;

lua_Integer draw_int(lua_State* L, lua_Integer lo, lua_Integer hi) {
  if (lo > hi) luaL_error(L, "rng.int: empty interval [%I, %I]", lo, hi);
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  const uint64_t x = splitmix64(context_of(L).rng);
  if (range == 0) return static_cast<lua_Integer>(x);  // the whole 64-bit range
  return lo + static_cast<lua_Integer>((static_cast<Uint128>(x) * range) >> 64);
}

int rng_int(lua_State* L) {
  lua_pushinteger(L, draw_int(L, luaL_checkinteger(L, 1), luaL_checkinteger(L, 2)));
  return 1;
}

int rng_float(lua_State* L) {
  lua_pushnumber(L, static_cast<double>(splitmix64(context_of(L).rng) >> 11) * 0x1.0p-53);
  return 1;
}

int rng_pick(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const lua_Integer n = luaL_len(L, 1);
  if (n == 0) luaL_error(L, "rng.pick: empty list");
  lua_geti(L, 1, draw_int(L, 1, n));  // not raw: a frozen file-level list reads through its metatable
  return 1;
}

int rng_shuffle(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  for (lua_Integer i = luaL_len(L, 1); i > 1; --i) {
    const lua_Integer j = draw_int(L, 1, i);
    lua_geti(L, 1, i);  // not raw: a frozen file-level list refuses the writes
    lua_geti(L, 1, j);
    lua_seti(L, 1, i);
    lua_seti(L, 1, j);
  }
  lua_settop(L, 1);
  return 1;
}

// math.random with Lua's signature, drawing from the episode's generator.
int math_random(lua_State* L) {
  switch (lua_gettop(L)) {
    case 0: return rng_float(L);
    case 1: lua_pushinteger(L, draw_int(L, 1, luaL_checkinteger(L, 1))); return 1;
    default: lua_pushinteger(L, draw_int(L, luaL_checkinteger(L, 1), luaL_checkinteger(L, 2))); return 1;
  }
}

int actor(lua_State* L) {
  lua_pushstring(L, context_of(L).actor.c_str());
  return 1;
}

int fail(lua_State* L) {
  Json detail{{"code", luaL_checkstring(L, 1)}, {"message", luaL_optstring(L, 2, "")}};
  if (!lua_isnoneornil(L, 3)) detail["hint"] = luaL_checkstring(L, 3);
  raise_fail(L, detail);
}

int violation(lua_State* L) {
  ScriptContext& ctx = context_of(L);
  if (!ctx.violations) luaL_error(L, "violation() is not available here");
  ctx.violations->push_back(Violation{luaL_checkstring(L, 1), luaL_checkstring(L, 2), ctx.call_index, false});
  return 0;
}

int check(lua_State* L) {
  ScriptContext& ctx = context_of(L);
  if (!ctx.checks) luaL_error(L, "check() is only available in verifiers");
  CheckResult result;
  result.name = luaL_checkstring(L, 1);
  result.passed = lua_toboolean(L, 2);
  if (!lua_isnoneornil(L, 3)) result.detail = luaL_tolstring(L, 3, nullptr);
  ctx.checks->push_back(std::move(result));
  return 0;
}

// judge(name, rubric, text): a check for a judge model to decide later (opsgym/verify.hpp JudgedCheck).
int judge(lua_State* L) {
  ScriptContext& ctx = context_of(L);
  if (!ctx.judged) luaL_error(L, "judge() is only available in verifiers");
  ctx.judged->push_back({luaL_checkstring(L, 1), luaL_checkstring(L, 2), luaL_checkstring(L, 3), std::nullopt, ""});
  return 0;
}

// mentions(text, phrase): the phrase occurs in the text by words (verify/word_match.hpp).
int mentions(lua_State* L) {
  size_t text_size = 0, phrase_size = 0;
  const char* text = luaL_checklstring(L, 1, &text_size);
  const char* phrase = luaL_checklstring(L, 2, &phrase_size);
  lua_pushboolean(L, opsgym::mentions({text, text_size}, {phrase, phrase_size}));
  return 1;
}

int array(lua_State* L) {
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  mark_array(L);
  return 1;
}

int json_encode(lua_State* L) {
  std::string text, error;
  try {
    text = to_json(L, 1).dump();
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty()) luaL_error(L, "json.encode: %s", error.c_str());
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

// Text nested deeper than JSON from clients may be (kMaxJsonDepth) is refused the same way.
int json_decode(lua_State* L) {
  size_t size = 0;
  const char* text = luaL_checklstring(L, 1, &size);
  Json value;
  std::string error;
  try {
    value = parse_json({text, size});
  } catch (const JsonTooDeep& e) {
    error = e.what();
  } catch (const std::exception&) {
    error = "malformed JSON";
  }
  if (!error.empty()) luaL_error(L, "json.decode: %s", error.c_str());
  push_json(L, value);
  return 1;
}

void set_functions(lua_State* L, const char* name, std::initializer_list<luaL_Reg> functions) {
  lua_createtable(L, 0, static_cast<int>(functions.size()));
  for (const auto& f : functions) {
    lua_pushcfunction(L, f.func);
    lua_setfield(L, -2, f.name);
  }
  lua_setglobal(L, name);
}

}  // namespace

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void set_context(lua_State* L, ScriptContext* context) {
  lua_pushlightuserdata(L, context);
  lua_setfield(L, LUA_REGISTRYINDEX, kContextKey);
}

ScriptContext& context_of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kContextKey);
  auto* context = static_cast<ScriptContext*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  if (!context || !context->world)
    luaL_error(L, "the World is only reachable while a tool, rule, event, seed or verifier runs (not at load time)");
  return *context;
}

void set_schema(lua_State* L, const std::vector<std::pair<std::string, std::vector<std::string>>>& tables) {
  lua_getfield(L, LUA_REGISTRYINDEX, kSchemaKey);
  auto* schema = static_cast<Schema*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  schema->clear();
  for (const auto& [table, columns] : tables) (*schema)[table] = {columns.begin(), columns.end()};
}

void install_bindings(lua_State* L) {
  // The schema map lives in a full userdata so the state owns (and frees) it.
  push_owned<Schema>(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kSchemaKey);
  install_column_names(L);

  set_functions(L, "db", {{"query", db_query}, {"one", db_one}, {"value", db_value}, {"version", db_version}, {"exec", db_exec},
                          {"insert", db_insert}, {"update", db_update}, {"delete", db_delete}});
  set_functions(L, "clock", {{"now", clock_now}, {"iso", clock_iso}, {"parse", clock_parse}, {"schedule", clock_schedule}});
  set_functions(L, "rng", {{"int", rng_int}, {"float", rng_float}, {"pick", rng_pick}, {"shuffle", rng_shuffle}});
  set_functions(L, "json", {{"encode", json_encode}, {"decode", json_decode}});
  lua_getglobal(L, "math");
  lua_pushcfunction(L, math_random);
  lua_setfield(L, -2, "random");
  lua_pop(L, 1);
  lua_register(L, "actor", actor);
  lua_register(L, "fail", fail);
  lua_register(L, "violation", violation);
  lua_register(L, "check", check);
  lua_register(L, "array", array);
  lua_register(L, "mentions", mentions);
  lua_register(L, "judge", judge);
  push_null(L);
  lua_setglobal(L, "null");
}

}  // namespace opsgym::lua
