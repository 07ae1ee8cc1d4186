#include "script/script_runtime.hpp"

#include <algorithm>
#include <regex>

#include "json/json_text.hpp"
#include "opsgym/errors.hpp"
#include "script/file_state_seal.hpp"
#include "script/lua_json.hpp"
#include "script/verifier_inputs.hpp"
#include "script/version_cache.hpp"

namespace opsgym {
namespace {

const char* const kTools = "opsgym.tools";
const char* const kRules = "opsgym.rules";
const char* const kEvents = "opsgym.events";
const char* const kModules = "opsgym.modules";
const char* const kVerifiers = "opsgym.verifiers";

// Clears the call's context however the call ends.
class ContextGuard {
 public:
  ContextGuard(lua_State* L, lua::ScriptContext* ctx) : L_(L) { lua::set_context(L, ctx); }
  ~ContextGuard() { lua::set_context(L_, nullptr); }

 private:
  lua_State* L_;
};

std::string field_string(lua_State* L, int table, const char* field, const std::string& where, bool required) {
  lua_getfield(L, table, field);
  std::string value;
  if (lua_type(L, -1) == LUA_TSTRING) {
    value = lua_tostring(L, -1);
  } else if (!lua_isnil(L, -1) || required) {
    lua_pop(L, 1);
    throw AuthoringError(where + ": field '" + field + "' must be a string");
  }
  lua_pop(L, 1);
  return value;
}

bool field_bool(lua_State* L, int table, const char* field, const std::string& where, bool fallback) {
  lua_getfield(L, table, field);
  bool value = fallback;
  if (lua_isboolean(L, -1)) {
    value = lua_toboolean(L, -1);
  } else if (!lua_isnil(L, -1)) {
    lua_pop(L, 1);
    throw AuthoringError(where + ": field '" + field + "' must be true or false");
  }
  lua_pop(L, 1);
  return value;
}

void require_function(lua_State* L, int table, const char* field, const std::string& where) {
  lua_getfield(L, table, field);
  const bool ok = lua_isfunction(L, -1);
  lua_pop(L, 1);
  if (!ok) throw AuthoringError(where + ": field '" + field + "' must be a function");
}

Json error_output(const std::string& code, const std::string& message) {
  return Json{{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

ScriptRuntime::ScriptRuntime(const EnvironmentCode& code) : code_(code), state_(code.limits) {
  lua_State* L = state_.get();
  lua::install_bindings(L);
  lua::set_schema(L, code.schema);
  lua_pushlightuserdata(L, this);
  lua_pushcclosure(L, &ScriptRuntime::require_module, 1);
  lua_setglobal(L, "require");
  lua::install_version_cache(L);
  for (const char* key : {kTools, kRules, kEvents, kModules, kVerifiers}) {
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, key);
  }
  state_.freeze_globals();
  lua::FileStateSeal seal(L);  // notes the engine's own values before any script runs
  for (const auto& file : code.tools) load_tools(file);
  for (const auto& file : code.rules) load_rules(file);
  for (const auto& file : code.events) load_events(file);
  preload_modules();
  seal_loaded_code(seal);
  plan_rules();
}

void ScriptRuntime::preload_modules() {
  // Every module runs its main chunk now, at load, not at its first `require` during some episode's
  // call: what a module computes once is then the same for every episode (and cannot read a World).
  lua_State* L = state_.get();
  for (const auto& [name, file] : code_.modules) {
    lua_getglobal(L, "require");
    lua_pushstring(L, name.c_str());
    try {
      state_.call(1, 0);
    } catch (const lua::ScriptError& e) {
      throw AuthoringError(file.chunkname + ": " + e.what());
    }
  }
}

void ScriptRuntime::seal_loaded_code(lua::FileStateSeal& seal) {
  // The engine has read every declaration table (some through raw access): now nothing reachable from
  // what it calls may change. Each registry's values are sealed under a name errors can show.
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  for (const auto& [key, kind] : {std::pair{kTools, "tool "}, std::pair{kEvents, "event handler "},
                                  std::pair{kModules, "module "}, std::pair{kRules, "rule "}}) {
    lua_getfield(L, LUA_REGISTRYINDEX, key);
    const int registry = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, registry)) {
      // Rules are kept by position (1-based), everything else by name.
      const std::string name = lua_type(L, -2) == LUA_TSTRING
                                   ? lua_tostring(L, -2)
                                   : rules_.at(static_cast<size_t>(lua_tointeger(L, -2)) - 1).spec.id;
      seal.seal(-1, kind + name);
      lua_pop(L, 1);
    }
    lua_settop(L, base);
  }
}

namespace {
// The package a script comes from: the folder its chunkname starts with ("itsm/rules.lua" → "itsm").
std::string package_of(const std::string& chunkname) { return chunkname.substr(0, chunkname.find('/')); }
}  // namespace

void ScriptRuntime::plan_rules() {
  // A rule that names its tools covers them wherever they come from. One that names none covers every
  // tool, except that in a composite a system's such rule covers only that system's tools: the roles of
  // procurement say nothing about an ITSM call, nor about a shared tool used in an ITSM task.
  auto covers = [this](const DeclaredRule& rule, const DeclaredTool* tool) {
    if (!rule.tools.empty()) return tool && rule.tools.count(tool->name) > 0;
    const std::string home = package_of(rule.file);
    if (!code_.systems.count(home)) return true;
    return tool && package_of(tool->file) == home;
  };
  auto add = [&](RulePlan& plan, const DeclaredTool* tool) {
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (covers(rules_[i], tool)) (rules_[i].after ? plan.after : plan.before).push_back(i);
    }
  };
  for (const DeclaredTool& tool : tools_) add(rules_by_tool_[tool.name], &tool);
  add(rules_for_any_tool_, nullptr);
}

const ScriptRuntime::RulePlan& ScriptRuntime::rules_for(const std::string& tool) const {
  const auto found = rules_by_tool_.find(tool);
  return found == rules_by_tool_.end() ? rules_for_any_tool_ : found->second;
}

int ScriptRuntime::require_module(lua_State* L) {
  auto* self = static_cast<ScriptRuntime*>(lua_touserdata(L, lua_upvalueindex(1)));
  const std::string name = luaL_checkstring(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, kModules);
  if (lua_getfield(L, -1, name.c_str()) != LUA_TNIL) return 1;
  lua_pop(L, 1);
  auto it = self->code_.modules.find(name);
  if (it == self->code_.modules.end())
    return luaL_error(L, "module '%s' not found (looked in the environment's lib/ and in verifiers/)", name.c_str());
  const std::string chunkname = "@" + it->second.chunkname;
  if (luaL_loadbufferx(L, it->second.text.data(), it->second.text.size(), chunkname.c_str(), "t") != LUA_OK)
    return lua_error(L);
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name.c_str());
  return 1;
}

void ScriptRuntime::load_tools(const SourceFile& file) {
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  state_.load(file.text, file.chunkname);
  try {
    state_.call(0, 1);
  } catch (const lua::ScriptError& e) {
    throw AuthoringError(file.chunkname + ": " + e.what());
  }
  if (!lua_istable(L, -1)) throw AuthoringError(file.chunkname + ": must return a tool table or a list of tools");
  // One tool, or a list of them.
  lua_getfield(L, -1, "name");
  const bool single = !lua_isnil(L, -1);
  lua_pop(L, 1);
  if (single) {
    lua_createtable(L, 1, 0);
    lua_insert(L, -2);
    lua_rawseti(L, -2, 1);
  }
  const int list = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kTools);
  const int registry = lua_gettop(L);
  static const std::regex valid_name("^[A-Za-z][A-Za-z0-9_]{0,63}$");
  const lua_Integer count = static_cast<lua_Integer>(lua_rawlen(L, list));
  if (count == 0) throw AuthoringError(file.chunkname + ": returns no tools");
  for (lua_Integer i = 1; i <= count; ++i) {
    lua_rawgeti(L, list, i);
    const int tool = lua_gettop(L);
    const std::string where = file.chunkname + (count > 1 ? " (tool " + std::to_string(i) + ")" : "");
    if (!lua_istable(L, tool)) throw AuthoringError(where + ": a tool must be a table");
    DeclaredTool declared;
    declared.file = file.chunkname;
    declared.name = field_string(L, tool, "name", where, true);
    if (!std::regex_match(declared.name, valid_name))
      throw AuthoringError(where + ": tool name '" + declared.name + "' must be letters, digits and _ (at most 64)");
    declared.description = field_string(L, tool, "description", where, true);
    declared.read_only = field_bool(L, tool, "read_only", where, false);
    require_function(L, tool, "run", where);
    lua_getfield(L, tool, "parameters");
    if (lua_isnil(L, -1)) {
      declared.parameters = Json::object();
    } else {
      try {
        declared.parameters = lua::to_json(L, -1);
      } catch (const std::exception& e) {
        throw AuthoringError(where + ": parameters: " + e.what());
      }
      if (!declared.parameters.is_object())
        throw AuthoringError(where + ": parameters must map argument names to their schemas");
    }
    lua_pop(L, 1);
    if (lua_getfield(L, registry, declared.name.c_str()) != LUA_TNIL) {
      const auto first = std::find_if(tools_.begin(), tools_.end(),
                                      [&](const DeclaredTool& tool) { return tool.name == declared.name; });
      throw AuthoringError(where + ": a tool named '" + declared.name + "' is already defined by " + first->file);
    }
    lua_pop(L, 1);
    lua_getfield(L, tool, "run");
    lua_setfield(L, registry, declared.name.c_str());
    tools_.push_back(std::move(declared));
    lua_pop(L, 1);
  }
  lua_settop(L, base);
}

void ScriptRuntime::load_rules(const SourceFile& file) {
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  state_.load(file.text, file.chunkname);
  try {
    state_.call(0, 1);
  } catch (const lua::ScriptError& e) {
    throw AuthoringError(file.chunkname + ": " + e.what());
  }
  if (!lua_istable(L, -1)) throw AuthoringError(file.chunkname + ": must return a list of rules");
  const int list = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kRules);
  const int registry = lua_gettop(L);
  const lua_Integer count = static_cast<lua_Integer>(lua_rawlen(L, list));
  for (lua_Integer i = 1; i <= count; ++i) {
    lua_rawgeti(L, list, i);
    const int rule = lua_gettop(L);
    const std::string where = file.chunkname + " (rule " + std::to_string(i) + ")";
    if (!lua_istable(L, rule)) throw AuthoringError(where + ": a rule must be a table");
    DeclaredRule declared;
    declared.file = file.chunkname;
    declared.spec.id = field_string(L, rule, "id", where, true);
    const auto same_id = std::find_if(rules_.begin(), rules_.end(),
                                      [&](const DeclaredRule& other) { return other.spec.id == declared.spec.id; });
    if (same_id != rules_.end())
      throw AuthoringError(where + ": rule id " + declared.spec.id + " is already used by " + same_id->file);
    declared.spec.description = field_string(L, rule, "description", where, true);
    lua_getfield(L, rule, "enforced");
    if (!lua_isboolean(L, -1)) throw AuthoringError(where + ": field 'enforced' must be true or false");
    declared.spec.enforced = lua_toboolean(L, -1);
    lua_pop(L, 1);
    const std::string when = field_string(L, rule, "when", where, false);
    if (!when.empty() && when != "before" && when != "after")
      throw AuthoringError(where + ": field 'when' must be \"before\" or \"after\"");
    declared.after = when == "after";
    lua_getfield(L, rule, "tools");
    if (lua_istable(L, -1)) {
      for (lua_Integer t = 1; t <= static_cast<lua_Integer>(lua_rawlen(L, -1)); ++t) {
        lua_rawgeti(L, -1, t);
        if (lua_type(L, -1) != LUA_TSTRING) throw AuthoringError(where + ": 'tools' must list tool names");
        declared.tools.insert(lua_tostring(L, -1));
        lua_pop(L, 1);
      }
    } else if (!lua_isnil(L, -1)) {
      throw AuthoringError(where + ": 'tools' must list tool names");
    }
    lua_pop(L, 1);
    require_function(L, rule, "check", where);
    lua_getfield(L, rule, "check");
    lua_rawseti(L, registry, static_cast<lua_Integer>(rules_.size()) + 1);
    rules_.push_back(std::move(declared));
    lua_pop(L, 1);
  }
  lua_settop(L, base);
}

void ScriptRuntime::load_events(const SourceFile& file) {
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  state_.load(file.text, file.chunkname);
  try {
    state_.call(0, 1);
  } catch (const lua::ScriptError& e) {
    throw AuthoringError(file.chunkname + ": " + e.what());
  }
  if (!lua_istable(L, -1)) throw AuthoringError(file.chunkname + ": must return a table of handlers by kind");
  const int handlers = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kEvents);
  lua_pushnil(L);
  while (lua_next(L, handlers)) {
    if (lua_type(L, -2) != LUA_TSTRING || !lua_isfunction(L, -1))
      throw AuthoringError(file.chunkname + ": each handler must be kind = function(payload, event)");
    const std::string kind = lua_tostring(L, -2);
    if (const auto taken = event_kinds_.find(kind); taken != event_kinds_.end())
      throw AuthoringError(file.chunkname + ": a handler for event kind '" + kind + "' is already defined by " +
                           taken->second);
    event_kinds_.emplace(kind, file.chunkname);
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, -4);
  }
  lua_settop(L, base);
}

void ScriptRuntime::call(lua::ScriptContext& ctx, int nargs, int nresults) {
  ContextGuard guard(state_.get(), &ctx);
  state_.call(nargs, nresults);
}

std::optional<std::string> ScriptRuntime::check_rules(lua::ScriptContext& ctx, const std::string& tool, bool after,
                                                      int call_table) {
  lua_State* L = state_.get();
  std::optional<std::string> refusal;
  const RulePlan& plan = rules_for(tool);
  for (const size_t i : after ? plan.after : plan.before) {
    const DeclaredRule& rule = rules_[i];
    lua_getfield(L, LUA_REGISTRYINDEX, kRules);
    lua_rawgeti(L, -1, static_cast<lua_Integer>(i) + 1);
    lua_remove(L, -2);
    lua_pushvalue(L, call_table);
    try {
      call(ctx, 1, 1);
    } catch (const lua::ScriptError& e) {
      throw lua::ScriptError(e.kind == lua::ScriptError::Kind::fail ? lua::ScriptError::Kind::runtime : e.kind,
                             "rule " + rule.spec.id + " failed: " + e.what());
    }
    std::optional<std::string> message;
    if (lua_type(L, -1) == LUA_TSTRING) {
      message = lua_tostring(L, -1);
    } else if (lua_toboolean(L, -1)) {
      message = rule.spec.description;
    }
    lua_pop(L, 1);
    if (!message) continue;
    ctx.violations->push_back(Violation{rule.spec.id, *message, ctx.call_index, rule.spec.enforced});
    if (rule.spec.enforced && !refusal) refusal = rule.spec.id + ": " + *message;
  }
  return refusal;
}

CallOutcome ScriptRuntime::call_tool(lua::ScriptContext& ctx, const std::string& tool, const Json& args) {
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  CallOutcome outcome;
  try {
    lua_createtable(L, 0, 6);
    const int call_table = lua_gettop(L);
    lua_pushstring(L, tool.c_str());
    lua_setfield(L, call_table, "tool");
    lua_pushstring(L, ctx.actor.c_str());
    lua_setfield(L, call_table, "actor");
    lua_pushinteger(L, ctx.call_index);
    lua_setfield(L, call_table, "index");
    lua::push_json(L, args);
    lua_setfield(L, call_table, "args");

    if (auto refusal = check_rules(ctx, tool, false, call_table)) {
      outcome.output_text = json_text(error_output("policy_denied", *refusal));
    } else {
      lua_getfield(L, LUA_REGISTRYINDEX, kTools);
      if (lua_getfield(L, -1, tool.c_str()) != LUA_TFUNCTION) throw lua::ScriptError(lua::ScriptError::Kind::runtime, "no tool " + tool);
      lua_remove(L, -2);
      lua::push_json(L, args);  // the body gets its own copy: rules see the arguments as sent
      lua_pushvalue(L, call_table);
      call(ctx, 2, 1);
      std::string result = R"({"ok":true})";
      if (!lua_isnil(L, -1)) {
        result.clear();
        try {
          lua::append_json_text(result, L, -1);
        } catch (const std::exception& e) {
          throw lua::ScriptError(lua::ScriptError::Kind::runtime, "tool " + tool + " returned a value JSON cannot hold: " + e.what());
        }
      }
      lua_setfield(L, call_table, "result");
      if (auto refusal = check_rules(ctx, tool, true, call_table)) {
        outcome.output_text = json_text(error_output("policy_denied", *refusal));
      } else {
        outcome.ok = true;
        outcome.output_text = std::move(result);
      }
    }
  } catch (const lua::ScriptError& e) {
    switch (e.kind) {
      case lua::ScriptError::Kind::fail: outcome.output_text = json_text(Json{{"error", e.detail}}); break;
      case lua::ScriptError::Kind::instructions:
      case lua::ScriptError::Kind::memory:
        outcome.output_text = json_text(error_output("limit_exceeded", "tool " + tool + ": " + e.what()));
        break;
      case lua::ScriptError::Kind::runtime: outcome.output_text = json_text(error_output("tool_error", e.what())); break;
    }
  }
  lua_settop(L, base);
  return outcome;
}

void ScriptRuntime::run_event(lua::ScriptContext& ctx, const std::string& kind, const Json& payload, const Json& event) {
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kEvents);
  lua_getfield(L, -1, kind.c_str());
  lua_remove(L, -2);
  if (!lua_isfunction(L, -1)) {
    lua_settop(L, base);
    throw lua::ScriptError(lua::ScriptError::Kind::runtime, "no handler for event kind '" + kind + "' in events.lua");
  }
  lua::push_json(L, payload);
  lua::push_json(L, event);
  try {
    call(ctx, 2, 0);
  } catch (...) {
    lua_settop(L, base);
    throw;
  }
  lua_settop(L, base);
}

void ScriptRuntime::run_chunk(lua::ScriptContext& ctx, const std::string& source, const std::string& chunkname) {
  state_.load(source, chunkname);
  // A World is built from a seed or setup chunk once per machine and must come out the same on every
  // machine, however slow (ITSM's seed took over 5 s under the sanitizers on a busy CI machine): only
  // the deterministic limits, instructions and memory, bound it.
  ContextGuard guard(state_.get(), &ctx);
  state_.call(0, 0, lua::LuaState::WallTime::unlimited);
}

namespace {

// Sets (or clears) each input, and the inputs built on first use, as globals in the real globals table
// behind the frozen _G.
void publish_inputs(lua_State* L, const Json& inputs, bool set) {
  lua_getfield(L, LUA_REGISTRYINDEX, lua::kRealGlobalsKey);
  for (const auto& [name, value] : inputs.items()) {
    if (set) {
      lua::push_json(L, value);
    } else {
      lua_pushnil(L);
    }
    lua_setfield(L, -2, name.c_str());
  }
  if (set) lua::publish_lazy_inputs(L, -1);
  else lua::clear_lazy_inputs(L, -1);
  lua_pop(L, 1);
}

}  // namespace

void ScriptRuntime::run_verifier(lua::ScriptContext& ctx, const std::string& source, const std::string& chunkname,
                                 const Json& inputs) {
  lua_State* L = state_.get();
  const int base = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kVerifiers);
  if (lua_getfield(L, -1, chunkname.c_str()) != LUA_TFUNCTION) {
    lua_pop(L, 1);
    try {
      state_.load(source, chunkname);
    } catch (...) {
      lua_settop(L, base);
      throw;
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, chunkname.c_str());
  }
  lua_remove(L, -2);
  // A fresh environment per run, so a verifier's own globals never outlive it; reads fall back to the
  // (frozen) globals, where the inputs are published.
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  lua_setupvalue(L, -2, 1);  // the chunk's _ENV
  // Shared modules (checks.lua) read the inputs as globals too: publish them for this run only.
  publish_inputs(L, inputs, true);
  try {
    call(ctx, 0, 0);
  } catch (...) {
    publish_inputs(L, inputs, false);
    lua_settop(L, base);
    throw;
  }
  publish_inputs(L, inputs, false);
  lua_settop(L, base);
}

ScriptPool::ScriptPool(std::shared_ptr<const EnvironmentCode> code) : code_(std::move(code)) {}
ScriptPool::~ScriptPool() = default;

ScriptPool::Lease::~Lease() {
  if (!runtime_) return;
  std::lock_guard lock(pool_->mutex_);
  pool_->idle_.push_back({std::move(runtime_), std::this_thread::get_id()});
}

ScriptPool::Lease ScriptPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto mine = std::find_if(idle_.rbegin(), idle_.rend(),
                               [me = std::this_thread::get_id()](const Idle& idle) { return idle.last_thread == me; });
      auto chosen = mine == idle_.rend() ? std::prev(idle_.end()) : std::prev(mine.base());
      auto runtime = std::move(chosen->runtime);
      idle_.erase(chosen);
      return Lease(*this, std::move(runtime));
    }
  }
  return Lease(*this, std::make_unique<ScriptRuntime>(*code_));
}

}  // namespace opsgym
