#include "env/package.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "env/yaml_json.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/world.hpp"
#include "script/script_runtime.hpp"

namespace opsgym {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw AuthoringError(file.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string read_if_present(const fs::path& file) { return fs::exists(file) ? read_file(file) : std::string(); }

void exec_authored(World& world, const std::string& sql, const fs::path& file) {
  try {
    world.exec_script(sql);
  } catch (const std::exception& e) {
    throw AuthoringError(file.string() + ": " + e.what());
  }
}

}  // namespace

// Files with `extension` directly in `dir`, sorted by name (never directory order).
std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

SourceFile read_source(const fs::path& file, const std::string& chunkname) { return {chunkname, read_file(file)}; }

Package read_environment_package(const fs::path& dir, bool composite) {
  const auto read_required = composite ? read_if_present : read_file;
  Package package{dir.filename().string(), dir, read_required(dir / "schema.sql"), read_required(dir / "seed.lua"),
                  read_if_present(dir / "indexes.sql"), read_file(dir / "policy.md"), false, ""};
  return package;
}

bool is_part_folder(const fs::path& dir) { return fs::exists(dir / "part.yaml") && !fs::exists(dir / "env.yaml"); }

Package read_part(const fs::path& env_dir, const std::string& name, const std::string& where) {
  const fs::path dir = env_dir.parent_path() / name;
  if (name.empty() || name.find('/') != std::string::npos || !is_part_folder(dir)) {
    throw AuthoringError(where + ": builds_on names '" + name + "', which is not a shared part (a folder beside " +
                         "this one with a part.yaml)");
  }
  const fs::path part_yaml = dir / "part.yaml";
  const Json doc = load_yaml_file(part_yaml);
  if (!doc.is_object()) throw AuthoringError(part_yaml.string() + ": must be a map of fields");
  for (const auto& [key, value] : doc.items()) {
    if (key != "name" && key != "description") throw AuthoringError(part_yaml.string() + ": unknown field '" + key + "'");
    if (!value.is_string()) throw AuthoringError(part_yaml.string() + ": field '" + key + "' must be text");
  }
  if (doc.value("name", "") != name) {
    throw AuthoringError(part_yaml.string() + ": name must be '" + name + "', its folder's name");
  }
  if (!doc.contains("description")) throw AuthoringError(part_yaml.string() + ": field 'description' is required");
  Package package{name, dir, read_file(dir / "schema.sql"), read_if_present(dir / "seed.lua"),
                  read_if_present(dir / "indexes.sql"), read_if_present(dir / "policy.md"), true, ""};
  return package;
}

void add_package_code(const Package& package, EnvironmentCode& code) {
  const std::string& folder = package.name;
  for (const auto& file : files_in(package.dir / "tools", ".lua")) {
    code.tools.push_back(read_source(file, folder + "/tools/" + file.filename().string()));
  }
  if (fs::exists(package.dir / "rules.lua")) code.rules.push_back(read_source(package.dir / "rules.lua", folder + "/rules.lua"));
  if (fs::exists(package.dir / "events.lua")) {
    code.events.push_back(read_source(package.dir / "events.lua", folder + "/events.lua"));
  }
  for (const auto& file : files_in(package.dir / "lib", ".lua")) {
    SourceFile module = read_source(file, folder + "/lib/" + file.filename().string());
    const auto [taken, added] = code.modules.emplace(file.stem().string(), module);
    if (!added) {
      throw AuthoringError(module.chunkname + ": a module named '" + file.stem().string() + "' is already defined by " +
                           taken->second.chunkname);
    }
  }
}

std::vector<std::pair<std::string, std::vector<std::string>>> read_schemas(const std::vector<Package>& packages) {
  World world;
  std::map<std::string, fs::path> defined_by;  // table → the schema.sql that defines it
  for (const auto& package : packages) {
    const fs::path file = package.dir / "schema.sql";
    if (!fs::exists(file)) continue;  // a composite's own folder may add no tables
    World alone;  // this schema's own tables, before they meet the others'
    exec_authored(alone, package.schema_sql, file);
    const auto tables = alone.tables();
    if (tables.empty()) throw AuthoringError(file.string() + ": defines no tables");
    for (const auto& table : tables) {
      const auto [taken, added] = defined_by.emplace(table, file);
      if (!added) {
        throw AuthoringError(file.string() + ": table '" + table + "' is already defined by " + taken->second.string() +
                             " (table names are unique across the packages of a World)");
      }
    }
    exec_authored(world, package.schema_sql, file);
  }
  for (const auto& package : packages) exec_authored(world, package.indexes_sql, package.dir / "indexes.sql");
  std::vector<std::pair<std::string, std::vector<std::string>>> schema;  // by table name
  for (const auto& table : world.tables()) {
    if (world.primary_key(table).empty()) {
      const auto file = defined_by.find(table);
      throw AuthoringError((file == defined_by.end() ? std::string("indexes.sql") : file->second.string()) + ": table '" + table +
                           "' has no primary key (diffs name rows by key)");
    }
    std::vector<std::string> columns;
    for (const auto& row : world.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", Json::array({table}))) {
      columns.push_back(row["name"].get<std::string>());
    }
    schema.emplace_back(table, std::move(columns));
  }
  return schema;
}

}  // namespace opsgym
