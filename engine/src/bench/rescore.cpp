#include "bench/rescore.hpp"

#include <fstream>
#include <sstream>

#include "bench/episode_runner.hpp"
#include "bench/report.hpp"
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
  // Lines stored before judged checks existed have no judged counts: none is the same as zero.
  if (!c.contains("judged") || c["judged"].value("total", 0) == 0) {
    c.erase("judged");
    c.erase("success_with_judged");
  }
  return c;
}

// A rescored line's judging record: this replay's verdict counts, with what judging has cost the
// episode so far (its first scoring and every rescore) summed.
Json merged_judging(const Json& before, Json now) {
  if (!before.is_object()) return now;
  now["asked"] = now.value("asked", 0) + before.value("asked", 0);
  now["cost"] = now.value("cost", 0.0) + before.value("cost", 0.0);
  Json tokens = before.value("tokens", Json::object());
  now["tokens"]["in"] = now["tokens"].value("in", 0LL) + tokens.value("in", 0LL);
  now["tokens"]["out"] = now["tokens"].value("out", 0LL) + tokens.value("out", 0LL);
  return now;
}

}  // namespace

RescoreOutcome rescore_run(const Catalog& catalog, const std::filesystem::path& dir, const RescoreOptions& options) {
  StoredRun run = load_run(dir);
  RescoreOutcome outcome;
  outcome.warnings = run.warnings;
  std::optional<JudgeIdentity> recorded = JudgeIdentity::from_json(run.manifest.value("judge", Json()));
  std::unique_ptr<Judge> judge;
  if (options.judge) {
    JudgeIdentity wanted = JudgeIdentity::of(options.judge->model());
    if (recorded && *recorded != wanted)
      throw std::invalid_argument(dir.string() + " was judged by " + recorded->to_json().dump() + ", not " +
                                  wanted.to_json().dump() +
                                  ": rescore it with --judge " + recorded->name +
                                  ", or copy the run folder to judge it with another model");
    if (!recorded && std::filesystem::exists(manifest_path(dir))) {
      Json manifest = run.manifest;
      manifest["judge"] = wanted.to_json();
      write_manifest(dir, manifest);
    }
    judge = std::make_unique<Judge>(wanted, options.judge, dir);
  } else if (recorded) {
    judge = std::make_unique<Judge>(*recorded, nullptr, dir);
  }
  if (judge) {
    outcome.judge = judge->identity();
    outcome.judge_asks = judge->asks();
    for (const auto& w : judge->warnings()) outcome.warnings.push_back(w);
  }
  std::vector<Json> lines;
  bool rewrite = false;
  for (Json line : run.lines) {
    if (line.value("outcome", "") != "finished") {
      ++outcome.skipped;
      lines.push_back(std::move(line));
      continue;
    }
    RescoreChange change{line.value("task", ""), line.value("trial", 0), line.value("score", Json()), Json(), false};
    try {
      Replay replay = replay_episode(catalog, line, judge.get());
      ++outcome.replayed;
      if (!replay.judging.is_null()) {
        outcome.judging.asked += replay.judging.value("asked", 0);
        outcome.judging.cached += replay.judging.value("cached", 0);
        outcome.judging.errors += replay.judging.value("errors", 0);
        outcome.judging.tokens_in += replay.judging["tokens"].value("in", 0LL);
        outcome.judging.tokens_out += replay.judging["tokens"].value("out", 0LL);
        outcome.judging.cost += replay.judging.value("cost", 0.0);
      }
      change.after = replay.score;
      const char* calls_key = line.contains("calls") ? "calls" : "trajectory";
      change.calls_changed = !same_calls(line[calls_key], replay.calls);
      bool changed = comparable(change.before) != comparable(change.after) ||
                     change.before.value("checks", Json()) != change.after.value("checks", Json()) ||
                     change.calls_changed;
      // A judge asked now may have answered as before (or failed again): no change to report, but the
      // line keeps the new verdict reasons and what judging cost.
      bool judged_now = replay.judging.is_object() && replay.judging.value("asked", 0) > 0;
      if (changed || judged_now) {
        if (changed) line["rescored"] = {{"previous_score", change.before}, {"calls_changed", change.calls_changed}};
        line["score"] = replay.score;
        line["verification"] = replay.verification;
        if (!replay.judging.is_null()) line["judging"] = merged_judging(line.value("judging", Json()), replay.judging);
        line[calls_key] = replay.calls;
        rewrite = true;
        if (changed) outcome.changes.push_back(std::move(change));
      }
    } catch (const std::exception& e) {
      ++outcome.failed;
      change.after = {{"error", e.what()}};
      outcome.changes.push_back(std::move(change));
    }
    lines.push_back(std::move(line));
  }
  if (rewrite) {
    rewrite_episodes(dir, lines);
    // metrics.json follows the new scores (a folder of `opsgym serve --results` has none to keep up).
    if (std::filesystem::exists(dir / "metrics.json"))
      std::ofstream(dir / "metrics.json") << report_from(load_run(dir)).metrics.to_json().dump(2) << "\n";
  }
  return outcome;
}

std::string render_rescore_text(const RescoreOutcome& outcome) {
  std::ostringstream out;
  out << "Replayed " << outcome.replayed << " episodes";
  if (outcome.skipped) out << " (" << outcome.skipped << " not finished, skipped)";
  if (outcome.failed) out << "; " << outcome.failed << " could not be replayed";
  out << ".\n";
  if (outcome.judge) {
    out << "Judge " << outcome.judge->name << " (" << outcome.judge->provider << " " << outcome.judge->model
        << "): " << outcome.judging.cached << " verdicts from the cache";
    if (outcome.judge_asks) out << ", " << outcome.judging.asked << " asked";
    else out << ", none asked (add --judge " << outcome.judge->name << " --models FILE to ask the missing ones)";
    if (outcome.judging.errors) out << ", " << outcome.judging.errors << " left unjudged by judge errors";
    out << ".\n";
  }
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
    auto judged = [](const Json& s) {
      Json j = s.value("judged", Json::object());
      return std::to_string(j.value("passed", 0)) + "/" + std::to_string(j.value("failed", 0)) + "/" +
             std::to_string(j.value("unjudged", 0));
    };
    if (c.before.value("judged", Json()) != c.after.value("judged", Json()))
      out << ", judged passed/failed/unjudged " << judged(c.before) << " -> " << judged(c.after);
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
          {"judge", outcome.judge ? outcome.judge->to_json() : Json()}, {"judging", outcome.judging.to_json()},
          {"changes", changes}, {"warnings", outcome.warnings}};
}

}  // namespace opsgym::bench
