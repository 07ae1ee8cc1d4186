#include "bench/bench_run.hpp"

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "bench/episode_runner.hpp"
#include "bench/progress.hpp"
#include "bench/results_store.hpp"
#include "bench/suite.hpp"

namespace opsgym::bench {
namespace {

struct Job {
  std::shared_ptr<const Task> task;
  int trial;
};

Json manifest_for(const BenchOptions& options, const agent::Agent& agent,
                  const std::vector<std::shared_ptr<const Task>>& tasks) {
  Json ids = Json::array();
  for (const auto& t : tasks) ids.push_back(t->id);
  Json model;
  if (const agent::ModelConfig* m = agent.model()) {
    model = {{"name", m->name},
             {"provider", agent::to_string(m->provider)},
             {"model", m->model},
             {"base_url", m->base_url},
             {"price", {{"input", m->price_input_per_million}, {"output", m->price_output_per_million}}}};
  }
  return {{"agent", options.agent},   {"suite", options.suite},           {"k", options.k},
          {"seed", options.seed},     {"distractors", options.distractors}, {"fault_rate", options.fault_rate},
          {"tasks", std::move(ids)},  {"model", std::move(model)},        {"format", 1}};
}

// A folder may be resumed only by the run that made it: the same agent and the same conditions.
void check_same_run(const Json& stored, const Json& wanted, const std::filesystem::path& dir) {
  std::string differences;
  for (const char* key : {"agent", "suite", "seed", "distractors", "fault_rate"})
    if (stored.value(key, Json()) != wanted[key])
      differences += std::string(differences.empty() ? "" : ", ") + key + " was " + stored.value(key, Json()).dump() +
                     ", now " + wanted[key].dump();
  if (!differences.empty())
    throw std::invalid_argument(dir.string() + " holds a different run (" + differences +
                                "): resume it with the same options or use another --out");
}

}  // namespace

BenchOutcome run_bench(const Catalog& catalog, agent::AgentFactory& agents, const BenchOptions& options,
                       std::ostream& progress_out, bool terminal) {
  if (options.k < 1) throw std::invalid_argument("-k must be at least 1");
  if (options.parallel < 1) throw std::invalid_argument("--parallel must be at least 1");
  if (options.distractors < 0) throw std::invalid_argument("--distractors cannot be negative");
  if (!(options.fault_rate >= 0 && options.fault_rate <= 1))
    throw std::invalid_argument("--fault-rate must be between 0 and 1");
  if (options.out.empty()) throw std::invalid_argument("--out DIR is required");
  auto tasks = select_tasks(catalog, options.suite);
  auto agent = agents.make(options.agent);
  Json manifest = manifest_for(options, *agent, tasks);

  BenchOutcome outcome;
  std::set<std::pair<std::string, int>> finished;
  std::filesystem::create_directories(options.out);
  bool has_run = std::filesystem::exists(manifest_path(options.out));
  bool has_episodes = std::filesystem::exists(episodes_path(options.out)) &&
                      std::filesystem::file_size(episodes_path(options.out)) > 0;
  if ((has_run || has_episodes) && !options.resume)
    throw std::invalid_argument(options.out.string() + " already holds a run: add --resume to continue it, or use another --out");
  if (has_run) {
    StoredRun stored = load_run(options.out);
    check_same_run(stored.manifest, manifest, options.out);
    outcome.warnings = stored.warnings;
    for (const auto& line : stored.lines) {
      EpisodeSummary s = EpisodeSummary::from_json(line);
      if (!s.needs_retry()) finished.insert({s.task, s.trial});
    }
  }
  write_manifest(options.out, manifest);

  std::vector<Job> jobs;
  for (const auto& task : tasks)
    for (int trial = 1; trial <= options.k; ++trial) {
      if (finished.count({task->id, trial})) ++outcome.skipped;
      else jobs.push_back({task, trial});
    }

  EpisodeWriter writer(options.out);
  Progress progress(progress_out, terminal, static_cast<int>(tasks.size()) * options.k, outcome.skipped);
  PlayOptions play{options.distractors, options.fault_rate, options.seed};
  std::atomic<size_t> next{0};
  std::atomic<int> played{0};
  std::mutex error_mutex;
  std::string fatal;  // a write failure stops the run: results that cannot be kept are not worth playing
  auto worker = [&] {
    for (;;) {
      size_t index = next.fetch_add(1);
      if (index >= jobs.size()) return;
      {
        std::lock_guard lock(error_mutex);
        if (!fatal.empty()) return;
      }
      Json line = play_episode(catalog, *agent, jobs[index].task, jobs[index].trial, play);
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
  int threads = std::min<int>(options.parallel, std::max<size_t>(1, jobs.size()));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  progress.finish();
  if (!fatal.empty()) throw std::runtime_error(fatal);
  outcome.played = played;

  StoredRun stored = load_run(options.out);
  std::vector<EpisodeSummary> summaries;
  std::set<std::string> suite_ids;
  for (const auto& t : tasks) suite_ids.insert(t->id);
  for (const auto& line : stored.lines) {
    EpisodeSummary s = EpisodeSummary::from_json(line);
    if (suite_ids.count(s.task) && s.trial <= options.k) summaries.push_back(std::move(s));
  }
  outcome.metrics = compute_metrics(summaries, options.k);
  std::ofstream(options.out / "metrics.json") << outcome.metrics.to_json().dump(2) << "\n";
  return outcome;
}

}  // namespace opsgym::bench
