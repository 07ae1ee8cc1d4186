#pragma once
// The catalog as the commands see it: environments that fail to load are reported on stderr, once.
#include <iostream>

#include "opsgym/catalog.hpp"

namespace opsgym::cli {

inline Catalog load_catalog_reporting_errors() {
  Catalog catalog = Catalog::load_default();
  for (const auto& error : catalog.errors()) {
    std::cerr << "opsgym: environment " << error.environment << " did not load: " << error.message << "\n";
  }
  return catalog;
}

}  // namespace opsgym::cli
