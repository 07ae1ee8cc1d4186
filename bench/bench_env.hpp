// Settings the benchmarks read from the environment (OPSGYM_BENCH_*), read one way in every file.
#pragma once

#include <cstdlib>
#include <string>

namespace opsgym::bench {

// The variable's value, or `fallback` when it is unset or empty.
inline std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// How long a timed run measures: OPSGYM_BENCH_SECONDS, default 5.
inline double bench_seconds() { return std::stod(env_or("OPSGYM_BENCH_SECONDS", "5")); }

}  // namespace opsgym::bench
