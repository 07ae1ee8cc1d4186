#include "verify/mutants.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "script/time_format.hpp"

namespace opsgym {
namespace {

constexpr int kRecordNeighbours = 3;  // candidates on each side of a record in its column's order
constexpr int kDay = 86400;

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

struct RecordColumn {
  std::string table;
  std::string column;
};

// Single-column UNIQUE text columns: the names a person gives records by (numbers, user names, CI
// names). An argument holding one of their values names a record; its alternatives are other records.
std::vector<RecordColumn> identifier_columns(const World& world) {
  std::vector<RecordColumn> out;
  for (const auto& table : world.tables()) {
    for (const auto& index : world.query("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 ORDER BY name",
                                         Json::array({table}))) {
      const Json columns = world.query("SELECT name FROM pragma_index_info(?)", Json::array({index["name"]}));
      if (columns.size() != 1) continue;
      const std::string column = columns[0]["name"].get<std::string>();
      const Json type = world.query("SELECT type FROM pragma_table_info(?) WHERE name = ?", Json::array({table, column}));
      if (!type.empty() && type[0]["type"].get<std::string>().find("TEXT") != std::string::npos) {
        out.push_back({table, column});
      }
    }
  }
  return out;
}

class Records {
 public:
  explicit Records(const World& base) : base_(base), columns_(identifier_columns(base)) {}

  // The column whose records include `value` (case-insensitive, as tools look names up).
  std::optional<std::pair<RecordColumn, std::string>> find(const std::string& value) const {
    for (const auto& c : columns_) {
      const Json row = base_.query("SELECT " + quoted(c.column) + " AS v FROM " + quoted(c.table) + " WHERE " +
                                       quoted(c.column) + " = ? COLLATE NOCASE LIMIT 1",
                                   Json::array({value}));
      if (!row.empty()) return std::make_pair(c, row[0]["v"].get<std::string>());
    }
    return std::nullopt;
  }

  // Other records of the same column, nearest first, alternating after and before `value`.
  std::vector<Json> neighbours(const RecordColumn& c, const std::string& value) const {
    const std::string select = "SELECT " + quoted(c.column) + " AS v FROM " + quoted(c.table) + " WHERE " +
                               quoted(c.column) + " ";
    const Json after = base_.query(select + "> ? ORDER BY 1 LIMIT " + std::to_string(kRecordNeighbours), Json::array({value}));
    const Json before = base_.query(select + "< ? ORDER BY 1 DESC LIMIT " + std::to_string(kRecordNeighbours),
                                    Json::array({value}));
    std::vector<Json> out;
    for (size_t i = 0; i < std::max(after.size(), before.size()); ++i) {
      if (i < after.size()) out.push_back(after[i]["v"]);
      if (i < before.size()) out.push_back(before[i]["v"]);
    }
    return out;
  }

 private:
  const World& base_;
  std::vector<RecordColumn> columns_;
};

// One scalar inside a call's arguments, with the schema that describes it.
struct Leaf {
  std::string path;           // "assigned_to", "recipients.1" (arrays count from 1, as in Lua)
  Json::json_pointer pointer;
  Json value;
  Json schema;
  // The record a string names (its column and the value as stored), looked up once per leaf.
  std::optional<std::pair<RecordColumn, std::string>> record;
};

void collect_leaves(const Json& value, const Json& schema, const std::string& path, const Json::json_pointer& pointer,
                    std::vector<Leaf>& out) {
  if (value.is_object()) {
    const Json properties = schema.is_object() ? schema.value("properties", Json::object()) : Json::object();
    for (const auto& [key, child] : value.items()) {
      collect_leaves(child, properties.value(key, Json::object()), path.empty() ? key : path + "." + key, pointer / key,
                     out);
    }
  } else if (value.is_array()) {
    const Json items = schema.is_object() ? schema.value("items", Json::object()) : Json::object();
    for (size_t i = 0; i < value.size(); ++i) {
      collect_leaves(value[i], items, path + "." + std::to_string(i + 1), pointer / i, out);
    }
  } else if (!value.is_null()) {
    out.push_back({path, pointer, value, schema, std::nullopt});
  }
}

std::vector<Leaf> leaves_of(const ReferenceCall& call, const ToolSpec& tool, const Records& records) {
  std::vector<Leaf> out;
  collect_leaves(call.args, tool.parameters, "", Json::json_pointer(), out);
  for (auto& leaf : out) {
    if (leaf.value.is_string() && !leaf.schema.contains("enum")) leaf.record = records.find(leaf.value.get<std::string>());
  }
  return out;
}

// Free text: what a person writes in their own words (a note, a reason, a message), not a name or a code.
bool is_free_text(const Leaf& leaf) {
  if (!leaf.value.is_string() || leaf.schema.contains("enum") || leaf.record) return false;
  const std::string text = leaf.value.get<std::string>();
  return text.size() >= 15 && text.find(' ') != std::string::npos;
}

std::string shown(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// Other valid values for a leaf, most plausible first; empty for free text and values it cannot vary.
std::vector<Json> alternatives(const Leaf& leaf, const Records& records) {
  std::vector<Json> out;
  const Json& v = leaf.value;
  if (leaf.schema.contains("enum") && leaf.schema["enum"].is_array()) {
    const Json& members = leaf.schema["enum"];
    auto at = std::find(members.begin(), members.end(), v);
    const size_t start = at == members.end() ? 0 : static_cast<size_t>(at - members.begin());
    for (size_t i = 1; i <= members.size(); ++i) {
      const Json& member = members[(start + i) % members.size()];
      if (member != v) out.push_back(member);
    }
  } else if (v.is_boolean()) {
    out.push_back(!v.get<bool>());
  } else if (v.is_number_integer()) {
    const int64_t n = v.get<int64_t>();
    const bool above_max = leaf.schema.contains("maximum") && n + 1 > leaf.schema["maximum"].get<double>();
    const bool below_min = leaf.schema.contains("minimum") && n - 1 < leaf.schema["minimum"].get<double>();
    if (!above_max) out.push_back(n + 1);
    if (!below_min) out.push_back(n - 1);
  } else if (v.is_string()) {
    if (leaf.record) {
      out = records.neighbours(leaf.record->first, leaf.record->second);
    } else if (const auto time = parse_iso8601(v.get<std::string>())) {
      out.push_back(format_iso8601(*time + kDay));
    }
  }
  return out;
}

struct Builder {
  const Environment& env;
  const Task& task;
  const PlayedReference& reference;
  const Records& records;
  std::vector<Mutant> out;

  Mutant base(const std::string& id) const {
    Mutant m;
    m.id = id;
    m.kind = id.substr(0, id.find('/'));
    m.calls = reference.calls;
    m.answer = task.reference_answer;
    m.status = task.reference_status;
    return m;
  }

  const ToolSpec* writing_tool(const ReferenceCall& call) const {
    const ToolSpec* tool = env.tool(call.tool);
    return tool && !tool->read_only ? tool : nullptr;
  }

  void drop_writes() {
    for (size_t i = 0; i < reference.calls.size(); ++i) {
      if (!writing_tool(reference.calls[i])) continue;
      Mutant m = base("drop_write/" + std::to_string(i + 1));
      m.calls.erase(m.calls.begin() + static_cast<std::ptrdiff_t>(i));
      out.push_back(std::move(m));
    }
  }

  void change_arguments() {
    for (size_t i = 0; i < reference.calls.size(); ++i) {
      const ToolSpec* tool = writing_tool(reference.calls[i]);
      if (!tool) continue;
      const std::string n = std::to_string(i + 1);
      std::vector<Leaf> free_text;
      for (const auto& leaf : leaves_of(reference.calls[i], *tool, records)) {
        if (is_free_text(leaf)) {
          free_text.push_back(leaf);
          continue;
        }
        for (const auto& value : alternatives(leaf, records)) {
          Mutant m = base("change_argument/" + n + "/" + leaf.path + "=" + shown(value));
          m.calls[i].args[leaf.pointer] = value;
          m.changed_call = static_cast<int>(i + 1);
          m.group = "change_argument/" + n + "/" + leaf.path;
          m.keep = kArgumentAlternatives;
          out.push_back(std::move(m));
        }
      }
      if (!free_text.empty()) {
        Mutant m = base("generic_text/" + n);
        for (const auto& leaf : free_text) m.calls[i].args[leaf.pointer] = kGenericText;
        m.changed_call = static_cast<int>(i + 1);
        out.push_back(std::move(m));
      }
    }
  }

  // The first call of each writing tool, repeated after the reference on another record.
  void extra_calls() {
    std::set<std::string> seen;
    for (size_t i = 0; i < reference.calls.size(); ++i) {
      const ToolSpec* tool = writing_tool(reference.calls[i]);
      if (!tool || !seen.insert(tool->name).second) continue;
      const std::string n = std::to_string(i + 1);
      for (const auto& leaf : leaves_of(reference.calls[i], *tool, records)) {
        if (!leaf.record) continue;
        for (const auto& value : records.neighbours(leaf.record->first, leaf.record->second)) {
          Mutant m = base("extra_call/" + n + "/" + leaf.path + "=" + shown(value));
          ReferenceCall extra = reference.calls[i];
          extra.args[leaf.pointer] = value;
          m.calls.push_back(std::move(extra));
          m.changed_call = static_cast<int>(m.calls.size());
          m.group = "extra_call/" + n + "/" + leaf.path;
          m.keep = 1;  // one unrelated record is enough to tell
          out.push_back(std::move(m));
        }
      }
    }
  }

  void environment_calls() {
    const auto& calls = env.mutant_calls();
    for (size_t k = 0; k < calls.size(); ++k) {
      const bool offered = task.tools.empty() || std::count(task.tools.begin(), task.tools.end(), calls[k].tool) > 0;
      if (!offered) continue;
      Mutant m = base("env_call/" + std::to_string(k + 1));
      m.calls.push_back(calls[k]);
      m.changed_call = static_cast<int>(m.calls.size());
      out.push_back(std::move(m));
    }
  }

  // Each column the reference left alone on the first row it updated in a table, set to another value
  // that column holds elsewhere.
  void extra_columns(const World& base_world) {
    std::set<std::string> tables;
    for (const auto& change : reference.diff.changes) {
      if (change.op != "update" || !tables.insert(change.table).second) continue;
      const auto key_columns = base_world.primary_key(change.table);
      std::string where;
      Json key_params = Json::array();
      for (const auto& column : key_columns) {
        where += (where.empty() ? "" : " AND ") + quoted(column) + " = ?";
        key_params.push_back(change.key.at(column));
      }
      for (const auto& column : env.columns(change.table)) {
        const bool keyed = std::count(key_columns.begin(), key_columns.end(), column) > 0;
        if (keyed || change.after.contains(column)) continue;
        const Json current = base_world.query("SELECT " + quoted(column) + " AS v FROM " + quoted(change.table) +
                                                  " WHERE " + where, key_params);
        if (current.empty()) continue;
        const Json other = base_world.query("SELECT " + quoted(column) + " AS v FROM " + quoted(change.table) + " WHERE " +
                                                quoted(column) + " IS NOT ? AND " + quoted(column) +
                                                " IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT 1",
                                            Json::array({current[0]["v"]}));
        if (other.empty()) continue;
        Mutant m = base("extra_column/" + change.table + "." + column);
        Json params = Json::array({other[0]["v"]});
        for (const auto& p : key_params) params.push_back(p);
        m.edits.push_back({"UPDATE " + quoted(change.table) + " SET " + quoted(column) + " = ? WHERE " + where, params,
                           change.table + " " + change.key.dump() + ": " + column + " set to " + other[0]["v"].dump()});
        out.push_back(std::move(m));
      }
    }
  }

  void flip_status() {
    Mutant m = base("flip_status");
    m.status = task.feasible ? FinishStatus::refused : FinishStatus::done;
    out.push_back(std::move(m));
  }

  // Refusals with another task's reason, and one naming every reason of the environment (the right one,
  // as the reference gives it, and one phrase of each other).
  void wrong_refusals() {
    if (task.feasible) return;
    for (const auto& other : env.tasks()) {
      if (other->feasible || other->refusal_reason == task.refusal_reason) continue;
      Mutant m = base("wrong_reason/" + other->id);
      m.answer = other->reference_answer;
      m.refusal = true;
      out.push_back(std::move(m));
    }
    std::string others;
    for (const auto& reason : env.refusal_reasons_for(task)) {
      if (reason.id != task.refusal_reason) others += (others.empty() ? "" : "; ") + reason.phrases.front();
    }
    if (others.empty()) return;  // the catalog has no other reason to name
    Mutant m = base("every_reason");
    m.answer = task.reference_answer + " Other reasons: " + others + ".";
    m.refusal = true;
    out.push_back(std::move(m));
  }
};

}  // namespace

std::string Mutant::describe() const {
  std::string text;
  for (const auto& call : calls) text += call.tool + " " + call.args.dump() + "\n";
  for (const auto& edit : edits) text += "(edit) " + edit.description + "\n";
  std::string shown_answer = answer.size() > 160 ? answer.substr(0, 160) + "..." : answer;
  return text + "finish " + to_string(status) + ": " + shown_answer;
}

std::vector<Mutant> generate_mutants(const Environment& env, const Task& task, const PlayedReference& reference,
                                     const World& base) {
  const Records records(base);
  Builder builder{env, task, reference, records, {}};
  builder.drop_writes();
  builder.change_arguments();
  builder.extra_calls();
  builder.environment_calls();
  builder.extra_columns(base);
  builder.flip_status();
  builder.wrong_refusals();
  return std::move(builder.out);
}

}  // namespace opsgym
