// `opsgym bench` over the catalog: a suite, an agent, and play_episode as the way to play.
#include "bench/bench_run.hpp"

#include <map>
#include <stdexcept>

#include "bench/episode_runner.hpp"
#include "bench/judge.hpp"
#include "bench/suite.hpp"

namespace opsgym::bench {
namespace {

Json manifest_for(const BenchOptions& options, const agent::Agent& agent,
                  const std::vector<std::shared_ptr<const Task>>& tasks, const Judge* judge) {
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
          {"tasks", std::move(ids)},  {"model", std::move(model)},        {"format", 1},
          {"judge", judge ? judge->identity().to_json() : Json()}};
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
  std::unique_ptr<Judge> judge;
  if (!options.judge.empty()) {
    auto client = agents.client(options.judge);
    judge = std::make_unique<Judge>(JudgeIdentity::of(client->model()), client, options.out);
  }

  RunPlan plan;
  plan.manifest = manifest_for(options, *agent, tasks, judge.get());
  for (const auto& t : tasks) plan.tasks.push_back(t->id);
  plan.k = options.k;
  plan.out = options.out;
  plan.resume = options.resume;
  plan.parallel = options.parallel;
  std::map<std::string, std::shared_ptr<const Task>> by_id;
  for (const auto& t : tasks) by_id[t->id] = t;
  PlayOptions play_options{options.distractors, options.fault_rate, options.seed, judge.get()};
  auto play = [&](const std::string& task, int trial) {
    return play_episode(catalog, *agent, by_id.at(task), trial, play_options);
  };
  BenchOutcome outcome = run_plan(plan, play, progress_out, terminal);
  if (judge)
    for (const auto& w : judge->warnings()) outcome.warnings.push_back(w);
  return outcome;
}

}  // namespace opsgym::bench
