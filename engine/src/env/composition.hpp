#pragma once
// What an env.yaml's `builds_on` and `includes` bring: the packages a World is built from, in the order their
// schemas and seeds run (the shared parts, each once; the systems a composite includes; the environment's own
// folder), and each included system's env.yaml, whose refusal reasons and mutant calls the composite adopts.
#include <filesystem>
#include <string>
#include <vector>

#include "env/package.hpp"
#include "opsgym/world.hpp"

namespace opsgym {

struct IncludedSystem {
  std::string name;
  Json doc;          // its env.yaml
  std::string yaml;  // that file's path, for errors
};

struct Composition {
  std::vector<Package> packages;
  std::vector<std::string> parts;  // the shared parts, of the environment and of the systems it includes
  std::vector<IncludedSystem> systems;
};

// The environment in `dir` whose env.yaml (`where`) reads `doc`; `default_actor` is its own.
Composition read_composition(const std::filesystem::path& dir, const Json& doc, const std::string& where,
                             const std::string& default_actor);

}  // namespace opsgym
