#pragma once
// Every environment under a root folder, with their tasks. Loading one broken environment does not stop
// the others: its error is kept and reported.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "opsgym/environment.hpp"

namespace opsgym {

struct LoadError {
  std::string environment;
  std::string message;
};

class Catalog {
 public:
  // Loads environments/<name>/ for every folder under `environments_dir`; Lua `require` also sees
  // `verifier_lib` (the shared verifier library).
  static Catalog load(const std::filesystem::path& environments_dir,
                      const std::filesystem::path& verifier_lib, Limits limits = {});
  // The project's own environments/ and verifiers/ (from $OPSGYM_HOME, else the source tree).
  static Catalog load_default(Limits limits = {});

  const std::vector<std::shared_ptr<const Environment>>& environments() const { return envs_; }
  const std::vector<LoadError>& errors() const { return errors_; }
  // Throw NotFound with the known names in the message.
  std::shared_ptr<const Environment> environment(const std::string& name) const;
  std::shared_ptr<const Task> task(const std::string& id) const;
  // Tasks of one environment, or all, sorted by id.
  std::vector<std::shared_ptr<const Task>> tasks(const std::optional<std::string>& env = {}) const;

 private:
  std::vector<std::shared_ptr<const Environment>> envs_;
  std::vector<LoadError> errors_;
};

// The folder holding environments/ and verifiers/: $OPSGYM_HOME if set, else the source tree.
std::filesystem::path default_home();

}  // namespace opsgym
