#include <catch2/catch.hpp>

#include <sstream>

#include "agent/fake_llm_server.hpp"
#include "agent/fixture_catalog.hpp"
#include "agent/scripted_models.hpp"
#include "bench/bench_run.hpp"
#include "bench/episode_runner.hpp"
#include "bench/results_store.hpp"

using namespace opsgym;
using namespace opsgym::bench;
using namespace opsgym::testing;

namespace {

struct Bench {
  std::ostringstream log;
  std::optional<agent::ModelsFile> models;
  std::vector<std::chrono::milliseconds> waits;
  std::mutex waits_mutex;

  void use(const FakeHttpServer& server, const std::string& provider, const std::string& extra = "") {
    std::string base = provider == "openai" ? server.url() + "/v1" : server.url();
    models = agent::ModelsFile::parse(scripted_models_yaml(provider, base, extra), "test");
  }

  BenchOutcome run(const BenchOptions& options) {
    agent::AgentFactory factory(models, agent::make_curl_transport(), [this](std::chrono::milliseconds d) {
      std::lock_guard lock(waits_mutex);
      waits.push_back(d);
    });
    return run_bench(fixture_catalog(), factory, options, log, false);
  }
};

BenchOptions options(const std::string& agent, const std::string& suite, int k, const std::filesystem::path& out) {
  BenchOptions o;
  o.agent = agent;
  o.suite = suite;
  o.k = k;
  o.out = out;
  return o;
}

FakeResponse stalled(const FakeRequest& r) {
  FakeResponse slow = openai_scripted(solver_script(), r);
  slow.delay = std::chrono::milliseconds(2000);
  return slow;
}

}  // namespace

TEST_CASE("A model that solves every task scores full marks, with tokens and cost counted") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  Bench bench;
  bench.use(server, "openai");
  auto o = options("scripted", "env:minidesk", 2, fresh_dir("solver"));
  o.parallel = 3;
  BenchOutcome out = bench.run(o);
  const Metrics& m = out.metrics.run;
  CHECK(out.played == 8);
  CHECK(m.scored == 8);
  CHECK(*m.success_rate == 1.0);
  CHECK(*m.pass_k[0] == 1.0);
  CHECK(*m.pass_k[1] == 1.0);
  CHECK(*m.correct_refusal_rate == 1.0);
  CHECK(*m.wrong_refusal_rate == 0.0);
  CHECK(*m.violations_per_episode == 0.0);
  // md-001: 2 turns, md-002: 3 turns, md-003: 1 turn, md-004: 2 turns; twice each.
  CHECK(m.tokens_in == 16 * kTurnInputTokens);
  CHECK(m.tokens_out == 16 * kTurnOutputTokens);
  CHECK(m.cost == Approx((16 * kTurnInputTokens * 2.0 + 16 * kTurnOutputTokens * 10.0) / 1e6));
  CHECK(*m.mean_steps == Approx((1 + 2 + 0 + 1) / 4.0));
  // md-004's judged checks, with no judge: unjudged, and success is the deterministic checks' alone.
  CHECK(m.judged_checks == 4);
  CHECK(m.judged_unjudged == 4);
  CHECK(m.judge_errors == 0);
  CHECK(*m.success_with_judged_rate == Approx(6 / 8.0));
  CHECK(m.infra_errors == 0);
}

TEST_CASE("A model that breaks an observed rule fails and shows the violation") {
  FakeHttpServer server([](const FakeRequest& r) { return anthropic_scripted(rule_breaker_script(), r); });
  Bench bench;
  bench.use(server, "anthropic");
  BenchOutcome out = bench.run(options("scripted", "id:md-002", 2, fresh_dir("breaker")));
  const Metrics& m = out.metrics.run;
  CHECK(m.scored == 2);
  CHECK(*m.success_rate == 0.0);
  CHECK(*m.violations_per_episode == 1.0);
  CHECK(*m.pass_k[1] == 0.0);
  CHECK(*m.mean_partial > 0.0);
  CHECK(*m.mean_partial < 1.0);
}

TEST_CASE("Unknown tools and malformed arguments count as tool errors and never crash the run") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(chaotic_script(), r); });
  Bench bench;
  bench.use(server, "openai");
  auto dir = fresh_dir("chaos");
  BenchOutcome out = bench.run(options("scripted", "md-001", 1, dir));
  const Metrics& m = out.metrics.run;
  CHECK(m.scored == 1);
  CHECK(*m.success_rate == 1.0);
  CHECK(m.tool_errors == 2);
  StoredRun run = load_run(dir);
  REQUIRE(run.lines.size() == 1);
  CHECK(run.lines[0]["rejected_calls"] == 1);
  CHECK(run.lines[0]["steps"] == 3);
}

TEST_CASE("A stalled model is an infrastructure error that --resume plays again") {
  auto dir = fresh_dir("stall");
  {
    FakeHttpServer server(stalled);
    Bench bench;
    bench.use(server, "openai", "    retries: 1\n");
    bench.models->models[0].timeout = std::chrono::milliseconds(200);
    BenchOutcome out = bench.run(options("scripted", "md-001,md-003", 1, dir));
    CHECK(out.metrics.run.infra_errors == 2);
    CHECK(out.metrics.run.scored == 0);
    CHECK_FALSE(out.metrics.run.success_rate.has_value());
    CHECK(bench.waits.size() == 2);  // one backoff per episode before the second attempt
    StoredRun run = load_run(dir);
    REQUIRE(run.lines.size() == 2);
    CHECK(run.lines[0]["outcome"] == "infra_error");
    CHECK(run.lines[0]["error"]["kind"] == "timeout");
  }
  FakeHttpServer healthy([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  Bench bench;
  bench.use(healthy, "openai");
  auto o = options("scripted", "md-001,md-003", 1, dir);
  o.resume = true;
  BenchOutcome out = bench.run(o);
  CHECK(out.played == 2);
  CHECK(out.skipped == 0);
  CHECK(out.metrics.run.infra_errors == 0);
  CHECK(*out.metrics.run.success_rate == 1.0);
}

TEST_CASE("A model that keeps erroring loses no episode: each is recorded as an infrastructure error") {
  FakeHttpServer server([](const FakeRequest&) {
    FakeResponse r;
    r.status = 500;
    r.body = {{"error", {{"message", "internal failure"}}}};
    return r;
  });
  Bench bench;
  bench.use(server, "openai", "    retries: 2\n");
  auto dir = fresh_dir("errors");
  BenchOutcome out = bench.run(options("scripted", "env:minidesk", 2, dir));
  CHECK(out.metrics.run.episodes == 8);
  CHECK(out.metrics.run.infra_errors == 8);
  CHECK(server.requests().size() == 24);
  StoredRun run = load_run(dir);
  CHECK(run.lines.size() == 8);
  CHECK_THAT(run.lines[0]["error"]["message"].get<std::string>(), Catch::Contains("internal failure"));
}

TEST_CASE("Rate limits are waited out and the episode still succeeds") {
  std::atomic<int> calls{0};
  FakeHttpServer server([&](const FakeRequest& r) {
    if (calls++ % 2 == 0) {
      FakeResponse limited;
      limited.status = 429;
      limited.headers["Retry-After"] = "3";
      limited.body = {{"error", {{"message", "Rate limit reached"}}}};
      return limited;
    }
    return openai_scripted(solver_script(), r);
  });
  Bench bench;
  bench.use(server, "openai");
  auto dir = fresh_dir("ratelimit");
  BenchOutcome out = bench.run(options("scripted", "md-001", 1, dir));
  CHECK(*out.metrics.run.success_rate == 1.0);
  REQUIRE(bench.waits.size() == 2);
  CHECK(bench.waits[0] == std::chrono::milliseconds(3000));
  StoredRun run = load_run(dir);
  CHECK(run.lines[0]["llm"]["calls"] == 2);
  CHECK(run.lines[0]["llm"]["attempts"] == 4);
}

TEST_CASE("Resuming with --resume skips finished trials and plays only the missing ones") {
  Bench bench;
  auto dir = fresh_dir("resume");
  BenchOutcome first = bench.run(options("reference", "env:minidesk", 2, dir));
  CHECK(first.played == 8);
  auto o = options("reference", "env:minidesk", 3, dir);
  o.resume = true;
  BenchOutcome second = bench.run(o);
  CHECK(second.skipped == 8);
  CHECK(second.played == 4);
  CHECK(second.metrics.run.episodes == 12);
  CHECK(*second.metrics.run.pass_k[2] == 1.0);
}

TEST_CASE("An existing run is not overwritten without --resume, nor resumed by a different run") {
  Bench bench;
  auto dir = fresh_dir("guard");
  bench.run(options("reference", "md-001", 1, dir));
  CHECK_THROWS_WITH(bench.run(options("reference", "md-001", 1, dir)), Catch::Contains("--resume"));
  auto o = options("noop", "md-001", 1, dir);
  o.resume = true;
  CHECK_THROWS_WITH(bench.run(o), Catch::Contains("agent was \"reference\""));
  CHECK(load_run(dir).lines.size() == 1);
}

TEST_CASE("Bad options are refused before anything is played") {
  Bench bench;
  auto dir = fresh_dir("badopts");
  CHECK_THROWS_WITH(bench.run(options("reference", "md-001", 0, dir)), Catch::Contains("-k"));
  CHECK_THROWS_WITH(bench.run(options("reference", "nothing-*", 1, dir)), Catch::Contains("matches no task"));
  CHECK_THROWS_WITH(bench.run(options("gpt-9", "md-001", 1, dir)), Catch::Contains("unknown agent"));
  auto o = options("reference", "md-001", 1, dir);
  o.fault_rate = 1.5;
  CHECK_THROWS_WITH(bench.run(o), Catch::Contains("--fault-rate"));
  CHECK_FALSE(std::filesystem::exists(episodes_path(dir)));
}

TEST_CASE("Stored episodes match an in-process replay of the same calls") {
  FakeHttpServer server([](const FakeRequest& r) {
    if (r.json["messages"][1]["content"].get<std::string>().find("password reset") != std::string::npos)
      return openai_scripted(rule_breaker_script(), r);
    return openai_scripted(chaotic_script(), r);
  });
  Bench bench;
  bench.use(server, "openai");
  auto dir = fresh_dir("replay");
  bench.run(options("scripted", "env:minidesk", 2, dir));
  StoredRun run = load_run(dir);
  REQUIRE(run.lines.size() == 8);
  for (const auto& line : run.lines) {
    INFO(line["task"] << " #" << line["trial"]);
    Replay replay = replay_episode(fixture_catalog(), line);
    CHECK(replay.score == line["score"]);
    CHECK(replay.calls == line["calls"]);
  }
}

TEST_CASE("Distractor tools from other environments are offered, recorded and replayed") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  Bench bench;
  bench.use(server, "openai");
  auto dir = fresh_dir("distract");
  auto o = options("scripted", "md-001", 1, dir);
  o.distractors = 5;
  BenchOutcome out = bench.run(o);
  CHECK(*out.metrics.run.success_rate == 1.0);
  StoredRun run = load_run(dir);
  REQUIRE(run.lines[0]["distractors"].size() == 2);  // miniwiki has only two tools
  CHECK(run.lines[0]["distractors"][0]["environment"] == "miniwiki");
  // requests() returns a copy: keep it alive, a range-for over a member of the temporary would dangle.
  const auto requests = server.requests();
  REQUIRE_FALSE(requests.empty());
  std::vector<std::string> offered;
  for (const auto& t : requests[0].json["tools"]) offered.push_back(t["function"]["name"]);
  CHECK(std::find(offered.begin(), offered.end(), "edit_page") != offered.end());
  CHECK(std::find(offered.begin(), offered.end(), "close_ticket") != offered.end());
  CHECK(replay_episode(fixture_catalog(), run.lines[0]).score == run.lines[0]["score"]);
}

TEST_CASE("Transient tool faults are injected at the given rate and replay identically") {
  Bench bench;
  auto dir = fresh_dir("faults");
  auto o = options("reference", "env:minidesk", 4, dir);
  o.fault_rate = 0.5;
  BenchOutcome out = bench.run(o);
  CHECK(out.metrics.run.tool_errors > 0);
  CHECK(*out.metrics.run.success_rate < 1.0);
  for (const auto& line : load_run(dir).lines) CHECK(replay_episode(fixture_catalog(), line).calls == line["calls"]);
}

TEST_CASE("Every episode line carries messages, calls, timings, tokens and the verification") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  Bench bench;
  bench.use(server, "openai");
  auto dir = fresh_dir("line");
  bench.run(options("scripted", "md-001", 1, dir));
  Json line = load_run(dir).lines.at(0);
  for (const char* key : {"task", "environment", "trial", "seed", "agent", "model", "outcome", "termination", "answer",
                          "messages", "calls", "steps", "tool_errors", "tokens", "cost", "timing", "score", "verification"})
    CHECK(line.contains(key));
  CHECK(line["messages"].size() == 4);  // user, assistant (call), tool results, assistant (answer)
  CHECK(line["calls"][0]["tool"] == "close_ticket");
  CHECK(line["timing"]["wall_ms"].get<double>() > 0);
}
