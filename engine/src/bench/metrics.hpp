#pragma once
// Metrics of a set of episodes, per task, per environment and for the whole run. Groups are kept in
// std::map, so every listing is in name order whatever order episodes finished in.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/episode_record.hpp"

namespace opsgym::bench {

struct Metrics {
  int tasks = 0;
  int episodes = 0;          // every (task, trial) with a line, scored or not
  int scored = 0;            // finished with a working verifier
  int infra_errors = 0;
  int engine_errors = 0;
  int verifier_faults = 0;
  int successes = 0;
  std::optional<double> success_rate;
  // Judged checks, over scored episodes, apart from the deterministic checks that decide success.
  int judged_episodes = 0;    // scored episodes with at least one judged check
  int judged_checks = 0;
  int judged_passed = 0;
  int judged_failed = 0;
  int judged_unjudged = 0;
  int judge_errors = 0;       // of the unjudged: the judge was asked and failed (bad reply, unreachable)
  int successes_with_judged = 0;  // success and every judged check judged PASS
  std::optional<double> success_with_judged_rate;
  double judge_cost = 0;      // what judging cost, apart from the agent's cost
  std::vector<std::optional<double>> pass_k;  // [k-1] = pass^k, k = 1..K
  std::optional<double> mean_partial;
  std::optional<double> violations_per_episode;
  std::optional<double> unexpected_changes_per_episode;
  int infeasible_episodes = 0;
  int correct_refusals = 0;
  std::optional<double> correct_refusal_rate;  // refused, over scored episodes of infeasible tasks
  int feasible_episodes = 0;
  int wrong_refusals = 0;
  std::optional<double> wrong_refusal_rate;    // refused, over scored episodes of feasible tasks
  std::optional<double> mean_steps;
  int tool_errors = 0;
  std::optional<double> tool_errors_per_episode;
  int step_limit_hits = 0;
  int token_budget_hits = 0;
  long long tokens_in = 0;   // tokens and cost include unscored episodes: they were paid for
  long long tokens_out = 0;
  double cost = 0;
  double wall_ms = 0;        // summed over episodes
  std::optional<double> mean_wall_ms;

  Json to_json() const;
};

struct RunMetrics {
  int k = 1;
  Metrics run;
  std::map<std::string, Metrics> environments;
  std::map<std::string, Metrics> tasks;

  Json to_json() const;
};

// Aggregates episodes (one per (task, trial): the caller keeps the latest line of each). `k` is the
// number of trials asked per task; pass^k is reported for 1..k.
RunMetrics compute_metrics(const std::vector<EpisodeSummary>& episodes, int k);
Metrics compute_group(const std::vector<const EpisodeSummary*>& episodes, int k);

}  // namespace opsgym::bench
