// Task::load: one task YAML file, checked field by field so an author learns exactly what is wrong.
#include <fstream>
#include <set>
#include <sstream>

#include "env/yaml_json.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/task.hpp"
#include "script/time_format.hpp"

namespace opsgym {

const char* to_string(FinishStatus status) { return status == FinishStatus::done ? "done" : "refused"; }

FinishStatus parse_finish_status(const std::string& text) {
  if (text == "done") return FinishStatus::done;
  if (text == "refused") return FinishStatus::refused;
  throw std::invalid_argument("status must be \"done\" or \"refused\", not \"" + text + "\"");
}

namespace {

class Fields {
 public:
  Fields(const Json& object, std::string where) : object_(object), where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw AuthoringError(where_ + ": field '" + field + "' " + what);
  }
  bool has(const std::string& field) const { return object_.contains(field) && !object_[field].is_null(); }
  const Json& get(const std::string& field) const { return object_[field]; }

  std::string text(const std::string& field, bool required = false) const {
    if (!has(field)) {
      if (required) fail(field, "is required");
      return {};
    }
    const Json& value = object_[field];
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number() || value.is_boolean()) return value.dump();
    fail(field, "must be text");
  }
  int64_t integer(const std::string& field, int64_t fallback, int64_t min) const {
    if (!has(field)) return fallback;
    const Json& value = object_[field];
    if (!value.is_number_integer() || value.get<int64_t>() < min) {
      fail(field, "must be an integer of at least " + std::to_string(min));
    }
    return value.get<int64_t>();
  }
  bool boolean(const std::string& field, bool fallback) const {
    if (!has(field)) return fallback;
    if (!object_[field].is_boolean()) fail(field, "must be true or false");
    return object_[field].get<bool>();
  }
  std::vector<std::string> names(const std::string& field) const {
    std::vector<std::string> out;
    if (!has(field)) return out;
    const Json& value = object_[field];
    if (!value.is_array()) fail(field, "must be a list of names");
    for (const auto& item : value) {
      if (!item.is_string()) fail(field, "must be a list of names");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  void only(const std::set<std::string>& allowed) const {
    for (const auto& [key, _] : object_.items()) {
      if (!allowed.count(key)) {
        std::string known;
        for (const auto& name : allowed) known += (known.empty() ? "" : ", ") + name;
        throw AuthoringError(where_ + ": unknown field '" + key + "' (known: " + known + ")");
      }
    }
  }

 private:
  const Json& object_;
  std::string where_;
};

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw AuthoringError(file.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A count bound: an integer >= 0, or "any" (-1).
int bound(const Json& value, const std::string& where) {
  if (value.is_string() && value.get<std::string>() == "any") return -1;
  if (value.is_number_integer() && value.get<int64_t>() >= 0) return static_cast<int>(value.get<int64_t>());
  throw AuthoringError(where + " must be a count or \"any\"");
}

std::map<std::string, TableExpectation> read_expected_changes(const Fields& fields, const std::string& where) {
  std::map<std::string, TableExpectation> out;
  if (!fields.has("expected_changes")) return out;
  const Json& tables = fields.get("expected_changes");
  if (!tables.is_object()) fields.fail("expected_changes", "must map table names to allowed changes");
  for (const auto& [table, spec] : tables.items()) {
    const std::string at = where + ": expected_changes." + table;
    if (!spec.is_object()) throw AuthoringError(at + " must be {inserted, updated, deleted}");
    Fields(spec, at).only({"inserted", "updated", "deleted", "columns"});
    TableExpectation expectation;
    if (spec.contains("inserted")) expectation.inserted = bound(spec["inserted"], at + ".inserted");
    if (spec.contains("deleted")) expectation.deleted = bound(spec["deleted"], at + ".deleted");
    if (spec.contains("updated")) {
      if (spec["updated"].is_array()) {
        if (spec["updated"].empty()) throw AuthoringError(at + ".updated must list at least one key");
        expectation.updated_keys.assign(spec["updated"].begin(), spec["updated"].end());
        expectation.updated = static_cast<int>(expectation.updated_keys.size());
      } else {
        expectation.updated = bound(spec["updated"], at + ".updated");
      }
    }
    expectation.columns = Fields(spec, at).names("columns");
    if (spec.contains("columns") && expectation.columns.empty()) {
      throw AuthoringError(at + ".columns must list at least one column");
    }
    out[table] = std::move(expectation);
  }
  return out;
}

void read_reference(const Fields& fields, const std::string& where, Task& task) {
  if (!fields.has("reference")) fields.fail("reference", "is required (every task ships a solution)");
  const Json& reference = fields.get("reference");
  if (!reference.is_object()) fields.fail("reference", "must be {calls, answer, status}");
  Fields ref(reference, where + ": reference");
  ref.only({"calls", "answer", "status"});
  if (ref.has("calls")) {
    if (!reference["calls"].is_array()) ref.fail("calls", "must be a list of {tool, args}");
    int index = 0;
    for (const auto& call : reference["calls"]) {
      ++index;
      const std::string at = where + ": reference call " + std::to_string(index);
      if (!call.is_object()) throw AuthoringError(at + " must be {tool, args}");
      Fields call_fields(call, at);
      call_fields.only({"tool", "args"});
      ReferenceCall parsed{call_fields.text("tool", true), Json::object()};
      if (call_fields.has("args")) {
        if (!call["args"].is_object()) call_fields.fail("args", "must be a map of arguments");
        parsed.args = call["args"];
      }
      task.reference.push_back(std::move(parsed));
    }
  }
  task.reference_answer = ref.text("answer");
  try {
    task.reference_status = parse_finish_status(ref.has("status") ? ref.text("status") : "done");
  } catch (const std::invalid_argument& e) {
    ref.fail("status", e.what());
  }
}

std::vector<AcceptedMutant> read_accepted_mutants(const Fields& fields, const std::string& where) {
  std::vector<AcceptedMutant> out;
  if (!fields.has("accepted_mutants")) return out;
  const Json& list = fields.get("accepted_mutants");
  if (!list.is_array()) fields.fail("accepted_mutants", "must be a list of {mutant, why}");
  for (const auto& item : list) {
    const std::string at = where + ": accepted_mutants[" + std::to_string(out.size() + 1) + "]";
    if (!item.is_object()) throw AuthoringError(at + " must be {mutant, why}");
    Fields entry(item, at);
    entry.only({"mutant", "why"});
    AcceptedMutant accepted{entry.text("mutant", true), entry.text("why", true)};
    if (accepted.why.empty()) entry.fail("why", "must say why the mutant is still a correct solution");
    out.push_back(std::move(accepted));
  }
  return out;
}

}  // namespace

Task Task::load(const std::filesystem::path& file) {
  const Json doc = load_yaml_file(file);
  const std::string where = file.string();
  if (!doc.is_object()) throw AuthoringError(where + ": a task file must be a map of fields");
  Fields fields(doc, where);
  fields.only({"id", "title", "environment", "seed", "actor", "start", "tags", "feasible", "max_steps", "prompt",
               "tools", "setup", "reference", "expected_changes", "refusal_reason", "accepted_mutants", "verifier"});

  Task task;
  task.file = file;
  task.id = fields.text("id", true);
  if (task.id != file.stem().string()) {
    fields.fail("id", "is '" + task.id + "' but the file is named " + file.filename().string());
  }
  task.title = fields.text("title");
  task.environment = fields.text("environment", true);
  task.seed = static_cast<uint64_t>(fields.integer("seed", 1, 0));
  task.actor = fields.text("actor");
  if (fields.has("start")) {
    task.start_time = parse_iso8601(fields.text("start"));
    if (!task.start_time) fields.fail("start", "must be a UTC time like 2026-03-02T09:00:00Z");
  }
  task.prompt = fields.text("prompt", true);
  task.tags = fields.names("tags");
  if (fields.has("tools") && !(fields.get("tools").is_string() && fields.text("tools") == "all")) {
    task.tools = fields.names("tools");
    if (task.tools.empty()) fields.fail("tools", "must be \"all\" or a non-empty list of tool names");
  }
  task.feasible = fields.boolean("feasible", true);
  task.max_steps = static_cast<int>(fields.integer("max_steps", 50, 1));
  task.setup_lua = fields.text("setup");
  task.setup_chunkname = task.environment + "/tasks/" + file.filename().string() + ":setup";
  read_reference(fields, where, task);
  if (!task.feasible && task.reference_status != FinishStatus::refused) {
    fields.fail("reference", "of an infeasible task must end with status: refused");
  }
  if (task.feasible && task.reference_status != FinishStatus::done) {
    fields.fail("reference", "of a feasible task must end with status: done");
  }
  if (static_cast<int>(task.reference.size()) > task.max_steps) {
    fields.fail("max_steps", "is below the reference solution's " + std::to_string(task.reference.size()) + " calls");
  }
  task.expected_changes = read_expected_changes(fields, where);
  task.refusal_reason = fields.text("refusal_reason");
  if (task.feasible && !task.refusal_reason.empty()) fields.fail("refusal_reason", "is for infeasible tasks only");
  if (!task.feasible && task.refusal_reason.empty()) {
    fields.fail("refusal_reason", "is required: an infeasible task names the reason its refusal must give");
  }
  if (!task.feasible && !task.expected_changes.empty()) {
    fields.fail("expected_changes", "must be empty: an infeasible task is refused with nothing changed");
  }
  task.accepted_mutants = read_accepted_mutants(fields, where);

  // An infeasible task's refusal is judged by the engine's checks, so its verifier script is optional.
  const std::string verifier = fields.text("verifier", task.feasible);
  const bool is_file = verifier.find('\n') == std::string::npos && verifier.size() > 4 &&
                       verifier.compare(verifier.size() - 4, 4, ".lua") == 0;
  if (is_file) {
    const auto path = file.parent_path() / verifier;
    if (!std::filesystem::exists(path)) fields.fail("verifier", "names " + path.string() + ", which does not exist");
    task.verifier_lua = read_text(path);
    task.verifier_chunkname = task.environment + "/tasks/" + verifier;
  } else {
    task.verifier_lua = verifier;
    task.verifier_chunkname = task.environment + "/tasks/" + file.filename().string() + ":verifier";
  }
  return task;
}

}  // namespace opsgym
