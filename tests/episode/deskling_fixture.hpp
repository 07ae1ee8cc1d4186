#pragma once
// The engine-core tests' own environment (tests/episode/fixtures/environments/deskling), shared by the
// world, script, env, episode, verify and cli test binaries, plus helpers to make broken copies of it.
#include <filesystem>
#include <functional>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "opsgym/errors.hpp"

namespace opsgym::testing {

inline const std::filesystem::path kDesklingEnvironments = OPSGYM_SOURCE_DIR "/tests/episode/fixtures/environments";
inline const std::filesystem::path kDeskling = kDesklingEnvironments / "deskling";
inline const std::filesystem::path kVerifierLib = OPSGYM_SOURCE_DIR "/verifiers";

// Small limits so the limit tests end fast.
inline Limits small_limits() {
  Limits limits;
  limits.instructions = 2'000'000;
  limits.memory_bytes = 16u << 20;
  return limits;
}

// deskling loaded once per test binary (with small limits).
inline std::shared_ptr<const Environment> deskling() {
  static const auto env = Environment::load(kDeskling, kVerifierLib, small_limits());
  return env;
}

inline std::shared_ptr<const Task> deskling_task(const std::string& id) {
  for (const auto& task : deskling()->tasks()) {
    if (task->id == id) return task;
  }
  throw std::runtime_error("deskling has no task " + id);
}

// A task of deskling that offers every tool (the hazard tools included) and checks nothing useful.
inline std::shared_ptr<const Task> open_task(uint64_t seed = 7, const std::string& verifier = "check('ran', true)") {
  auto task = std::make_shared<Task>();
  task->id = "dl-open";
  task->environment = "deskling";
  task->seed = seed;
  task->prompt = "Anything.";
  task->verifier_lua = verifier;
  // The runtime caches compiled verifiers by chunk name: one name per verifier text.
  task->verifier_chunkname = "deskling/tasks/dl-open-" + std::to_string(std::hash<std::string>{}(verifier)) + ".yaml:verifier";
  return task;
}

inline Episode open_episode(uint64_t seed = 7) { return Episode(deskling(), open_task(seed)); }

// An empty folder of its own under the temp directory.
inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("opsgym-core-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A copy of deskling at <fresh dir>/deskling, to break one file of.
inline std::filesystem::path deskling_copy(const std::string& name) {
  const auto dir = fresh_dir(name) / "deskling";
  std::filesystem::copy(kDeskling, dir, std::filesystem::copy_options::recursive);
  return dir;
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// The message of the AuthoringError `action` throws, or "(no AuthoringError)" when it throws none.
template <typename Action>
std::string authoring_error_of(Action&& action) {
  try {
    action();
  } catch (const AuthoringError& e) {
    return e.what();
  }
  return "(no AuthoringError)";
}

// Rows of one table, as JSON, ordered by its first column.
inline Json rows(const World& world, const std::string& table) {
  return world.query("SELECT * FROM \"" + table + "\" ORDER BY 1");
}

}  // namespace opsgym::testing
