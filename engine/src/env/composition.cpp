#include "env/composition.hpp"

#include <algorithm>

#include "env/yaml_json.hpp"
#include "opsgym/errors.hpp"

namespace opsgym {
namespace fs = std::filesystem;
namespace {

// An optional list of names (builds_on, includes).
std::vector<std::string> name_list(const Json& doc, const std::string& field, const std::string& where,
                                   const std::string& what) {
  std::vector<std::string> names;
  if (!doc.contains(field)) return names;
  const Json& list = doc[field];
  if (!list.is_array()) throw AuthoringError(where + ": " + field + " must list " + what);
  for (const auto& name : list) {
    if (!name.is_string()) throw AuthoringError(where + ": " + field + " must list " + what);
    names.push_back(name.get<std::string>());
  }
  return names;
}

// The env.yaml of the system `name` beside `dir`, which must be a single system.
IncludedSystem read_system(const fs::path& dir, const std::string& name, const std::string& where) {
  const fs::path system_dir = dir.parent_path() / name;
  const bool beside = !name.empty() && name.find('/') == std::string::npos && name != dir.filename().string();
  if (!beside || !fs::exists(system_dir / "env.yaml")) {
    throw AuthoringError(where + ": includes names '" + name + "', which is not an environment (a folder beside " +
                         "this one with an env.yaml)");
  }
  IncludedSystem system{name, load_yaml_file(system_dir / "env.yaml"), (system_dir / "env.yaml").string()};
  if (!system.doc.is_object()) throw AuthoringError(system.yaml + ": must be a map of fields");
  if (system.doc.contains("includes")) {
    throw AuthoringError(where + ": includes names '" + name + "', which is itself a composite; include its systems");
  }
  return system;
}

std::string default_actor_of(const IncludedSystem& system) {
  if (!system.doc.contains("default_actor") || !system.doc["default_actor"].is_string()) {
    throw AuthoringError(system.yaml + ": field 'default_actor' is required");
  }
  return system.doc["default_actor"].get<std::string>();
}

}  // namespace

Composition read_composition(const fs::path& dir, const Json& doc, const std::string& where,
                             const std::string& default_actor) {
  Composition out;
  auto add_part = [&](const std::string& part, const fs::path& from, const std::string& named_in) {
    if (std::count(out.parts.begin(), out.parts.end(), part)) return;
    out.packages.push_back(read_part(from, part, named_in));
    out.parts.push_back(part);
  };
  for (const auto& part : name_list(doc, "builds_on", where, "the names of shared parts")) add_part(part, dir, where);
  for (const auto& name : name_list(doc, "includes", where, "the names of environments")) {
    out.systems.push_back(read_system(dir, name, where));
    const IncludedSystem& system = out.systems.back();
    for (const auto& part : name_list(system.doc, "builds_on", system.yaml, "the names of shared parts")) {
      add_part(part, dir.parent_path() / name, system.yaml);
    }
  }
  for (const auto& system : out.systems) {
    out.packages.push_back(read_environment_package(dir.parent_path() / system.name));
    out.packages.back().default_actor = default_actor_of(system);
  }
  out.packages.push_back(read_environment_package(dir, !out.systems.empty()));
  out.packages.back().default_actor = default_actor;
  return out;
}

}  // namespace opsgym
