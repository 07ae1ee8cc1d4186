#include <catch2/catch.hpp>

#include "bench/metrics.hpp"

using namespace opsgym::bench;

namespace {

EpisodeSummary episode(const std::string& task, const std::string& env, int trial, bool success) {
  EpisodeSummary e;
  e.task = task;
  e.environment = env;
  e.trial = trial;
  e.outcome = "finished";
  e.termination = "answer";
  e.answer_status = "done";
  e.success = success;
  e.partial = success ? 1.0 : 0.5;
  e.steps = 2;
  e.tokens_in = 100;
  e.tokens_out = 10;
  e.cost = 0.01;
  e.wall_ms = 200;
  return e;
}

}  // namespace

TEST_CASE("Run metrics count successes, partial credit, violations and pass^k") {
  std::vector<EpisodeSummary> eps = {episode("a-1", "a", 1, true), episode("a-1", "a", 2, true),
                                     episode("a-2", "a", 1, true), episode("a-2", "a", 2, false)};
  eps[3].violations = 2;
  eps[3].unexpected_changes = 1;
  eps[3].tool_errors = 3;
  RunMetrics m = compute_metrics(eps, 2);
  CHECK(m.run.tasks == 2);
  CHECK(m.run.scored == 4);
  CHECK(*m.run.success_rate == Approx(0.75));
  CHECK(*m.run.pass_k[0] == Approx(0.75));
  CHECK(*m.run.pass_k[1] == Approx(0.5));  // (1 + 0) / 2
  CHECK(*m.run.mean_partial == Approx(3.5 / 4));
  CHECK(*m.run.violations_per_episode == Approx(0.5));
  CHECK(*m.run.unexpected_changes_per_episode == Approx(0.25));
  CHECK(m.run.tool_errors == 3);
  CHECK(m.run.tokens_in == 400);
  CHECK(m.run.cost == Approx(0.04));
  CHECK(*m.run.mean_wall_ms == Approx(200));
  CHECK(*m.tasks["a-2"].success_rate == Approx(0.5));
  CHECK(*m.environments["a"].success_rate == Approx(0.75));
}

TEST_CASE("Infrastructure errors are counted apart and not scored") {
  std::vector<EpisodeSummary> eps = {episode("a-1", "a", 1, true), episode("a-1", "a", 2, false)};
  eps[1].outcome = "infra_error";
  eps[1].tokens_in = 50;
  RunMetrics m = compute_metrics(eps, 2);
  CHECK(m.run.episodes == 2);
  CHECK(m.run.scored == 1);
  CHECK(m.run.infra_errors == 1);
  CHECK(*m.run.success_rate == 1.0);
  CHECK(m.run.tokens_in == 150);  // paid for all the same
  CHECK_FALSE(m.run.pass_k[1].has_value());  // only one scored trial
}

TEST_CASE("Refusals are right on infeasible tasks and wrong on feasible ones") {
  std::vector<EpisodeSummary> eps = {episode("f", "a", 1, false), episode("f", "a", 2, true),
                                     episode("i", "a", 1, true), episode("i", "a", 2, false)};
  eps[0].answer_status = "refused";
  eps[2].feasible = eps[3].feasible = false;
  eps[2].answer_status = "refused";
  RunMetrics m = compute_metrics(eps, 2);
  CHECK(m.run.wrong_refusals == 1);
  CHECK(*m.run.wrong_refusal_rate == Approx(0.5));
  CHECK(m.run.correct_refusals == 1);
  CHECK(*m.run.correct_refusal_rate == Approx(0.5));
}

TEST_CASE("Verifier faults are reported apart from the agent's failures") {
  std::vector<EpisodeSummary> eps = {episode("a-1", "a", 1, false)};
  eps[0].verifier_fault = "verifier.lua:3: attempt to index nil";
  RunMetrics m = compute_metrics(eps, 1);
  CHECK(m.run.verifier_faults == 1);
  CHECK(m.run.scored == 0);
  CHECK_FALSE(m.run.success_rate.has_value());
}

TEST_CASE("Metrics JSON lists groups in name order whatever the episode order") {
  std::vector<EpisodeSummary> forward = {episode("b-1", "b", 1, true), episode("a-1", "a", 1, false)};
  std::vector<EpisodeSummary> backward = {forward[1], forward[0]};
  CHECK(compute_metrics(forward, 1).to_json().dump() == compute_metrics(backward, 1).to_json().dump());
  auto json = compute_metrics(forward, 1).to_json();
  CHECK(json["tasks"].begin().key() == "a-1");
}
