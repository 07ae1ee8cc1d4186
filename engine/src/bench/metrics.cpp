#include "bench/metrics.hpp"

#include <set>

#include "bench/pass_k.hpp"

namespace opsgym::bench {
namespace {

std::optional<double> ratio(double numerator, int denominator) {
  if (denominator <= 0) return std::nullopt;
  return numerator / denominator;
}

Json optional_json(const std::optional<double>& value) { return value ? Json(*value) : Json(); }

}  // namespace

Metrics compute_group(const std::vector<const EpisodeSummary*>& episodes, int k) {
  Metrics m;
  std::map<std::string, std::pair<int, int>> per_task;  // task -> {scored trials, successes}
  std::set<std::string> tasks;
  double partial = 0, steps = 0;
  int violations = 0, unexpected = 0, scored_tool_errors = 0;
  for (const EpisodeSummary* e : episodes) {
    tasks.insert(e->task);
    ++m.episodes;
    m.tokens_in += e->tokens_in;
    m.tokens_out += e->tokens_out;
    m.cost += e->cost;
    m.wall_ms += e->wall_ms;
    if (e->outcome == "infra_error") ++m.infra_errors;
    if (e->outcome == "engine_error") ++m.engine_errors;
    if (e->outcome == "finished" && !e->verifier_fault.empty()) ++m.verifier_faults;
    m.tool_errors += e->tool_errors;
    m.judge_cost += e->judge_cost;
    if (!e->scored()) continue;
    ++m.scored;
    auto& [n, c] = per_task[e->task];
    ++n;
    if (e->success) {
      ++c;
      ++m.successes;
    }
    if (e->judged_total > 0) ++m.judged_episodes;
    m.judged_checks += e->judged_total;
    m.judged_passed += e->judged_passed;
    m.judged_failed += e->judged_failed;
    m.judged_unjudged += e->judged_unjudged();
    m.judge_errors += e->judge_errors;
    if (e->success_with_judged()) ++m.successes_with_judged;
    partial += e->partial;
    steps += e->steps;
    violations += e->violations;
    unexpected += e->unexpected_changes;
    scored_tool_errors += e->tool_errors;
    if (e->termination == "step_limit") ++m.step_limit_hits;
    if (e->termination == "token_budget") ++m.token_budget_hits;
    bool refused = e->answer_status == "refused";
    if (e->feasible) {
      ++m.feasible_episodes;
      if (refused) ++m.wrong_refusals;
    } else {
      ++m.infeasible_episodes;
      if (refused) ++m.correct_refusals;
    }
  }
  m.tasks = static_cast<int>(tasks.size());
  m.success_rate = ratio(m.successes, m.scored);
  m.success_with_judged_rate = ratio(m.successes_with_judged, m.scored);
  m.mean_partial = ratio(partial, m.scored);
  m.violations_per_episode = ratio(violations, m.scored);
  m.unexpected_changes_per_episode = ratio(unexpected, m.scored);
  m.correct_refusal_rate = ratio(m.correct_refusals, m.infeasible_episodes);
  m.wrong_refusal_rate = ratio(m.wrong_refusals, m.feasible_episodes);
  m.mean_steps = ratio(steps, m.scored);
  m.tool_errors_per_episode = ratio(scored_tool_errors, m.scored);
  m.mean_wall_ms = ratio(m.wall_ms, m.episodes);
  std::vector<std::pair<int, int>> counts;
  for (const auto& [task, nc] : per_task) counts.push_back(nc);
  for (int i = 1; i <= k; ++i) m.pass_k.push_back(mean_pass_hat_k(counts, i));
  return m;
}

RunMetrics compute_metrics(const std::vector<EpisodeSummary>& episodes, int k) {
  RunMetrics out;
  out.k = k;
  std::vector<const EpisodeSummary*> all;
  std::map<std::string, std::vector<const EpisodeSummary*>> by_env, by_task;
  for (const auto& e : episodes) {
    all.push_back(&e);
    by_env[e.environment].push_back(&e);
    by_task[e.task].push_back(&e);
  }
  out.run = compute_group(all, k);
  for (const auto& [name, group] : by_env) out.environments[name] = compute_group(group, k);
  for (const auto& [name, group] : by_task) out.tasks[name] = compute_group(group, k);
  return out;
}

Json Metrics::to_json() const {
  Json pass = Json::object();
  for (size_t i = 0; i < pass_k.size(); ++i) pass[std::to_string(i + 1)] = optional_json(pass_k[i]);
  return {
      {"tasks", tasks},
      {"episodes", episodes},
      {"scored", scored},
      {"infra_errors", infra_errors},
      {"engine_errors", engine_errors},
      {"verifier_faults", verifier_faults},
      {"successes", successes},
      {"success_rate", optional_json(success_rate)},
      {"judged", {{"episodes", judged_episodes},
                  {"checks", judged_checks},
                  {"passed", judged_passed},
                  {"failed", judged_failed},
                  {"unjudged", judged_unjudged},
                  {"judge_errors", judge_errors},
                  {"successes_with_judged", successes_with_judged},
                  {"success_with_judged_rate", optional_json(success_with_judged_rate)},
                  {"cost", judge_cost}}},
      {"pass_k", pass},
      {"mean_partial", optional_json(mean_partial)},
      {"violations_per_episode", optional_json(violations_per_episode)},
      {"unexpected_changes_per_episode", optional_json(unexpected_changes_per_episode)},
      {"infeasible_episodes", infeasible_episodes},
      {"correct_refusals", correct_refusals},
      {"correct_refusal_rate", optional_json(correct_refusal_rate)},
      {"feasible_episodes", feasible_episodes},
      {"wrong_refusals", wrong_refusals},
      {"wrong_refusal_rate", optional_json(wrong_refusal_rate)},
      {"mean_steps", optional_json(mean_steps)},
      {"tool_errors", tool_errors},
      {"tool_errors_per_episode", optional_json(tool_errors_per_episode)},
      {"step_limit_hits", step_limit_hits},
      {"token_budget_hits", token_budget_hits},
      {"tokens_in", tokens_in},
      {"tokens_out", tokens_out},
      {"cost", cost},
      {"wall_ms", wall_ms},
      {"mean_wall_ms", optional_json(mean_wall_ms)},
  };
}

Json RunMetrics::to_json() const {
  Json envs = Json::object(), task_json = Json::object();
  for (const auto& [name, m] : environments) envs[name] = m.to_json();
  for (const auto& [name, m] : tasks) task_json[name] = m.to_json();
  return {{"k", k}, {"run", run.to_json()}, {"environments", envs}, {"tasks", task_json}};
}

}  // namespace opsgym::bench
