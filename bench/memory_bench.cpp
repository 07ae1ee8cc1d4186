// Resident memory of a server under three load shapes, through the gym API of an in-process App (the
// routes, registry, results and caches a real `opsgym serve` runs, without the sockets):
//   RssEpisodes:   episodes created and closed (POST /v1/episodes, DELETE), 10,000 by default;
//   RssSteps:      steps over 64 live episodes, each finished and reset after 20 steps, 200,000 by default;
//   RssSeeds:      episodes created at distinct client-chosen seeds and closed, 2,000 by default.
// Each reports rss_before_MiB (after one warm-up round, so the catalog and the task's own World are
// in), rss_after_MiB, rss_growth_MiB and the time per operation. Run one at a time for clean
// baselines (each starts in a process that already ran the others otherwise):
//   opsgym-bench --benchmark_filter=RssSeeds
// Environment: OPSGYM_BENCH_TASK (default: the first task), OPSGYM_BENCH_EPISODES, OPSGYM_BENCH_STEPS,
// OPSGYM_BENCH_SEEDS (the counts above); OPSGYM_HOME picks the catalog.
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_env.hpp"
#include "opsgym/catalog.hpp"
#include "server/app.hpp"

namespace {

using opsgym::bench::env_or;
using opsgym::server::HttpRequest;
using opsgym::server::Json;

constexpr int kStepsPerEpisode = 20;  // then finish and reset: itsm-001 allows 20 calls
constexpr int kLiveEpisodes = 64;

// This process's resident set (VmRSS), in MiB.
double rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // the value is in kB
  }
  return 0;
}

HttpRequest request(const std::string& method, const std::string& target, const std::string& body = "") {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.headers["host"] = "127.0.0.1";
  if (!body.empty()) r.headers["content-type"] = "application/json";
  r.body = body;
  r.remote = "127.0.0.1";
  return r;
}

class Server {
 public:
  Server() : catalog_(std::make_shared<const opsgym::Catalog>(opsgym::Catalog::load_default())) {
    if (catalog_->tasks().empty()) throw std::runtime_error("no task in the catalog (set OPSGYM_HOME)");
    task_ = catalog_->task(env_or("OPSGYM_BENCH_TASK", catalog_->tasks().front()->id));
    app_ = std::make_unique<opsgym::server::App>(catalog_, opsgym::server::AppOptions{});
  }

  const opsgym::Task& task() const { return *task_; }

  Json call(const std::string& method, const std::string& target, const Json& body = nullptr) {
    const auto response = app_->handle(request(method, target, body.is_null() ? "" : body.dump()));
    if (response.status >= 300) throw std::runtime_error(method + " " + target + ": " + std::to_string(response.status) +
                                                         " " + response.body);
    return response.body.empty() ? Json() : Json::parse(response.body);
  }

  std::string create(const Json& extra = Json::object()) {
    Json body = extra;
    body["task"] = task_->id;
    return call("POST", "/v1/episodes", body).at("episode_id").get<std::string>();
  }
  void close(const std::string& id) { call("DELETE", "/v1/episodes/" + id); }

 private:
  std::shared_ptr<const opsgym::Catalog> catalog_;
  std::shared_ptr<const opsgym::Task> task_;
  std::unique_ptr<opsgym::server::App> app_;
};

int count_from(const char* variable, int fallback) { return std::stoi(env_or(variable, std::to_string(fallback))); }

void report(benchmark::State& state, double before, double seconds, int operations) {
  const double after = rss_mib();
  state.counters["rss_before_MiB"] = before;
  state.counters["rss_after_MiB"] = after;
  state.counters["rss_growth_MiB"] = after - before;
  state.counters["operations"] = operations;
  state.counters["us_per_operation"] = seconds * 1e6 / operations;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_RssEpisodes(benchmark::State& state) {
  const int episodes = count_from("OPSGYM_BENCH_EPISODES", 10'000);
  for (auto _ : state) {
    Server server;
    server.close(server.create());
    const double before = rss_mib();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < episodes; ++i) server.close(server.create());
    report(state, before, seconds_since(start), episodes);
  }
}

void BM_RssSteps(benchmark::State& state) {
  const int steps = count_from("OPSGYM_BENCH_STEPS", 200'000);
  for (auto _ : state) {
    Server server;
    const auto& reference = server.task().reference;
    if (reference.empty()) {
      state.SkipWithError("the task has no reference call to step with");
      return;
    }
    const Json step{{"tool", reference.front().tool}, {"args", reference.front().args}};
    std::vector<std::string> ids;
    for (int i = 0; i < kLiveEpisodes; ++i) ids.push_back(server.create());
    // One warm-up round: every episode steps, finishes and starts over once.
    const auto round = [&](const std::string& id, int steps_done) {
      server.call("POST", "/v1/episodes/" + id + "/step", step);
      if (steps_done % kStepsPerEpisode == 0) {
        server.call("POST", "/v1/episodes/" + id + "/finish", Json{{"answer", "done"}, {"status", "done"}});
        server.call("POST", "/v1/episodes/" + id + "/reset", Json::object());
      }
    };
    for (int s = 1; s <= kStepsPerEpisode; ++s)
      for (const auto& id : ids) round(id, s);
    const double before = rss_mib();
    const auto start = std::chrono::steady_clock::now();
    for (int done = 0; done < steps;) {
      for (int s = 1; s <= kStepsPerEpisode && done < steps; ++s)
        for (size_t e = 0; e < ids.size() && done < steps; ++e, ++done) round(ids[e], s);
    }
    report(state, before, seconds_since(start), steps);
  }
}

void BM_RssSeeds(benchmark::State& state) {
  const int seeds = count_from("OPSGYM_BENCH_SEEDS", 2'000);
  for (auto _ : state) {
    Server server;
    server.close(server.create());
    const double before = rss_mib();
    const auto start = std::chrono::steady_clock::now();
    // Seeds far from any task's own, so every one is new to the environment.
    for (int i = 0; i < seeds; ++i) server.close(server.create(Json{{"seed", 1'000'000 + i}}));
    report(state, before, seconds_since(start), seeds);
  }
}

BENCHMARK(BM_RssEpisodes)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_RssSteps)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_RssSeeds)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace
