// Environment::load reads a package once: env.yaml, schema, scripts, policy and tasks, checking each so
// that an authoring fault is reported with its file (and line) instead of surfacing mid-episode.
#include "opsgym/environment.hpp"

#include <algorithm>
#include <set>

#include <sqlite3.h>

#include "env/base_world.hpp"
#include "env/base_world_cache.hpp"
#include "env/composition.hpp"
#include "env/package.hpp"
#include "env/world_image_store.hpp"
#include "env/tool_schema.hpp"
#include "env/tool_set.hpp"
#include "env/yaml_json.hpp"
#include "opsgym/errors.hpp"
#include "script/script_runtime.hpp"
#include "script/time_format.hpp"
#include "verify/word_match.hpp"

namespace opsgym {
namespace fs = std::filesystem;

namespace {

std::string required_text(const Json& doc, const std::string& field, const std::string& where) {
  if (!doc.contains(field) || doc[field].is_null()) throw AuthoringError(where + ": field '" + field + "' is required");
  if (doc[field].is_string()) return doc[field].get<std::string>();
  if (doc[field].is_number()) return doc[field].dump();
  throw AuthoringError(where + ": field '" + field + "' must be text");
}

void check_task(const Task& task, const Environment& env, const std::set<std::string>& tool_names) {
  const std::string where = task.file.string();
  if (task.environment != env.name()) {
    throw AuthoringError(where + ": environment is '" + task.environment + "' but the task lives in " + env.name());
  }
  for (const auto& tool : task.tools) {
    if (!tool_names.count(tool)) throw AuthoringError(where + ": tools: no tool named '" + tool + "'");
  }
  const std::set<std::string> offered(task.tools.begin(), task.tools.end());
  int index = 0;
  for (const auto& call : task.reference) {
    ++index;
    const bool known = task.tools.empty() ? tool_names.count(call.tool) > 0 : offered.count(call.tool) > 0;
    if (!known) {
      throw AuthoringError(where + ": reference call " + std::to_string(index) + " uses tool '" + call.tool +
                           "', which the task does not offer");
    }
  }
  for (const auto& [table, expectation] : task.expected_changes) {
    const auto& tables = env.tables();
    if (!std::binary_search(tables.begin(), tables.end(), table)) {
      throw AuthoringError(where + ": expected_changes names table '" + table + "', which the schema does not define");
    }
    const auto& columns = env.columns(table);
    for (const auto& column : expectation.columns) {
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
        throw AuthoringError(where + ": expected_changes." + table + ".columns names '" + column +
                             "', which the table does not have");
      }
    }
  }
  if (!task.refusal_reason.empty() && !env.refusal_reason(task.refusal_reason)) {
    throw AuthoringError(where + ": refusal_reason '" + task.refusal_reason +
                         "' is not one of env.yaml's refusal_reasons");
  }
}

// refusal_reasons: { id: { summary, phrases: [...] } }, each phrase with at least one word.
std::vector<RefusalReason> read_refusal_reasons(const Json& doc, const std::string& where) {
  std::vector<RefusalReason> out;
  if (!doc.contains("refusal_reasons")) return out;
  const Json& reasons = doc["refusal_reasons"];
  if (!reasons.is_object()) throw AuthoringError(where + ": refusal_reasons must map reason ids to {summary, phrases}");
  for (const auto& [id, spec] : reasons.items()) {
    const std::string at = where + ": refusal_reasons." + id;
    if (!spec.is_object()) throw AuthoringError(at + " must be {summary, phrases}");
    for (const auto& [key, _] : spec.items()) {
      if (key != "summary" && key != "phrases") throw AuthoringError(at + ": unknown field '" + key + "'");
    }
    RefusalReason reason{id, required_text(spec, "summary", at), {}};
    if (!spec.contains("phrases") || !spec["phrases"].is_array() || spec["phrases"].empty()) {
      throw AuthoringError(at + ".phrases must list at least one phrase");
    }
    for (const auto& phrase : spec["phrases"]) {
      if (!phrase.is_string() || WordText(phrase.get<std::string>()).words().empty()) {
        throw AuthoringError(at + ".phrases: every phrase must be text with at least one word");
      }
      reason.phrases.push_back(phrase.get<std::string>());
    }
    out.push_back(std::move(reason));
  }
  return out;  // nlohmann's object keeps keys sorted: id order
}

// A composite's reasons: those of its systems, then its own. Two systems may give one reason (not_found,
// self_approval): it then has every phrase either gives, and both summaries.
void merge_refusal_reasons(std::vector<RefusalReason>& into, std::vector<RefusalReason> more) {
  for (auto& reason : more) {
    auto same = std::find_if(into.begin(), into.end(), [&](const RefusalReason& r) { return r.id == reason.id; });
    if (same == into.end()) {
      into.push_back(std::move(reason));
      continue;
    }
    if (same->summary != reason.summary) same->summary += "; " + reason.summary;
    for (auto& phrase : reason.phrases) {
      if (!std::count(same->phrases.begin(), same->phrases.end(), phrase)) same->phrases.push_back(std::move(phrase));
    }
  }
  std::sort(into.begin(), into.end(), [](const RefusalReason& a, const RefusalReason& b) { return a.id < b.id; });
}

// mutant_calls: [ { tool, args } ], each naming a tool of the environment.
std::vector<ReferenceCall> read_mutant_calls(const Json& doc, const std::string& where,
                                             const std::vector<ToolSpec>& tools) {
  std::vector<ReferenceCall> out;
  if (!doc.contains("mutant_calls")) return out;
  const Json& calls = doc["mutant_calls"];
  if (!calls.is_array()) throw AuthoringError(where + ": mutant_calls must be a list of {tool, args}");
  for (const auto& call : calls) {
    const std::string at = where + ": mutant_calls[" + std::to_string(out.size() + 1) + "]";
    if (!call.is_object() || !call.contains("tool") || !call["tool"].is_string() ||
        (call.contains("args") && !call["args"].is_object())) {
      throw AuthoringError(at + " must be {tool, args}");
    }
    const std::string tool = call["tool"].get<std::string>();
    const bool known = std::any_of(tools.begin(), tools.end(), [&](const ToolSpec& t) { return t.name == tool; });
    if (!known) throw AuthoringError(at + ": no tool named '" + tool + "'");
    out.push_back({tool, call.value("args", Json::object())});
  }
  return out;
}

// Appends `text` to `out` with its length first, so that no two lists of fields read the same.
void append_field(std::string& out, const std::string& text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

// Everything a seeded World's build reads besides the seed: the packages' SQL and seeds, every module a
// seed may require, the start of the clock, the default actor, SQLite and the engine binary itself (its
// size and time: a rebuilt engine names new images rather than trusting old ones).
std::string build_inputs_digest(const Environment& env, const std::vector<Package>& packages, const EnvironmentCode& code) {
  std::string inputs = "opsgym world build 1";
  append_field(inputs, sqlite3_libversion());
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    append_field(inputs, std::to_string(fs::file_size(self, error)));
    append_field(inputs, std::to_string(fs::last_write_time(self, error).time_since_epoch().count()));
  }
  append_field(inputs, env.name());
  append_field(inputs, std::to_string(env.clock_start()));
  append_field(inputs, env.default_actor());
  for (const auto& package : packages) {
    for (const std::string* text : {&package.name, &package.schema_sql, &package.seed_lua, &package.indexes_sql}) {
      append_field(inputs, *text);
    }
  }
  for (const auto& [name, module] : code.modules) {
    append_field(inputs, name);
    append_field(inputs, module.text);
  }
  return sha256_hex(inputs);
}

}  // namespace

Environment::~Environment() = default;

const std::vector<std::string>& Environment::columns(const std::string& table) const {
  static const std::vector<std::string> none;
  const auto found = columns_.find(table);
  return found == columns_.end() ? none : found->second;
}

const RefusalReason* Environment::refusal_reason(const std::string& id) const {
  for (const auto& reason : refusal_reasons_) {
    if (reason.id == id) return &reason;
  }
  return nullptr;
}

const std::string& Environment::actor_of(const Task& task) const {
  if (!task.actor.empty()) return task.actor;
  for (const auto& package : packages_) {
    if (package.name == task.environment && !package.is_part) return package.default_actor;
  }
  return default_actor_;
}

const std::vector<RefusalReason>& Environment::refusal_reasons_for(const Task& task) const {
  const auto system = system_refusal_reasons_.find(task.environment);
  return system == system_refusal_reasons_.end() ? refusal_reasons_ : system->second;
}

bool Environment::plays(const Task& task) const {
  return task.environment == name_ || std::count(includes_.begin(), includes_.end(), task.environment) > 0;
}

const ToolSpec* Environment::tool(const std::string& name) const {
  for (const auto& spec : tools_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::shared_ptr<const Environment> Environment::load(const fs::path& dir, const fs::path& verifier_lib, Limits limits) {
  if (!fs::is_directory(dir)) throw AuthoringError(dir.string() + ": not an environment folder");
  std::shared_ptr<Environment> env(new Environment());
  env->dir_ = dir;
  env->limits_ = limits;
  env->base_cache_ = std::make_unique<BaseWorldCache>(limits.base_world_cache_bytes);
  const std::string folder = dir.filename().string();

  const fs::path env_yaml = dir / "env.yaml";
  const Json doc = load_yaml_file(env_yaml);
  const std::string where = env_yaml.string();
  if (!doc.is_object()) throw AuthoringError(where + ": must be a map of fields");
  for (const auto& [key, _] : doc.items()) {
    static const std::set<std::string> known = {"name",          "description", "version",          "builds_on",
                                                "includes",      "default_actor", "clock_start", "seconds_per_call",
                                                "refusal_reasons", "mutant_calls"};
    if (!known.count(key)) throw AuthoringError(where + ": unknown field '" + key + "'");
  }
  env->name_ = required_text(doc, "name", where);
  if (env->name_ != folder) throw AuthoringError(where + ": name '" + env->name_ + "' differs from its folder " + folder);
  env->description_ = required_text(doc, "description", where);
  env->version_ = required_text(doc, "version", where);
  env->default_actor_ = required_text(doc, "default_actor", where);
  const auto start = parse_iso8601(required_text(doc, "clock_start", where));
  if (!start) throw AuthoringError(where + ": clock_start must be a UTC time like 2026-03-02T09:00:00Z");
  env->clock_start_ = *start;
  if (doc.contains("seconds_per_call")) {
    if (!doc["seconds_per_call"].is_number_integer() || doc["seconds_per_call"].get<int64_t>() < 0) {
      throw AuthoringError(where + ": seconds_per_call must be a whole number of seconds, at least 0");
    }
    env->seconds_per_call_ = doc["seconds_per_call"].get<int64_t>();
  }

  Composition composition = read_composition(dir, doc, where, env->default_actor_);
  env->packages_ = std::move(composition.packages);
  env->builds_on_ = std::move(composition.parts);
  for (const auto& system : composition.systems) env->includes_.push_back(system.name);
  // The agent reads the environment's policy, then those of the systems it includes and the parts.
  for (auto package = env->packages_.rbegin(); package != env->packages_.rend(); ++package) {
    if (package->policy.empty()) continue;
    env->policy_ += (env->policy_.empty() ? "" : "\n\n") + package->policy;
  }

  auto code = std::make_shared<EnvironmentCode>();
  code->name = env->name_;
  code->systems = std::set<std::string>(env->includes_.begin(), env->includes_.end());
  code->limits = limits;
  code->schema = read_schemas(env->packages_);
  for (const auto& [table, columns] : code->schema) {
    env->tables_.push_back(table);
    env->columns_[table] = columns;
  }
  for (const auto& system : composition.systems) {
    const auto& own = env->system_refusal_reasons_[system.name] = read_refusal_reasons(system.doc, system.yaml);
    merge_refusal_reasons(env->refusal_reasons_, own);
  }
  merge_refusal_reasons(env->refusal_reasons_, read_refusal_reasons(doc, where));
  for (const auto& package : env->packages_) add_package_code(package, *code);
  if (env->includes_.empty() && std::none_of(code->tools.begin(), code->tools.end(),
                   [&](const SourceFile& file) { return file.chunkname.rfind(folder + "/", 0) == 0; })) {
    throw AuthoringError((dir / "tools").string() + ": no tool files (*.lua)");
  }
  // Modules: the packages' lib/ win over the shared verifier library on a name clash.
  for (const auto& file : files_in(verifier_lib, ".lua")) {
    code->modules.emplace(file.stem().string(), read_source(file, "verifiers/" + file.filename().string()));
  }
  env->scripts_ = std::make_unique<ScriptPool>(code);
  env->image_store_ = std::make_unique<WorldImageStore>(limits.world_image_dir, limits.world_image_bytes);
  env->build_inputs_digest_ = build_inputs_digest(*env, env->packages_, *code);

  {
    auto runtime = env->scripts_->acquire();  // compiles every script: syntax errors surface here
    for (const auto& declared : runtime->tools()) {
      ToolSpec spec{declared.name, declared.description,
                    build_parameters_schema(declared.parameters, declared.file + ": tool " + declared.name),
                    declared.read_only, declared.file};
      env->tools_.push_back(std::move(spec));
    }
    std::sort(env->tools_.begin(), env->tools_.end(),
              [](const ToolSpec& a, const ToolSpec& b) { return a.name < b.name; });
    for (const auto& rule : runtime->rules()) env->rules_.push_back(rule.spec);
  }
  for (const auto& system : composition.systems) {
    for (auto& call : read_mutant_calls(system.doc, system.yaml, env->tools_)) env->mutant_calls_.push_back(std::move(call));
  }
  for (auto& call : read_mutant_calls(doc, where, env->tools_)) env->mutant_calls_.push_back(std::move(call));

  std::set<std::string> tool_names;
  for (const auto& spec : env->tools_) tool_names.insert(spec.name);
  std::set<std::string> ids;
  for (const auto& file : files_in(dir / "tasks", ".yaml")) {
    auto task = std::make_shared<Task>(Task::load(file));
    check_task(*task, *env, tool_names);
    if (!ids.insert(task->id).second) throw AuthoringError(file.string() + ": duplicate task id " + task->id);
    env->task_seeds_.insert(task->seed);
    env->tasks_.push_back(std::move(task));
  }
  return env;
}

std::shared_ptr<const ToolSet> Environment::tool_set(const std::vector<std::string>& names) const {
  std::lock_guard lock(cache_mutex_);
  auto& set = tool_sets_[names];
  if (!set) {
    std::vector<ToolSpec> chosen;
    for (const auto& spec : tools_) {
      if (names.empty() || std::count(names.begin(), names.end(), spec.name)) chosen.push_back(spec);
    }
    set = std::make_shared<const ToolSet>(std::move(chosen), std::vector<ToolSpec>{});
  }
  return set;
}

Snapshot Environment::base_snapshot(uint64_t seed, const Task* task) const {
  const auto key = std::make_pair(seed, task ? task->id : std::string());
  {
    std::lock_guard lock(cache_mutex_);
    if (Snapshot found = base_cache_->find(key)) return found;
  }
  // A task's World at its own seed, and the seeded World under it, are what suites play: kept for good,
  // and the task's also on disk for the next process (the seeded one is only ever built from).
  const bool own_seed = task ? seed == task->seed && std::any_of(tasks_.begin(), tasks_.end(),
                                                                  [&](const auto& own) { return own.get() == task; })
                             : task_seeds_.count(seed) > 0;
  const bool on_disk = task && own_seed && image_store_->enabled();
  const std::string image_key = on_disk ? world_key(seed, task) : std::string();
  // Built outside the lock: a task's World starts from the seed's, which takes the lock itself. Two
  // threads may build the same World at once; both are identical, and the first one stored wins.
  Snapshot built = on_disk ? image_store_->load(image_key) : nullptr;
  if (!built) {
    built = task ? build_task_world(*this, base_snapshot(seed, nullptr), *task, seed)
                 : build_seed_world(*this, packages_, seed);
    if (on_disk) image_store_->save(image_key, built);
  }
  std::lock_guard lock(cache_mutex_);
  return base_cache_->add(key, std::move(built), own_seed);
}

std::string Environment::world_key(uint64_t seed, const Task* task) const {
  std::string inputs = build_inputs_digest_;
  append_field(inputs, std::to_string(seed));
  if (task) {
    append_field(inputs, task->id);
    append_field(inputs, task->setup_lua);
    append_field(inputs, task->actor);
    append_field(inputs, task->start_time ? std::to_string(*task->start_time) : std::string("-"));
  }
  return sha256_hex(inputs);
}

size_t Environment::base_worlds_cached() const {
  std::lock_guard lock(cache_mutex_);
  return base_cache_->entries();
}

}  // namespace opsgym
