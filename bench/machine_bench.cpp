// How much of the time the machine itself takes away from a running thread, with nothing of OpsGym
// running: one thread per allowed CPU, pinned there, reads the clock in a loop for OPSGYM_BENCH_SECONDS
// (default 5), and every gap over 1 ms between two reads is time its vCPU did not run (the host
// descheduled it, or the guest kernel ran something else there). An open-loop p99 cannot be lower than
// what these gaps do to the requests due during them, so run it beside the HTTP benchmarks:
//   opsgym-bench --benchmark_filter=MachineStalls
// Counters: gaps (over 1 ms, all CPUs), longest_gap_ms, stalled_ms_per_s (per CPU, the gaps' sum).
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_env.hpp"
#include "server/cpu_affinity.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Gaps {
  int count = 0;
  double longest_ms = 0, total_ms = 0;
};

// Spins on the calling thread until `stop`, collecting the gaps between clock reads.
Gaps spin_until(Clock::time_point stop) {
  constexpr auto kGap = std::chrono::milliseconds(1);
  Gaps gaps;
  for (auto last = Clock::now(), now = last; now < stop; last = now) {
    now = Clock::now();
    if (now - last <= kGap) continue;
    const double ms = std::chrono::duration<double, std::milli>(now - last).count();
    ++gaps.count;
    gaps.total_ms += ms;
    gaps.longest_ms = std::max(gaps.longest_ms, ms);
  }
  return gaps;
}

void BM_MachineStalls(benchmark::State& state) {
  const double seconds = opsgym::bench::bench_seconds();
  const std::vector<int> cpus = opsgym::server::allowed_cpus();
  std::vector<Gaps> per_cpu(cpus.size());
  for (auto _ : state) {
    const auto stop = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < cpus.size(); ++i) {
      threads.emplace_back([&, i] {
        opsgym::server::set_thread_cpus(pthread_self(), {cpus[i]});
        per_cpu[i] = spin_until(stop);
      });
    }
    for (auto& t : threads) t.join();
  }
  Gaps all;
  for (const Gaps& g : per_cpu) {
    all.count += g.count;
    all.total_ms += g.total_ms;
    all.longest_ms = std::max(all.longest_ms, g.longest_ms);
  }
  state.counters["gaps"] = all.count;
  state.counters["longest_gap_ms"] = all.longest_ms;
  state.counters["stalled_ms_per_s"] = cpus.empty() ? 0.0 : all.total_ms / (seconds * static_cast<double>(cpus.size()));
  state.SetLabel(std::to_string(cpus.size()) + " CPUs");
}

}  // namespace

BENCHMARK(BM_MachineStalls)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
