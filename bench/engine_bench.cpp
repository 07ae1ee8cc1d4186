// In-process engine costs against the budgets in DESIGN.md: reset, a read and a write tool call, fork,
// verify, the cached base snapshot, and validating one task.
//   opsgym-bench --benchmark_filter=BM_ --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// Environment: OPSGYM_BENCH_ENGINE_TASK (default itsm-005: search, create, work note, so it touches users,
// incidents, SLA timers, notes and the audit log; a task of another environment runs the benchmarks that
// are not ITSM's calls: reset, verify, snapshots, validate); OPSGYM_HOME picks the catalog as usual.
// Steps append to the trajectory and advance the simulated clock, so every step benchmark starts a new
// episode every kStepsPerEpisode calls (a typical episode length), outside the timed region.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "env/base_world.hpp"
#include "env/world_image_store.hpp"
#include "episode/reference_args.hpp"
#include "opsgym/catalog.hpp"
#include "opsgym/episode.hpp"
#include "opsgym/validate.hpp"

namespace {

using opsgym::Episode;
using opsgym::Json;

constexpr int kStepsPerEpisode = 20;

struct Fixture {
  std::shared_ptr<const opsgym::Environment> env;
  std::shared_ptr<const opsgym::Task> task;
  std::string incident;  // an open incident of the task's initial World, for reads and notes
};

// Loaded once per process: loading compiles every tool and task, which is not what is being measured.
const Fixture& fixture() {
  static const Fixture f = [] {
    const char* chosen = std::getenv("OPSGYM_BENCH_ENGINE_TASK");
    const std::string id = chosen && *chosen ? chosen : "itsm-005";
    static const opsgym::Catalog catalog = opsgym::Catalog::load_default();
    Fixture out;
    out.task = catalog.task(id);
    out.env = catalog.environment(out.task->environment);
    const auto& tables = out.env->tables();
    if (std::find(tables.begin(), tables.end(), "incidents") == tables.end()) return out;  // not ITSM: no step benches
    Episode probe(out.env, out.task);
    const Json open = probe.world().query(
        "SELECT number FROM incidents WHERE state IN ('new', 'in_progress', 'on_hold') ORDER BY id LIMIT 1");
    if (open.empty()) throw std::runtime_error("task " + id + " has no open incident to read and annotate");
    out.incident = open.at(0)["number"].get<std::string>();
    return out;
  }();
  return f;
}

// Plays the task's reference calls, resolving "${n.field}" from earlier outputs, as validate does.
void play_reference(Episode& episode) {
  std::vector<Json> outputs;
  for (const auto& call : episode.task().reference) {
    auto step = episode.step(call.tool, opsgym::resolve_reference_args(call.args, outputs));
    if (!step.ok) throw std::runtime_error("reference call " + call.tool + " failed: " + step.output_text);
    outputs.push_back(step.output());
  }
}

// Times `tool(args)` calls, starting a new episode every kStepsPerEpisode calls outside the timing.
void time_steps(benchmark::State& state, const std::string& tool, const Json& args) {
  const Fixture& f = fixture();
  if (!f.env->tool(tool)) {
    state.SkipWithError(("the environment of " + f.task->id + " has no tool " + tool).c_str());
    return;
  }
  Episode episode(f.env, f.task);
  {
    auto probe = episode.step(tool, args);  // fail loudly rather than time an error path
    if (!probe.ok) throw std::runtime_error(tool + " failed: " + probe.output_text);
    episode.reset();
  }
  int in_episode = 0;
  double violations = 0;  // recorded by the calls: each costs an extra INSERT, so it is reported
  for (auto _ : state) {
    if (in_episode == kStepsPerEpisode) {
      state.PauseTiming();
      episode.reset();
      in_episode = 0;
      state.ResumeTiming();
    }
    auto result = episode.step(tool, args);
    violations += static_cast<double>(result.violations.size());
    benchmark::DoNotOptimize(result);
    ++in_episode;
  }
  state.counters["violations_per_step"] = benchmark::Counter(violations, benchmark::Counter::kAvgIterations);
}

void BM_Reset(benchmark::State& state) {
  const Fixture& f = fixture();
  Episode episode(f.env, f.task);
  for (auto _ : state) {
    state.PauseTiming();
    play_reference(episode);  // a reset starts from a World that has moved on, as it would in training
    state.ResumeTiming();
    episode.reset();
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Reset)->Unit(benchmark::kMicrosecond);

void BM_ReadStep(benchmark::State& state) {
  time_steps(state, "get_incident", {{"number", fixture().incident}});
}
BENCHMARK(BM_ReadStep)->Unit(benchmark::kMicrosecond);

// The same read stepped round-robin over range(0) live episodes, as a server with that many agents
// steps it: each World's statements and pages have gone cold in the caches by its next turn (64 Worlds
// do not fit a 1 MB L2; BM_ReadStep's one World does). Every episode is reset after kStepsPerEpisode.
void BM_ReadStepAcrossEpisodes(benchmark::State& state) {
  const Fixture& f = fixture();
  if (f.incident.empty()) {
    state.SkipWithError("an ITSM task's benchmark");
    return;
  }
  const Json args = {{"number", f.incident}};
  std::vector<Episode> episodes;
  for (int i = 0; i < state.range(0); ++i) episodes.emplace_back(f.env, f.task);
  size_t next = 0;
  int round = 0;
  for (auto _ : state) {
    auto result = episodes[next].step("get_incident", args);
    benchmark::DoNotOptimize(result);
    if (++next < episodes.size()) continue;
    next = 0;
    if (++round < kStepsPerEpisode) continue;
    round = 0;
    state.PauseTiming();
    for (auto& episode : episodes) episode.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ReadStepAcrossEpisodes)->Arg(64)->Unit(benchmark::kMicrosecond);

void BM_ReadStepSearch(benchmark::State& state) {
  time_steps(state, "search_incidents", {{"query", "VPN"}, {"state", "open"}});
}
BENCHMARK(BM_ReadStepSearch)->Unit(benchmark::kMicrosecond);

// The call the HTTP load generator steps with (server_bench.cpp), so its in-process cost can be set
// beside the throughput over HTTP.
void BM_ReadStepUserSearch(benchmark::State& state) {
  time_steps(state, "search_users", {{"query", "Lena Ortiz"}});
}
BENCHMARK(BM_ReadStepUserSearch)->Unit(benchmark::kMicrosecond);

void BM_WriteStep(benchmark::State& state) {
  time_steps(state, "add_work_note",
             {{"number", fixture().incident}, {"body", "Checked with the caller; still waiting on the vendor."},
              {"visibility", "work_note"}});
}
BENCHMARK(BM_WriteStep)->Unit(benchmark::kMicrosecond);

// Any call of any environment, named in OPSGYM_BENCH_STEP as {"tool": ..., "args": {...}}, stepped from the
// task's World like BM_ReadStep (e.g. procurement's single-record reads and writes beside ITSM's).
void BM_ToolStep(benchmark::State& state) {
  const char* spec = std::getenv("OPSGYM_BENCH_STEP");
  if (!spec || !*spec) {
    state.SkipWithError("set OPSGYM_BENCH_STEP to {\"tool\": ..., \"args\": {...}}");
    return;
  }
  const Json call = Json::parse(spec);
  time_steps(state, call.at("tool").get<std::string>(), call.value("args", Json::object()));
  state.SetLabel(call.at("tool").get<std::string>());
}
BENCHMARK(BM_ToolStep)->Unit(benchmark::kMicrosecond);

// One call of the task's own reference solution, timed on its own: the first read-only call (`read`) or
// the first write, each from the World the calls before it leave (replayed after a reset, untimed). These
// measure any environment's steps, where BM_ReadStep and BM_WriteStep step ITSM's get_incident and
// add_work_note.
void time_reference_call(benchmark::State& state, bool read) {
  const Fixture& f = fixture();
  const auto& calls = f.task->reference;
  size_t chosen = calls.size();
  for (size_t i = 0; i < calls.size() && chosen == calls.size(); ++i) {
    const auto* tool = f.env->tool(calls[i].tool);
    if (tool && tool->read_only == read) chosen = i;
  }
  if (chosen == calls.size()) {
    state.SkipWithError(("the reference of " + f.task->id + " has no " + (read ? "read" : "write") + " call").c_str());
    return;
  }
  Episode episode(f.env, f.task);
  std::vector<Json> outputs;
  Json args;
  for (auto _ : state) {
    state.PauseTiming();
    episode.reset();
    outputs.clear();
    for (size_t i = 0; i < chosen; ++i) {
      outputs.push_back(episode.step(calls[i].tool, opsgym::resolve_reference_args(calls[i].args, outputs)).output());
    }
    args = opsgym::resolve_reference_args(calls[chosen].args, outputs);
    state.ResumeTiming();
    auto result = episode.step(calls[chosen].tool, args);
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(calls[chosen].tool);
}

void BM_TaskReadStep(benchmark::State& state) { time_reference_call(state, true); }
BENCHMARK(BM_TaskReadStep)->Unit(benchmark::kMicrosecond);

void BM_TaskWriteStep(benchmark::State& state) { time_reference_call(state, false); }
BENCHMARK(BM_TaskWriteStep)->Unit(benchmark::kMicrosecond);

// What a reset over the gym API sends back: the observation as JSON text, every tool in it.
void BM_ObservationText(benchmark::State& state) {
  const Fixture& f = fixture();
  Episode episode(f.env, f.task);
  size_t bytes = 0;
  for (auto _ : state) {
    std::string text = episode.observation_text();
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ObservationText)->Unit(benchmark::kMicrosecond);

void BM_Fork(benchmark::State& state) {
  const Fixture& f = fixture();
  Episode episode(f.env, f.task);
  play_reference(episode);
  for (auto _ : state) {
    Episode copy = episode.fork();
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_Fork)->Unit(benchmark::kMicrosecond);

// finish() runs the verifier once per episode, so each iteration finishes a fresh fork of an episode
// that ran the reference solution; the fork is made outside the timing.
void BM_Verify(benchmark::State& state) {
  const Fixture& f = fixture();
  Episode played(f.env, f.task);
  play_reference(played);
  {
    Episode check = played.fork();
    if (!check.finish(f.task->reference_answer, f.task->reference_status).success) {
      throw std::runtime_error("the reference of " + f.task->id + " does not pass its verifier");
    }
  }
  for (auto _ : state) {
    state.PauseTiming();
    Episode episode = played.fork();
    state.ResumeTiming();
    const auto& result = episode.finish(f.task->reference_answer, f.task->reference_status);
    benchmark::DoNotOptimize(&result);
    state.PauseTiming();
    { Episode gone = std::move(episode); }  // destruction is not part of verify
    state.ResumeTiming();
  }
}
BENCHMARK(BM_Verify)->Unit(benchmark::kMicrosecond);

void BM_BaseSnapshotCached(benchmark::State& state) {
  const Fixture& f = fixture();
  // Built on first use; later calls hit the cache. Its size is what every reset copies.
  const auto first = f.env->base_snapshot(f.task->seed, f.task.get());
  for (auto _ : state) {
    auto snapshot = f.env->base_snapshot(f.task->seed, f.task.get());
    benchmark::DoNotOptimize(snapshot);
  }
  state.counters["snapshot_bytes"] = static_cast<double>(first->size());
}
BENCHMARK(BM_BaseSnapshotCached)->Unit(benchmark::kMicrosecond);

// What the first episode of a task in a new process costs when the task's World image is on disk (a
// run before built it): reading the image and opening a World on it. Contrast BM_BuildTaskWorld.
void BM_FirstEpisodeFromImage(benchmark::State& state) {
  const Fixture& f = fixture();
  const auto dir = std::filesystem::temp_directory_path() / ("opsgym-bench-images-" + std::to_string(::getpid()));
  const opsgym::WorldImageStore store(dir, size_t{1} << 30);
  const std::string key = f.env->world_key(f.task->seed, f.task.get());
  store.save(key, f.env->base_snapshot(f.task->seed, f.task.get()));
  for (auto _ : state) {
    const opsgym::Snapshot image = store.load(key);
    if (!image) throw std::runtime_error("the image was not kept");
    opsgym::World world(image);
    benchmark::DoNotOptimize(world.query("SELECT COUNT(*) AS n FROM users"));
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_FirstEpisodeFromImage)->Unit(benchmark::kMicrosecond);

// Building the task's World from the seed, as the first episode did before images were kept.
void BM_BuildTaskWorld(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto world = opsgym::build_task_world(*f.env, opsgym::build_seed_world(*f.env, f.env->packages(), f.task->seed),
                                          *f.task, f.task->seed);
    benchmark::DoNotOptimize(world);
  }
}
BENCHMARK(BM_BuildTaskWorld)->Unit(benchmark::kMillisecond);

// The mean tool call over every reference call of every task of the fixture's environment, each task
// replayed from a reset: the step cost an agent that solves the tasks actually sees. Also the median
// read-only call and the median write, the numbers DESIGN.md's 20 / 50 us step budgets are about.
double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

void BM_ReferenceCallMean(benchmark::State& state) {
  const Fixture& f = fixture();
  std::vector<Episode> episodes;
  for (const auto& task : f.env->tasks()) episodes.emplace_back(f.env, task);
  double total_us = 0, calls = 0;
  std::vector<double> reads_us, writes_us;
  for (auto _ : state) {
    for (auto& episode : episodes) {
      episode.reset();
      std::vector<Json> outputs;
      for (const auto& call : episode.task().reference) {
        const Json args = opsgym::resolve_reference_args(call.args, outputs);
        const auto started = std::chrono::steady_clock::now();
        auto step = episode.step(call.tool, args);
        const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count();
        total_us += us;
        ++calls;
        const auto* tool = f.env->tool(call.tool);
        (tool && tool->read_only ? reads_us : writes_us).push_back(us);
        outputs.push_back(step.output());
      }
    }
  }
  state.counters["us_per_call"] = calls > 0 ? total_us / calls : 0;
  state.counters["calls"] = calls;
  state.counters["read_median_us"] = median(reads_us);
  state.counters["write_median_us"] = median(writes_us);
}
BENCHMARK(BM_ReferenceCallMean)->Unit(benchmark::kMillisecond);

// Memory an idle episode adds (its World and the connection around it), from the process's memory
// before and after opening 100 episodes of the task. DESIGN.md budget: 2 MB. Two measures, since Worlds
// map their snapshot copy-on-write: resident (RSS) counts a shared page again in every World that maps
// it; proportional (PSS) divides it among them, which is what an episode really costs. Run it in its own
// invocation: memory freed by benchmarks before it is reused and hides what the episodes take.
long memory_kb(const char* file, const char* field) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  return 0;
}
long resident_kb() { return memory_kb("/proc/self/status", "VmRSS:"); }
long proportional_kb() { return memory_kb("/proc/self/smaps_rollup", "Pss:"); }

void BM_IdleEpisodeMemory(benchmark::State& state) {
  const Fixture& f = fixture();
  constexpr int kEpisodes = 100;
  double resident_mb = 0, proportional_mb = 0;
  for (auto _ : state) {
    std::vector<Episode> episodes;
    episodes.reserve(kEpisodes);
    episodes.emplace_back(f.env, f.task);  // first one outside: it warms caches shared by all episodes
    const long rss = resident_kb(), pss = proportional_kb();
    for (int i = 1; i <= kEpisodes; ++i) episodes.emplace_back(f.env, f.task);
    resident_mb = static_cast<double>(resident_kb() - rss) / kEpisodes / 1024.0;
    proportional_mb = static_cast<double>(proportional_kb() - pss) / kEpisodes / 1024.0;
  }
  state.counters["mb_per_episode"] = resident_mb;
  state.counters["pss_mb_per_episode"] = proportional_mb;
  state.counters["world_mb"] =
      static_cast<double>(f.env->base_snapshot(f.task->seed, f.task.get())->size()) / (1024.0 * 1024.0);
}
BENCHMARK(BM_IdleEpisodeMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

// Reference twice, then do-nothing (or finish-as-done): what `opsgym validate` does per task.
void BM_ValidateTask(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto validation = opsgym::validate_task(f.env, f.task);
    if (!validation.ok()) {
      state.SkipWithError(("task " + f.task->id + " does not validate").c_str());
      break;
    }
    benchmark::DoNotOptimize(validation);
  }
}
BENCHMARK(BM_ValidateTask)->Unit(benchmark::kMicrosecond);

}  // namespace
