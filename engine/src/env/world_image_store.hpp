#pragma once
// Seeded Worlds kept on disk between processes, so that the first episode of a task in a new process
// (a validate run, a fresh gym server, an MCP session) loads its World's image instead of building it from
// the seed: building ITSM's takes about 130 ms, loading its image about 1 ms.
//
// An image is named by the SHA-256 of everything its build reads (Environment::world_key): the packages'
// schemas, seeds, indexes and lib modules, the verifier library, the clock start and default actor, the
// seed, the task's setup, the SQLite version and the engine binary itself. A changed input names another
// image, so an image is never stale; it is only unused. Files are written whole under a temporary name and
// renamed into place, so concurrent processes never see half an image. The folder is bounded: past its
// byte budget the least recently used images go. A damaged or unreadable image is built again.
#include <cstddef>
#include <filesystem>
#include <string>

#include "opsgym/world.hpp"

namespace opsgym {

class WorldImageStore {
 public:
  // `dir` empty: a store that keeps nothing.
  WorldImageStore(std::filesystem::path dir, size_t budget_bytes);

  bool enabled() const { return !dir_.empty(); }
  // The image named `key` (hex digest), or null when absent or damaged. A hit counts as a use.
  Snapshot load(const std::string& key) const;
  // Keeps `image` under `key`, then trims the folder to the budget. Failures are ignored: it is a cache.
  void save(const std::string& key, const Snapshot& image) const;

 private:
  void trim() const;

  std::filesystem::path dir_;
  size_t budget_bytes_;
};

// The folder images go to unless told otherwise: $OPSGYM_WORLD_CACHE ("off" keeps none), else
// $XDG_CACHE_HOME/opsgym/worlds, else ~/.cache/opsgym/worlds; empty when none of them can be named.
std::filesystem::path default_world_image_dir();

// The SHA-256 of `text` as 64 hex digits.
std::string sha256_hex(const std::string& text);

}  // namespace opsgym
