#pragma once
// One Lua state loaded with an environment's compiled code (tools, rules, event handlers, modules).
// Runtimes hold no episode state, so any idle one can serve any episode: the pool hands them out.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "opsgym/environment.hpp"
#include "script/context.hpp"
#include "script/file_state_seal.hpp"
#include "script/lua_state.hpp"

namespace opsgym {

struct SourceFile {
  std::string chunkname;  // shown in errors, e.g. "itsm/tools/assign.lua"
  std::string text;
};

// Everything an environment's scripts need, read from disk once.
struct EnvironmentCode {
  std::string name;
  // In package order (shared parts first, then the environment): names must be unique across all of them.
  std::vector<SourceFile> tools;
  std::vector<SourceFile> rules;
  std::vector<SourceFile> events;
  std::map<std::string, SourceFile> modules;  // require name → source (the packages' lib/, then verifiers/)
  std::vector<std::pair<std::string, std::vector<std::string>>> schema;  // table → columns
  // A composite's systems: a rule of one that names no tools covers that system's own tools only.
  std::set<std::string> systems;
  Limits limits;
};

// A tool as its file declares it; `parameters` is the declaration, not yet a JSON Schema.
struct DeclaredTool {
  std::string name, description, file;
  Json parameters;
  bool read_only = false;
};

struct DeclaredRule {
  RuleSpec spec;
  std::set<std::string> tools;  // empty: every tool
  bool after = false;           // runs after the tool body
  std::string file;             // the rules file that declares it
};

struct CallOutcome {
  bool ok = false;
  std::string output_text;  // the tool's result, or {"error": {code, message, hint?}}, as JSON text
};

class ScriptRuntime {
 public:
  // Loads every script; throws AuthoringError naming file and line.
  explicit ScriptRuntime(const EnvironmentCode& code);

  const std::vector<DeclaredTool>& tools() const { return tools_; }
  const std::vector<DeclaredRule>& rules() const { return rules_; }
  bool has_event_handler(const std::string& kind) const { return event_kinds_.count(kind) > 0; }

  // Rules before, the body, rules after. Violations go to ctx.violations. Never throws for script faults.
  CallOutcome call_tool(lua::ScriptContext& ctx, const std::string& tool, const Json& args);
  // Throws lua::ScriptError.
  void run_event(lua::ScriptContext& ctx, const std::string& kind, const Json& payload, const Json& event);
  // Runs a seed or setup chunk, without the wall-time limit (see the definition). Throws AuthoringError
  // (syntax) or lua::ScriptError.
  void run_chunk(lua::ScriptContext& ctx, const std::string& source, const std::string& chunkname);
  // Runs a verifier with `inputs` (an object) as extra globals; the compiled chunk is cached by name.
  void run_verifier(lua::ScriptContext& ctx, const std::string& source, const std::string& chunkname,
                    const Json& inputs);

 private:
  static int require_module(lua_State* L);
  void load_tools(const SourceFile& file);
  void load_rules(const SourceFile& file);
  void load_events(const SourceFile& file);
  void preload_modules();
  // Refuses (AuthoringError) what could keep state between calls and freezes every table the loaded
  // code can reach: see file_state_seal.hpp.
  void seal_loaded_code(lua::FileStateSeal& seal);
  // Which rules each tool runs before and after its body, in declaration order: worked out once, not
  // by matching every rule's tool list on every call.
  struct RulePlan {
    std::vector<size_t> before, after;
  };
  void plan_rules();
  const RulePlan& rules_for(const std::string& tool) const;
  // Runs the matching rules of one phase; returns the first enforced violation's message, if any.
  std::optional<std::string> check_rules(lua::ScriptContext& ctx, const std::string& tool, bool after, int call_table);
  void call(lua::ScriptContext& ctx, int nargs, int nresults);

  const EnvironmentCode& code_;
  lua::LuaState state_;
  std::vector<DeclaredTool> tools_;
  std::vector<DeclaredRule> rules_;
  std::unordered_map<std::string, RulePlan> rules_by_tool_;
  RulePlan rules_for_any_tool_;  // for a name no tool has: the rules that apply to every tool
  std::map<std::string, std::string> event_kinds_;  // kind → the events file handling it
};

// Idle runtimes of one environment; acquire() creates one when none is free.
class ScriptPool {
 public:
  explicit ScriptPool(std::shared_ptr<const EnvironmentCode> code);
  ~ScriptPool();

  class Lease {
   public:
    Lease(ScriptPool& pool, std::unique_ptr<ScriptRuntime> runtime) : pool_(&pool), runtime_(std::move(runtime)) {}
    Lease(Lease&&) = default;
    ~Lease();
    ScriptRuntime* operator->() const { return runtime_.get(); }
    ScriptRuntime& operator*() const { return *runtime_; }

   private:
    ScriptPool* pool_;
    std::unique_ptr<ScriptRuntime> runtime_;
  };

  Lease acquire();
  const EnvironmentCode& code() const { return *code_; }

 private:
  std::shared_ptr<const EnvironmentCode> code_;
  std::mutex mutex_;
  // acquire() prefers the runtime this thread used last: a Lua state is hundreds of kilobytes, and one
  // handed between server threads is cold in the other core's cache (thread CPU time per HTTP step 55 →
  // 41 µs measured with 2 server threads when runtimes stayed with their thread).
  struct Idle {
    std::unique_ptr<ScriptRuntime> runtime;
    std::thread::id last_thread;
  };
  std::vector<Idle> idle_;
};

}  // namespace opsgym
