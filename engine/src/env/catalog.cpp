#include "opsgym/catalog.hpp"

#include <algorithm>
#include <cstdlib>

#include "env/package.hpp"
#include "env/world_image_store.hpp"
#include "opsgym/errors.hpp"

namespace opsgym {
namespace fs = std::filesystem;

fs::path default_home() {
  if (const char* home = std::getenv("OPSGYM_HOME"); home && *home) return home;
  return OPSGYM_SOURCE_DIR;
}

Catalog Catalog::load(const fs::path& environments_dir, const fs::path& verifier_lib, Limits limits) {
  Catalog catalog;
  if (!fs::is_directory(environments_dir)) {
    catalog.errors_.push_back({"", environments_dir.string() + ": no such folder"});
    return catalog;
  }
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(environments_dir)) {
    // A shared part (part.yaml) is not an environment: it loads under the environments that build on it.
    if (entry.is_directory() && !is_part_folder(entry.path())) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    try {
      catalog.envs_.push_back(Environment::load(dir, verifier_lib, limits));
    } catch (const std::exception& e) {
      catalog.errors_.push_back({dir.filename().string(), e.what()});
    }
  }
  return catalog;
}

Catalog Catalog::load_default(Limits limits) {
  const fs::path home = default_home();
  if (limits.world_image_dir.empty()) limits.world_image_dir = default_world_image_dir();
  return load(home / "environments", home / "verifiers", limits);
}

std::shared_ptr<const Environment> Catalog::environment(const std::string& name) const {
  std::string known;
  for (const auto& env : envs_) {
    if (env->name() == name) return env;
    known += (known.empty() ? "" : ", ") + env->name();
  }
  throw NotFound("unknown environment '" + name + "' (known: " + (known.empty() ? "none" : known) + ")");
}

std::shared_ptr<const Task> Catalog::task(const std::string& id) const {
  for (const auto& env : envs_) {
    for (const auto& task : env->tasks()) {
      if (task->id == id) return task;
    }
  }
  throw NotFound("unknown task '" + id + "' (opsgym tasks lists them)");
}

std::vector<std::shared_ptr<const Task>> Catalog::tasks(const std::optional<std::string>& env) const {
  std::vector<std::shared_ptr<const Task>> out;
  if (env) {
    const auto& found = environment(*env)->tasks();
    out.assign(found.begin(), found.end());
  } else {
    for (const auto& e : envs_) out.insert(out.end(), e->tasks().begin(), e->tasks().end());
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  return out;
}

}  // namespace opsgym
