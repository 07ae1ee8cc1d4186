#include "bench/rescore.hpp"

#include <sstream>

#include "bench/episode_runner.hpp"
#include "bench/results_store.hpp"

namespace opsgym::bench {
namespace {

// Outputs compared without the simulated time stamps, which are a pure function of the calls anyway.
bool same_calls(const Json& stored, const Json& replayed) {
  if (!stored.is_array() || !replayed.is_array() || stored.size() != replayed.size()) return false;
  for (size_t i = 0; i < stored.size(); ++i) {
    if (stored[i].value("ok", false) != replayed[i].value("ok", false)) return false;
    if (stored[i].value("output", Json()) != replayed[i].value("output", Json())) return false;
  }
  return true;
}

Json comparable(const Json& score) {
  Json c = score;
  c.erase("checks");
  return c;
}

}  // namespace

RescoreOutcome rescore_run(const Catalog& catalog, const std::filesystem::path& dir) {
  StoredRun run = load_run(dir);
  RescoreOutcome outcome;
  outcome.warnings = run.warnings;
  std::vector<Json> lines;
  for (Json line : run.lines) {
    if (line.value("outcome", "") != "finished") {
      ++outcome.skipped;
      lines.push_back(std::move(line));
      continue;
    }
    RescoreChange change{line.value("task", ""), line.value("trial", 0), line.value("score", Json()), Json(), false};
    try {
      Replay replay = replay_episode(catalog, line);
      ++outcome.replayed;
      change.after = replay.score;
      const char* calls_key = line.contains("calls") ? "calls" : "trajectory";
      change.calls_changed = !same_calls(line[calls_key], replay.calls);
      bool changed = comparable(change.before) != comparable(change.after) ||
                     change.before.value("checks", Json()) != change.after.value("checks", Json()) || change.calls_changed;
      if (changed) {
        line["rescored"] = {{"previous_score", change.before}, {"calls_changed", change.calls_changed}};
        line["score"] = replay.score;
        line["verification"] = replay.verification;
        line[calls_key] = replay.calls;
        outcome.changes.push_back(std::move(change));
      }
    } catch (const std::exception& e) {
      ++outcome.failed;
      change.after = {{"error", e.what()}};
      outcome.changes.push_back(std::move(change));
    }
    lines.push_back(std::move(line));
  }
  if (!outcome.changes.empty()) rewrite_episodes(dir, lines);
  return outcome;
}

std::string render_rescore_text(const RescoreOutcome& outcome) {
  std::ostringstream out;
  out << "Replayed " << outcome.replayed << " episodes";
  if (outcome.skipped) out << " (" << outcome.skipped << " not finished, skipped)";
  if (outcome.failed) out << "; " << outcome.failed << " could not be replayed";
  out << ".\n";
  if (outcome.changes.empty()) out << "No outcome changed.\n";
  for (const auto& c : outcome.changes) {
    out << c.task << " #" << c.trial << ": ";
    if (c.after.contains("error")) {
      out << "replay failed: " << c.after["error"].get<std::string>() << "\n";
      continue;
    }
    auto success = [](const Json& s) { return s.value("success", false) ? "success" : "failure"; };
    out << success(c.before) << " -> " << success(c.after) << ", partial " << c.before.value("partial", 0.0) << " -> "
        << c.after.value("partial", 0.0) << ", violations " << c.before.value("violations", 0) << " -> "
        << c.after.value("violations", 0) << ", unexpected changes " << c.before.value("unexpected_changes", 0)
        << " -> " << c.after.value("unexpected_changes", 0);
    if (c.calls_changed) out << " (tool results differ from the recorded ones)";
    out << "\n";
  }
  for (const auto& w : outcome.warnings) out << "warning: " << w << "\n";
  return out.str();
}

Json render_rescore_json(const RescoreOutcome& outcome) {
  Json changes = Json::array();
  for (const auto& c : outcome.changes)
    changes.push_back({{"task", c.task}, {"trial", c.trial}, {"before", c.before}, {"after", c.after},
                       {"calls_changed", c.calls_changed}});
  return {{"replayed", outcome.replayed}, {"skipped", outcome.skipped}, {"failed", outcome.failed},
          {"changes", changes}, {"warnings", outcome.warnings}};
}

}  // namespace opsgym::bench
