#pragma once
// The ITSM environment the fuzz targets check inputs against, loaded once per process (as a server
// loads it once at start).
#include <memory>

#include "opsgym/catalog.hpp"
#include "opsgym/environment.hpp"

namespace opsgym::fuzz {

inline const Environment& itsm_environment() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(default_home() / "environments" / "itsm", default_home() / "verifiers");
  return *env;
}

}  // namespace opsgym::fuzz
