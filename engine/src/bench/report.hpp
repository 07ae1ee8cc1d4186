#pragma once
// Reports of a stored run: the metrics tables as text, the metrics as one JSON object, and two runs
// side by side with per-task differences. Everything is read from the run folder alone.
#include <filesystem>
#include <string>
#include <vector>

#include "bench/metrics.hpp"
#include "bench/results_store.hpp"

namespace opsgym::bench {

struct RunReport {
  Json manifest;
  RunMetrics metrics;
  std::vector<std::string> warnings;
};

// Throws std::runtime_error when the folder holds no run.
RunReport load_report(const std::filesystem::path& dir);
RunReport report_from(const StoredRun& run);

std::string render_text(const RunReport& report);
Json render_json(const RunReport& report);  // {"run": manifest, "metrics": RunMetrics::to_json(), "warnings"}

std::string render_compare_text(const RunReport& a, const RunReport& b);
Json render_compare_json(const RunReport& a, const RunReport& b);

}  // namespace opsgym::bench
