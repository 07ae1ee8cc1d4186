// Judged checks in runs: `--judge MODEL` sends each judged check a verifier records (md-004 records two)
// to a fake judge model speaking the real wire formats; verdicts are cached in the run folder and asked
// once; replies are parsed strictly; judged checks are reported apart and never decide success.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "agent/fake_llm_server.hpp"
#include "agent/fixture_catalog.hpp"
#include "agent/scripted_judge.hpp"
#include "bench/bench_run.hpp"
#include "bench/judge.hpp"
#include "bench/report.hpp"
#include "bench/rescore.hpp"
#include "bench/results_store.hpp"
#include "bench/synthetic_runs.hpp"

using namespace opsgym;
using namespace opsgym::bench;
using namespace opsgym::testing;

namespace {

const std::string kResolutionRubric = "says in plain words what was wrong";  // a piece of md-004's first rubric

struct JudgeBench {
  std::optional<agent::ModelsFile> models;
  std::ostringstream log;

  void use(const FakeHttpServer& server, const std::string& provider, const std::string& extra = "") {
    std::string base = provider == "openai" ? server.url() + "/v1" : server.url();
    models = agent::ModelsFile::parse(judge_models_yaml(provider, base, extra), "test");
  }
  agent::AgentFactory factory() const { return agent::AgentFactory(models, agent::make_curl_transport(), [](auto) {}); }

  BenchOutcome run(const std::string& suite, int k, const std::filesystem::path& dir, const std::string& judge,
                   bool resume = false, int parallel = 1) {
    auto agents = factory();
    BenchOptions o;
    o.agent = "reference";
    o.suite = suite;
    o.k = k;
    o.out = dir;
    o.judge = judge;
    o.resume = resume;
    o.parallel = parallel;
    return run_bench(fixture_catalog(), agents, o, log, false);
  }

  RescoreOutcome rescore(const std::filesystem::path& dir, bool with_judge) {
    auto agents = factory();
    RescoreOptions o;
    if (with_judge) o.judge = agents.client("judge");
    return rescore_run(fixture_catalog(), dir, o);
  }
};

int cache_lines(const std::filesystem::path& dir) {
  std::ifstream in(judge_cache_path(dir));
  int n = 0;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) ++n;
  return n;
}

Json md004_line(const std::filesystem::path& dir, int trial = 1) {
  for (const auto& line : load_run(dir).lines)
    if (line["task"] == "md-004" && line["trial"] == trial) return line;
  FAIL("no md-004 line for trial " << trial);
  return Json();
}

FakeResponse always_pass(const FakeRequest& r) {
  return judge_scripted([](const std::string&, const std::string&) { return "PASS\nIt does what the rubric asks."; }, r);
}

}  // namespace

TEST_CASE("A judge's reply is read strictly: PASS or FAIL alone on the first line, then one line of reason") {
  auto pass = parse_verdict("PASS\nThe note is plain and says what was done.");
  REQUIRE(pass);
  CHECK(pass->passed);
  CHECK(pass->reason == "The note is plain and says what was done.");
  auto fail = parse_verdict("  FAIL  \r\n\r\n  It uses internal jargon.  \n\n");
  REQUIRE(fail);
  CHECK_FALSE(fail->passed);
  CHECK(fail->reason == "It uses internal jargon.");
  std::string why;
  for (const char* reply : {"", "PASS", "pass\nlower case", "PASS: plain enough\n", "Verdict: PASS\nok",
                            "PASS\nreason\nand a third line", "**PASS**\nmarkdown", "FAILED\nno"}) {
    INFO(reply);
    CHECK_FALSE(parse_verdict(reply, &why));
    CHECK_FALSE(why.empty());
  }
}

TEST_CASE("The judge is asked once per (rubric, text); later episodes, resumes and rescores use the cache") {
  FakeHttpServer judge(always_pass);
  JudgeBench bench;
  bench.use(judge, "openai");
  auto dir = fresh_dir("judge-once");
  // Two trials of md-004 at once: both want the same two verdicts at the same moment.
  BenchOutcome out = bench.run("md-004", 2, dir, "judge", false, 2);
  CHECK(judge.requests().size() == 2);  // md-004 judges its resolution and its answer
  CHECK(cache_lines(dir) == 2);
  const Metrics& m = out.metrics.run;
  CHECK(*m.success_rate == 1.0);
  CHECK(m.judged_checks == 4);
  CHECK(m.judged_passed == 4);
  CHECK(m.judged_unjudged == 0);
  CHECK(*m.success_with_judged_rate == 1.0);
  CHECK(m.judge_cost == Approx(2 * (kTurnInputTokens * 1.0 + kTurnOutputTokens * 5.0) / 1e6));

  // The request: the judge's system prompt, the rubric and the text in the user message, no tools.
  const auto requests = judge.requests();
  JudgeAsk ask;
  REQUIRE(read_judge_request(requests[0], false, ask));
  CHECK(ask.system == judge_system_prompt());
  CHECK(requests[0].json["model"] == "judge-1");
  bool resolution_asked = false;
  for (const auto& r : requests) {
    REQUIRE(read_judge_request(r, false, ask));
    if (ask.rubric.find(kResolutionRubric) != std::string::npos) {
      resolution_asked = true;
      CHECK(ask.text == "The VPN tunnel had stopped; we restarted it and your connection works again.");
    }
  }
  CHECK(resolution_asked);

  // The stored line: verdicts and reasons in the verification, counts in the score, cost in judging.
  Json line = md004_line(dir);
  CHECK(line["score"]["success"] == true);
  CHECK(line["score"]["success_with_judged"] == true);
  CHECK(line["score"]["judged"] == Json{{"total", 2}, {"passed", 2}, {"failed", 0}, {"unjudged", 0}, {"errors", 0}});
  REQUIRE(line["verification"]["judged"].size() == 2);
  CHECK(line["verification"]["judged"][0]["verdict"] == true);
  CHECK(line["verification"]["judged"][0]["reason"] == "It does what the rubric asks.");
  CHECK(line["judging"]["judge"] == "judge");
  CHECK(line["judging"]["asked"].get<int>() + md004_line(dir, 2)["judging"]["asked"].get<int>() == 2);
  CHECK(load_run(dir).manifest["judge"] == Json{{"name", "judge"}, {"provider", "openai"}, {"model", "judge-1"}});

  // A resumed run reads the cache back: the new trial asks nothing.
  BenchOutcome resumed = bench.run("md-004", 3, dir, "judge", true);
  CHECK(resumed.played == 1);
  CHECK(judge.requests().size() == 2);
  CHECK(md004_line(dir, 3)["judging"]["cached"] == 2);
  CHECK(resumed.metrics.run.judged_passed == 6);

  // So does rescore, with the judge or without it (then nothing could be asked at all).
  RescoreOutcome with_judge = bench.rescore(dir, true);
  CHECK(with_judge.changes.empty());
  CHECK(with_judge.judging.cached == 6);
  CHECK(with_judge.judging.asked == 0);
  RescoreOutcome cache_only = bench.rescore(dir, false);
  CHECK(cache_only.changes.empty());
  CHECK(cache_only.judging.cached == 6);
  REQUIRE(cache_only.judge);
  CHECK(cache_only.judge->name == "judge");
  CHECK_THAT(render_rescore_text(cache_only), Catch::Contains("6 verdicts from the cache, none asked"));
  CHECK(judge.requests().size() == 2);
}

TEST_CASE("PASS, FAIL and an unparseable reply: verdicts are kept, garbage leaves the check unjudged") {
  // Anthropic this time: the resolution fails its rubric, the answer's judge rambles.
  FakeHttpServer judge([](const FakeRequest& r) {
    return judge_scripted(
        [](const std::string& rubric, const std::string&) -> std::string {
          if (rubric.find(kResolutionRubric) != std::string::npos) return "FAIL\nIt never says what was wrong.";
          return "I think this passes, mostly.";
        },
        r);
  });
  JudgeBench bench;
  bench.use(judge, "anthropic");
  auto dir = fresh_dir("judge-verdicts");
  BenchOutcome out = bench.run("md-004", 1, dir, "judge");
  CHECK(judge.requests().size() == 2);
  CHECK(judge.requests()[0].path == "/v1/messages");
  const Metrics& m = out.metrics.run;
  CHECK(*m.success_rate == 1.0);  // the deterministic checks alone decide success
  CHECK(*m.success_with_judged_rate == 0.0);
  CHECK(m.judged_passed == 0);
  CHECK(m.judged_failed == 1);
  CHECK(m.judged_unjudged == 1);
  CHECK(m.judge_errors == 1);
  Json line = md004_line(dir);
  const Json& judged = line["verification"]["judged"];
  CHECK(judged[0]["verdict"] == false);
  CHECK(judged[0]["reason"] == "It never says what was wrong.");
  CHECK(judged[1]["verdict"].is_null());
  CHECK(judged[1]["judge_error"]["kind"] == "unparseable");
  CHECK_THAT(judged[1]["judge_error"]["message"].get<std::string>(), Catch::Contains("not PASS or FAIL"));
  CHECK(cache_lines(dir) == 1);  // only a verdict is cached: the garbage is asked again next time

  // A rescore with the judge asks only the unjudged check again (the judge still rambles).
  RescoreOutcome again = bench.rescore(dir, true);
  CHECK(judge.requests().size() == 3);
  CHECK(again.judging.asked == 1);
  CHECK(again.judging.cached == 1);
  CHECK(again.judging.errors == 1);
  CHECK(again.changes.empty());
  CHECK(md004_line(dir)["judging"]["asked"] == 3);  // what judging this episode has cost so far
}

TEST_CASE("A judge that cannot be reached leaves the checks unjudged, and a rescore with it judges them") {
  auto dir = fresh_dir("judge-down");
  {
    FakeHttpServer down([](const FakeRequest&) {
      FakeResponse r;
      r.status = 503;
      r.body = {{"error", {{"message", "overloaded"}}}};
      return r;
    });
    JudgeBench bench;
    bench.use(down, "openai", "    retries: 1\n");
    BenchOutcome out = bench.run("md-004", 1, dir, "judge");
    CHECK(down.requests().size() == 4);  // two checks, two attempts each
    CHECK(out.metrics.run.scored == 1);  // a judge failure is not the episode's: it is scored
    CHECK(out.metrics.run.infra_errors == 0);
    CHECK(*out.metrics.run.success_rate == 1.0);
    CHECK(out.metrics.run.judge_errors == 2);
    CHECK(out.metrics.run.judged_unjudged == 2);
    CHECK(md004_line(dir)["verification"]["judged"][0]["judge_error"]["kind"] == "infra");
    CHECK(cache_lines(dir) == 0);
  }
  FakeHttpServer healthy(always_pass);
  JudgeBench bench;
  bench.use(healthy, "openai");
  RescoreOutcome out = bench.rescore(dir, true);
  CHECK(healthy.requests().size() == 2);
  REQUIRE(out.changes.size() == 1);
  CHECK_THAT(render_rescore_text(out), Catch::Contains("judged passed/failed/unjudged 0/0/2 -> 2/0/0"));
  CHECK(md004_line(dir)["score"]["success_with_judged"] == true);
  // metrics.json follows the rescore.
  Json metrics;
  std::ifstream(dir / "metrics.json") >> metrics;
  CHECK(metrics["run"]["judged"]["passed"] == 2);
  CHECK(metrics["run"]["judged"]["judge_errors"] == 0);
}

TEST_CASE("Without --judge, judged checks are unjudged and success is the deterministic checks' alone") {
  JudgeBench bench;
  auto dir = fresh_dir("judge-none");
  BenchOutcome out = bench.run("env:minidesk", 1, dir, "");
  const Metrics& m = out.metrics.run;
  CHECK(*m.success_rate == 1.0);
  CHECK(m.judged_episodes == 1);
  CHECK(m.judged_checks == 2);
  CHECK(m.judged_unjudged == 2);
  CHECK(m.judge_errors == 0);
  CHECK(m.successes_with_judged == 3);  // md-004 succeeds, but its checks are not judged passes
  CHECK_FALSE(std::filesystem::exists(judge_cache_path(dir)));
  Json line = md004_line(dir);
  CHECK(line["score"]["success"] == true);
  CHECK(line["score"]["success_with_judged"] == false);
  CHECK_FALSE(line.contains("judging"));
  CHECK(load_run(dir).manifest["judge"].is_null());
  CHECK_THAT(render_text(load_report(dir)), Catch::Contains("Judged checks (no judge: none is judged"));
  // The other tasks record no judged check: their scores say so.
  for (const auto& l : load_run(dir).lines)
    if (l["task"] != "md-004") CHECK(l["score"]["judged"]["total"] == 0);
  CHECK(bench.rescore(dir, false).changes.empty());
}

TEST_CASE("A report shows judged checks apart, with success beside success with judged checks") {
  FakeHttpServer judge([](const FakeRequest& r) {
    return judge_scripted(
        [](const std::string& rubric, const std::string&) -> std::string {
          if (rubric.find(kResolutionRubric) != std::string::npos) return "FAIL\nToo terse.";
          return "PASS\nIt says T-2 was closed.";
        },
        r);
  });
  JudgeBench bench;
  bench.use(judge, "openai");
  auto dir = fresh_dir("judge-report");
  bench.run("env:minidesk", 2, dir, "judge");
  RunReport report = load_report(dir);
  std::string text = render_text(report);
  CHECK_THAT(text, Catch::Contains("judge judge (openai judge-1)"));
  CHECK_THAT(text, Catch::Contains("Judged checks (judge judge). Reported apart: the checks above alone decide success"));
  CHECK_THAT(text, Catch::Contains("success+judged"));
  // md-004: 2 episodes, 4 judged checks: 2 passed, 2 failed, none unjudged; success 100%, with judged 0%.
  CHECK_THAT(text, Catch::Contains("md-004") && Catch::Contains("100.0%") && Catch::Contains("0.0%"));
  std::string md004_row;
  std::istringstream rows(text.substr(text.find("Judged checks")));
  for (std::string row; std::getline(rows, row);)
    if (row.rfind("md-004", 0) == 0) md004_row = row;
  std::istringstream cells(md004_row);
  std::vector<std::string> cell;
  for (std::string c; cells >> c;) cell.push_back(c);
  CHECK(cell == std::vector<std::string>{"md-004", "2", "4", "2", "2", "0", "0", "100.0%", "0.0%", "$0.0004"});
  Json j = render_json(report);
  const Json& run = j["metrics"]["run"]["judged"];
  CHECK(run["checks"] == 4);
  CHECK(run["passed"] == 2);
  CHECK(run["failed"] == 2);
  CHECK(run["unjudged"] == 0);
  CHECK(run["successes_with_judged"] == 6);  // the three tasks with no judged check, twice each
  CHECK(j["metrics"]["tasks"]["md-004"]["judged"]["success_with_judged_rate"] == 0.0);
  CHECK(j["metrics"]["tasks"]["md-004"]["success_rate"] == 1.0);
  Json stored;
  std::ifstream(dir / "metrics.json") >> stored;
  CHECK(stored["run"]["judged"] == j["metrics"]["run"]["judged"]);
  // Beside another run, success with judged checks stands next to success.
  auto plain = synthetic_run("judge-report-plain", "alpha", {"md-004"}, 1, [](const std::string&, int) { return true; });
  std::string compared = render_compare_text(load_report(plain), report);
  CHECK_THAT(compared, Catch::Contains("success+judged A / B"));
  CHECK_THAT(compared, Catch::Contains("100.0% / 0.0%"));
  CHECK_THAT(render_compare_text(load_report(plain), load_report(plain)), !Catch::Contains("success+judged"));
}

TEST_CASE("A run without judged checks reports none") {
  auto dir = synthetic_run("judge-absent", "alpha", {"a-1"}, 1, [](const std::string&, int) { return true; });
  std::string text = render_text(load_report(dir));
  CHECK_THAT(text, !Catch::Contains("Judged checks"));
}

TEST_CASE("A run keeps its judge: --resume and rescore refuse another, or none") {
  FakeHttpServer judge(always_pass);
  JudgeBench bench;
  bench.use(judge, "openai");
  auto dir = fresh_dir("judge-same");
  bench.run("md-004", 1, dir, "judge");
  CHECK_THROWS_WITH(bench.run("md-004", 2, dir, "", true), Catch::Contains("judge was"));
  // Another model as judge: same name, another model id.
  JudgeBench other;
  other.use(judge, "openai");
  other.models->models[0].model = "judge-2";
  CHECK_THROWS_WITH(other.run("md-004", 2, dir, "judge", true), Catch::Contains("judge was"));
  CHECK_THROWS_WITH(other.rescore(dir, true), Catch::Contains("was judged by"));
  CHECK(load_run(dir).lines.size() == 1);
  // --judge names a model of --models.
  CHECK_THROWS_WITH(bench.run("md-004", 1, fresh_dir("judge-unknown"), "gpt-9"), Catch::Contains("unknown model 'gpt-9'"));
}

TEST_CASE("A run without a judge gets one from rescore --judge, which then judges every judged check") {
  auto dir = fresh_dir("judge-later");
  JudgeBench plain;
  plain.run("md-004", 1, dir, "");
  FakeHttpServer judge(always_pass);
  JudgeBench bench;
  bench.use(judge, "openai");
  RescoreOutcome out = bench.rescore(dir, true);
  CHECK(out.judging.asked == 2);
  CHECK(load_run(dir).manifest["judge"]["name"] == "judge");
  CHECK(md004_line(dir)["score"]["judged"]["passed"] == 2);
  // From now on the run is the judge's: resuming it asks for the same judge.
  CHECK_NOTHROW(bench.run("md-004", 2, dir, "judge", true));
  CHECK(judge.requests().size() == 2);
}

TEST_CASE("A verdict cache line cut off by a crash is skipped with a warning, and the next one starts clean") {
  auto dir = fresh_dir("judge-cache");
  JudgeIdentity id{"judge", "openai", "judge-1"};
  {
    VerdictCache cache(dir);
    cache.store(id, "rubric", "text", {true, "fine"});
  }
  {
    std::ofstream(judge_cache_path(dir), std::ios::app) << R"({"judge":{"name":"judge")";
  }
  VerdictCache cache(dir);
  CHECK(cache.size() == 1);
  REQUIRE(cache.warnings().size() == 1);
  CHECK_THAT(cache.warnings()[0], Catch::Contains("judge_cache.jsonl:2"));
  CHECK(cache.find(id, "rubric", "text")->reason == "fine");
  CHECK_FALSE(cache.find(JudgeIdentity{"judge", "openai", "judge-2"}, "rubric", "text"));
  CHECK_FALSE(cache.find(id, "rubric", "other text"));
  cache.store(id, "rubric", "other text", {false, "no"});
  VerdictCache reread(dir);
  CHECK(reread.size() == 2);
  CHECK(reread.warnings().size() == 1);
  CHECK_FALSE(reread.find(id, "rubric", "other text")->passed);
}
