#pragma once
// The test fixtures' own environments (tests/agent/fixtures/environments: minidesk, miniwiki), loaded
// once per test binary. Their content is fixed, so tests that script models against it do not move
// when the real environments change.
#include <filesystem>
#include <string>
#include <unistd.h>

#include "opsgym/catalog.hpp"

namespace opsgym::testing {

inline const Catalog& fixture_catalog() {
  static const Catalog catalog = Catalog::load(OPSGYM_SOURCE_DIR "/tests/agent/fixtures/environments",
                                               OPSGYM_SOURCE_DIR "/verifiers");
  return catalog;
}

// An empty folder of its own under the temp directory.
inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("opsgym-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A models file with one model `scripted` on `base_url` and agents over it.
inline std::string scripted_models_yaml(const std::string& provider, const std::string& base_url,
                                        const std::string& extra_model_fields = "",
                                        const std::string& agents = "") {
  return "models:\n  - name: scripted\n    provider: " + provider + "\n    base_url: " + base_url +
         "\n    model: scripted-1\n    price: { input: 2.0, output: 10.0 }\n    concurrency: 4\n    timeout_s: 5\n" +
         extra_model_fields + (agents.empty() ? "" : "agents:\n" + agents);
}

}  // namespace opsgym::testing
