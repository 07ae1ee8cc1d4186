// The run loop of `opsgym bench`, independent of how an episode is played (see bench_run.hpp).
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "bench/bench_run.hpp"
#include "bench/progress.hpp"
#include "bench/results_store.hpp"

namespace opsgym::bench {
namespace {

// A folder may be resumed only by the run that made it: the same agent and the same conditions.
void check_same_run(const Json& stored, const Json& wanted, const std::filesystem::path& dir) {
  std::string differences;
  for (const char* key : {"agent", "suite", "seed", "distractors", "fault_rate", "judge"})
    if (stored.value(key, Json()) != wanted.value(key, Json()))
      differences += std::string(differences.empty() ? "" : ", ") + key + " was " + stored.value(key, Json()).dump() +
                     ", now " + wanted.value(key, Json()).dump();
  if (!differences.empty())
    throw std::invalid_argument(dir.string() + " holds a different run (" + differences +
                                "): resume it with the same options or use another --out");
}

}  // namespace

BenchOutcome run_plan(const RunPlan& plan, const PlayFunction& play, std::ostream& progress_out, bool terminal) {
  if (plan.k < 1) throw std::invalid_argument("-k must be at least 1");
  if (plan.parallel < 1) throw std::invalid_argument("--parallel must be at least 1");
  if (plan.out.empty()) throw std::invalid_argument("--out DIR is required");
  BenchOutcome outcome;
  std::set<std::pair<std::string, int>> finished;
  std::filesystem::create_directories(plan.out);
  bool has_run = std::filesystem::exists(manifest_path(plan.out));
  bool has_episodes = std::filesystem::exists(episodes_path(plan.out)) &&
                      std::filesystem::file_size(episodes_path(plan.out)) > 0;
  if ((has_run || has_episodes) && !plan.resume)
    throw std::invalid_argument(plan.out.string() + " already holds a run: add --resume to continue it, or use another --out");
  if (has_run || has_episodes) {
    StoredRun stored = load_run(plan.out);
    if (has_run) check_same_run(stored.manifest, plan.manifest, plan.out);
    outcome.warnings = stored.warnings;
    for (const auto& line : stored.lines) {
      EpisodeSummary s = EpisodeSummary::from_json(line);
      if (!s.needs_retry()) finished.insert({s.task, s.trial});
    }
  }
  write_manifest(plan.out, plan.manifest);

  std::vector<std::pair<std::string, int>> jobs;
  for (const auto& task : plan.tasks)
    for (int trial = 1; trial <= plan.k; ++trial) {
      if (finished.count({task, trial})) ++outcome.skipped;
      else jobs.push_back({task, trial});
    }

  EpisodeWriter writer(plan.out);
  Progress progress(progress_out, terminal, static_cast<int>(plan.tasks.size()) * plan.k, outcome.skipped);
  std::atomic<size_t> next{0};
  std::atomic<int> played{0};
  std::mutex error_mutex;
  std::string fatal;  // a write failure stops the run: results that cannot be kept are not worth playing
  auto worker = [&] {
    for (;;) {
      {
        std::lock_guard lock(error_mutex);
        if (!fatal.empty()) return;
      }
      size_t index = next.fetch_add(1);
      if (index >= jobs.size()) return;
      Json line = play(jobs[index].first, jobs[index].second);
      try {
        writer.append(line);
      } catch (const std::exception& e) {
        std::lock_guard lock(error_mutex);
        fatal = e.what();
        return;
      }
      ++played;
      progress.episode_done(EpisodeSummary::from_json(line));
    }
  };
  int threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(plan.parallel), std::max<size_t>(1, jobs.size())));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  progress.finish();
  if (!fatal.empty()) throw std::runtime_error(fatal);
  outcome.played = played;

  StoredRun stored = load_run(plan.out);
  std::vector<EpisodeSummary> summaries;
  std::set<std::string> suite_ids(plan.tasks.begin(), plan.tasks.end());
  for (const auto& line : stored.lines) {
    EpisodeSummary s = EpisodeSummary::from_json(line);
    if (suite_ids.count(s.task) && s.trial <= plan.k) summaries.push_back(std::move(s));
  }
  outcome.metrics = compute_metrics(summaries, plan.k);
  std::ofstream(plan.out / "metrics.json") << outcome.metrics.to_json().dump(2) << "\n";
  return outcome;
}

}  // namespace opsgym::bench
