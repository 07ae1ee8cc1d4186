#pragma once
// The folders an environment is built from: the shared parts its env.yaml names in `builds_on` (a folder
// beside it with a part.yaml, such as the company directory), the systems a composite names in `includes`
// (environments beside it, with their own parts), then its own folder. Each package brings its
// schema, seed, indexes, tools, rules, event handlers, lib modules and policy; a World runs the packages'
// schemas, then their seeds, then their indexes, each in package order. Table, tool, rule, event and module
// names must be unique across the packages, so that several systems can later share one World.
#include <filesystem>
#include <string>
#include <vector>

namespace opsgym {

struct EnvironmentCode;  // script/script_runtime.hpp
struct SourceFile;

struct Package {
  std::string name;  // its folder's name
  std::filesystem::path dir;
  std::string schema_sql, seed_lua, indexes_sql, policy;  // seed and policy may be empty for a part
  bool is_part = false;  // a shared part (part.yaml), not a system
  std::string default_actor;  // a system's (env.yaml): whom its seed and its tasks act as by default
};

// The environment in `dir` itself: schema.sql, seed.lua and policy.md are required, except that a
// composite (`composite`: it includes systems) needs only its policy.md.
Package read_environment_package(const std::filesystem::path& dir, bool composite = false);
// The part `name` beside the environment `env_dir`; `where` (env.yaml) is named in errors.
Package read_part(const std::filesystem::path& env_dir, const std::string& name, const std::string& where);
bool is_part_folder(const std::filesystem::path& dir);

// Files with `extension` directly in `dir`, sorted by name (never directory order).
std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir, const std::string& extension);
SourceFile read_source(const std::filesystem::path& file, const std::string& chunkname);

// Adds the package's scripts to `code`: tools/, rules.lua, events.lua and lib/ (a module another package
// already has is refused, naming both files). The engine checks tool, rule and event names when it loads them.
void add_package_code(const Package& package, EnvironmentCode& code);

// The tables of every package's schema.sql with their columns, by table name. A table defined
// by two packages is refused naming both files; every table needs a primary key (diffs name rows by it), and
// each indexes.sql must run on top (here on empty tables, so its mistakes surface at load).
std::vector<std::pair<std::string, std::vector<std::string>>> read_schemas(const std::vector<Package>& packages);

}  // namespace opsgym
