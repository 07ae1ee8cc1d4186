// `opsgym bench`: run an agent over a suite, k trials per task, and print the metrics.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "agent/agent_factory.hpp"
#include "bench/bench_run.hpp"
#include "bench/report.hpp"
#include "cli/command.hpp"
#include "opsgym/catalog.hpp"

namespace opsgym::cli {
namespace {

// `-k K` is the one single-dash option: depending on the parser it arrives as option "k" or as the
// positionals "-k", "K". Any other positional is a mistake.
int trials(const Args& args) {
  const auto& words = args.positional();
  std::optional<long long> k;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "-k" && i + 1 == words.size()) throw UsageError("-k needs a value");
    if (words[i] == "-k") {
      try {
        size_t used = 0;
        k = std::stoll(words[i + 1], &used);
        if (used != words[i + 1].size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw UsageError("-k needs a whole number, not '" + words[i + 1] + "'");
      }
      ++i;
    } else {
      throw UsageError("unexpected argument '" + words[i] + "'");
    }
  }
  if (!k) k = args.get_int("k", 1);
  if (*k < 1 || *k > 10000) throw UsageError("-k must be between 1 and 10000");
  return static_cast<int>(*k);
}

int run_bench_command(const Args& args) {
  bench::BenchOptions options;
  auto agent = args.get("agent");
  auto suite = args.get("suite");
  auto out = args.get("out");
  if (!agent) throw UsageError("--agent NAME is required (reference, noop, or an agent of --models FILE)");
  if (!suite) throw UsageError("--suite SPEC is required (all, env:NAME, id:ID, tag:TAG, comma-separated)");
  if (!out) throw UsageError("--out DIR is required");
  options.agent = *agent;
  options.suite = *suite;
  options.out = *out;
  options.k = trials(args);
  options.distractors = static_cast<int>(args.get_int("distractors", 0));
  options.fault_rate = args.get_double("fault-rate", 0.0);
  long long seed = args.get_int("seed", 0);
  if (seed < 0) throw UsageError("--seed cannot be negative");
  options.seed = static_cast<uint64_t>(seed);
  options.parallel = static_cast<int>(args.get_int("parallel", 1));
  options.resume = args.has("resume");
  if (auto judge = args.get("judge")) {
    if (judge->empty()) throw UsageError("--judge needs a model name of --models");
    if (!args.get("models")) throw UsageError("--judge MODEL needs --models FILE (the judge is one of its models)");
    options.judge = *judge;
  }
  if (options.parallel < 1) throw UsageError("--parallel must be at least 1");

  std::optional<agent::ModelsFile> models;
  if (auto file = args.get("models")) models = agent::ModelsFile::load(*file);
  Catalog catalog = Catalog::load_default();
  for (const auto& e : catalog.errors())
    std::cerr << "warning: environment " << e.environment << " did not load: " << e.message << "\n";
  agent::AgentFactory factory(std::move(models), agent::make_curl_transport());
  bool terminal = isatty(fileno(stderr)) != 0;
  bench::BenchOutcome outcome = bench::run_bench(catalog, factory, options, std::cerr, terminal);
  for (const auto& w : outcome.warnings) std::cerr << "warning: " << w << "\n";
  if (outcome.skipped) std::cerr << "resumed: " << outcome.skipped << " episodes were already finished\n";
  bench::RunReport report = bench::load_report(options.out);
  std::cout << bench::render_text(report);
  const auto& run = outcome.metrics.run;
  if (run.infra_errors || run.engine_errors) {
    std::cerr << run.infra_errors + run.engine_errors
              << " episodes were not scored (infrastructure or engine errors): run again with --resume\n";
    return 3;
  }
  return 0;
}

}  // namespace

OPSGYM_COMMAND({"bench",
                "bench --agent NAME --suite SPEC -k K --out DIR [--models FILE] [--distractors N] "
                "[--fault-rate P] [--seed S] [--resume] [--parallel N] [--judge MODEL]",
                "Run an agent over a suite of tasks, k trials each, and report its metrics",
                {"resume"},
                run_bench_command});

}  // namespace opsgym::cli
