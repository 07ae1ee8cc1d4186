#pragma once
// An environment package (environments/<name>/) loaded and compiled once; immutable and shared by every
// episode that plays it. Base Worlds are built per (seed, task) on first use and cached as snapshots.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "opsgym/task.hpp"
#include "opsgym/world.hpp"

namespace opsgym {

// The wire forms a tool is offered in: OpenAI Chat Completions, OpenAI Responses, MCP.
enum class ToolFormat { openai_chat, openai_responses, mcp };
std::optional<ToolFormat> tool_format_named(std::string_view name);  // "openai_chat", ...
const char* name_of(ToolFormat format);

// A tool as declared in tools/*.lua. `parameters` is the JSON Schema of its arguments.
struct ToolSpec {
  std::string name;
  std::string description;
  Json parameters;
  bool read_only = false;
  std::string file;

  Json openai_chat() const;       // {"type":"function","function":{name,description,parameters}}
  Json openai_responses() const;  // {"type":"function",name,description,parameters}
  Json mcp() const;               // {name,description,inputSchema}
  Json in(ToolFormat format) const;  // one of the three above
};

struct RuleSpec {
  std::string id;
  std::string description;
  bool enforced = false;  // enforced: the tool refuses; observed: the call proceeds and is recorded
};

// A reason an infeasible task's refusal may give (env.yaml refusal_reasons). A refusal gives it when
// its answer mentions one of the phrases by words (verify/word_match.hpp).
struct RefusalReason {
  std::string id;
  std::string summary;
  std::vector<std::string> phrases;
};

struct Limits {
  int64_t instructions = 50'000'000;    // per script call (tool, rule, event, verifier); C library work is charged too
  size_t memory_bytes = 64u << 20;      // per script call: what one call may add to its Lua state
  size_t state_memory_bytes = 256u << 20;  // per Lua state: the ceiling its heap never passes, whatever calls keep
  int64_t wall_ms = 5'000;              // per script call: wall time, checked with the instruction count
  // Base Worlds kept for seeds other than the tasks' own, least recently used evicted first
  // (env/base_world_cache.hpp): about 30 seeds of the ITSM environment (two 4.3 MB images a seed).
  size_t base_world_cache_bytes = 256u << 20;
  // Tasks' Worlds kept on disk between processes (env/world_image_store.hpp): the folder (empty: none;
  // Catalog::load_default picks $OPSGYM_WORLD_CACHE or the user's cache folder) and its byte budget:
  // room for two generations of every project environment's images (0.93 GB each), so a run after an
  // edit does not evict the images the next run needs.
  std::filesystem::path world_image_dir;
  size_t world_image_bytes = size_t{2} << 30;
};

class ScriptPool;
class ToolSet;
class BaseWorldCache;
class WorldImageStore;
struct Package;

class Environment {
 public:
  // Loads and compiles a package; throws AuthoringError naming file and line on any fault.
  static std::shared_ptr<const Environment> load(const std::filesystem::path& dir,
                                                 const std::filesystem::path& verifier_lib,
                                                 Limits limits = {});
  ~Environment();

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::string& version() const { return version_; }
  const std::string& default_actor() const { return default_actor_; }
  // Whom `task` acts as: its own actor, else its system's default actor.
  const std::string& actor_of(const Task& task) const;
  // Whether `task` can be played here: it is this environment's, or a system's this composite includes.
  bool plays(const Task& task) const;
  int64_t clock_start() const { return clock_start_; }
  int64_t seconds_per_call() const { return seconds_per_call_; }
  // The shared parts it builds on (env.yaml's builds_on), in load order.
  const std::vector<std::string>& builds_on() const { return builds_on_; }
  // The systems a composite holds (env.yaml's includes), in load order; empty for a single system.
  const std::vector<std::string>& includes() const { return includes_; }
  const std::string& policy() const { return policy_; }
  const std::filesystem::path& dir() const { return dir_; }
  const std::vector<ToolSpec>& tools() const { return tools_; }
  const ToolSpec* tool(const std::string& name) const;
  const std::vector<RuleSpec>& rules() const { return rules_; }
  const std::vector<std::string>& tables() const { return tables_; }
  // A table's columns in schema order; empty for an unknown table.
  const std::vector<std::string>& columns(const std::string& table) const;
  // The reasons a refusal may give, in id order; refusal_reason(id) is null for an unknown id.
  const std::vector<RefusalReason>& refusal_reasons() const { return refusal_reasons_; }
  const RefusalReason* refusal_reason(const std::string& id) const;
  // The reasons `task`'s refusal is judged by: its own system's, for a task of a system this composite includes.
  const std::vector<RefusalReason>& refusal_reasons_for(const Task& task) const;
  // Harmful but valid calls `validate --mutants` appends to every task that offers their tool.
  const std::vector<ReferenceCall>& mutant_calls() const { return mutant_calls_; }
  const std::vector<std::shared_ptr<const Task>>& tasks() const { return tasks_; }
  const Limits& limits() const { return limits_; }

  // The World at the start of `task` (or of the bare environment when task is null) for `seed`:
  // schema, seed.lua, then the task's setup. Built once, then served from a bounded cache (a World that
  // left it is built again, byte for byte the same).
  Snapshot base_snapshot(uint64_t seed, const Task* task) const;
  // The name of the World `base_snapshot(seed, task)` gives: a digest of everything its build reads.
  std::string world_key(uint64_t seed, const Task* task) const;
  // How many base Worlds the cache holds now (the tasks' own and others' within the budget).
  size_t base_worlds_cached() const;

  // The environment's tools named in `names` (all of them when empty), shared by every episode offered
  // that list: each listing is written once per environment, not once per observation.
  std::shared_ptr<const ToolSet> tool_set(const std::vector<std::string>& names) const;

  ScriptPool& scripts() const { return *scripts_; }
  // The shared parts it builds on, the systems it includes, then itself: what its seeded Worlds are built from.
  const std::vector<Package>& packages() const { return packages_; }

 private:
  Environment() = default;
  std::string name_, description_, version_, default_actor_, policy_;
  std::vector<std::string> builds_on_, includes_;
  std::vector<Package> packages_;  // the shared parts it builds on, the systems it includes, then itself
  std::filesystem::path dir_;
  int64_t clock_start_ = 0;
  int64_t seconds_per_call_ = 60;
  std::vector<ToolSpec> tools_;
  std::vector<RuleSpec> rules_;
  std::vector<std::string> tables_;
  std::map<std::string, std::vector<std::string>> columns_;
  std::vector<RefusalReason> refusal_reasons_;
  std::map<std::string, std::vector<RefusalReason>> system_refusal_reasons_;  // a composite's, by system
  std::vector<ReferenceCall> mutant_calls_;
  std::vector<std::shared_ptr<const Task>> tasks_;
  Limits limits_;
  std::unique_ptr<ScriptPool> scripts_;
  mutable std::mutex cache_mutex_;
  std::set<uint64_t> task_seeds_;  // the tasks' own seeds: their Worlds stay cached
  std::unique_ptr<BaseWorldCache> base_cache_;
  std::unique_ptr<WorldImageStore> image_store_;
  std::string build_inputs_digest_;  // SHA-256 of everything a seeded World's build reads (world_key)
  mutable std::map<std::vector<std::string>, std::shared_ptr<const ToolSet>> tool_sets_;
};

}  // namespace opsgym
