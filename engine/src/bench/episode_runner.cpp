#include "bench/episode_runner.hpp"

#include <chrono>
#include <stdexcept>

#include "bench/distractors.hpp"

namespace opsgym::bench {

Json score_json(const VerifyResult& result, int judge_errors) {
  Json checks = Json::array();
  for (const auto& c : result.checks) checks.push_back({{"name", c.name}, {"passed", c.passed}, {"detail", c.detail}});
  int passed = 0, failed = 0;
  for (const auto& j : result.judged) {
    if (j.verdict && *j.verdict) ++passed;
    if (j.verdict && !*j.verdict) ++failed;
  }
  int total = static_cast<int>(result.judged.size());
  return {{"success", result.success},
          {"partial", result.partial},
          {"violations", static_cast<int>(result.violations.size())},
          {"unexpected_changes", static_cast<int>(result.unexpected_changes.size())},
          {"verifier_fault", result.verifier_fault},
          {"checks", std::move(checks)},
          {"judged", {{"total", total}, {"passed", passed}, {"failed", failed}, {"unjudged", total - passed - failed},
                      {"errors", judge_errors}}},
          {"success_with_judged", result.success && passed == total}};
}

ScoredEpisode score_episode(VerifyResult result, Judge* judge) {
  ScoredEpisode out;
  std::vector<std::optional<JudgeError>> errors;
  JudgingStats stats;
  if (judge) stats = judge->judge(result.judged, errors);
  out.score = score_json(result, stats.errors);
  out.verification = result.to_json();
  for (size_t i = 0; i < errors.size(); ++i)
    if (errors[i])
      out.verification["judged"][i]["judge_error"] = {{"kind", errors[i]->kind}, {"message", errors[i]->message}};
  if (judge) {
    out.judging = stats.to_json();
    out.judging["judge"] = judge->identity().name;
  }
  return out;
}

namespace {

int failed_calls(const Json& trajectory) {
  int failed = 0;
  for (const auto& call : trajectory)
    if (call.is_object() && !call.value("ok", true)) ++failed;
  return failed;
}

Json distractors_json(const std::vector<DistractorRef>& refs) {
  Json out = Json::array();
  for (const auto& r : refs) out.push_back({{"environment", r.environment}, {"tool", r.tool}});
  return out;
}

std::vector<DistractorRef> distractors_from(const Json& line) {
  std::vector<DistractorRef> refs;
  if (auto it = line.find("distractors"); it != line.end() && it->is_array())
    for (const auto& r : *it) refs.push_back({r.at("environment").get<std::string>(), r.at("tool").get<std::string>()});
  return refs;
}

}  // namespace

Json play_episode(const Catalog& catalog, agent::Agent& agent, const std::shared_ptr<const Task>& task, int trial,
                  const PlayOptions& options) {
  auto started = std::chrono::steady_clock::now();
  Json line = {{"task", task->id},       {"environment", task->environment}, {"trial", trial},
               {"seed", task->seed},     {"feasible", task->feasible},       {"agent", agent.name()},
               {"model", agent.model() ? Json(agent.model()->name) : Json()},
               {"fault_rate", options.fault_rate}};
  agent::AgentTrace trace;
  try {
    auto refs = pick_distractors(catalog, *task, options.distractors, options.run_seed, trial);
    line["distractors"] = distractors_json(refs);
    EpisodeOptions episode_options;
    episode_options.fault_rate = options.fault_rate;
    episode_options.distractors = distractor_specs(catalog, refs);
    Episode episode(catalog.environment(task->environment), task, std::move(episode_options));
    episode.reset();
    trace = agent.run(episode);
    line["calls"] = episode.trajectory();
    line["steps"] = trace.tool_calls;
    line["rejected_calls"] = trace.rejected_calls;
    line["tool_errors"] = failed_calls(line["calls"]) + trace.rejected_calls;
    line["termination"] = agent::to_string(trace.termination);
    if (trace.termination == agent::Termination::infra_error) {
      line["outcome"] = "infra_error";
      line["error"] = {{"kind", trace.error_kind}, {"message", trace.error}, {"status", trace.error_status}};
    } else {
      const VerifyResult& result = episode.finish(trace.answer, trace.status);
      line["outcome"] = "finished";
      line["answer"] = {{"text", trace.answer}, {"status", to_string(trace.status)}};
      ScoredEpisode scored = score_episode(result, options.judge);
      line["score"] = std::move(scored.score);
      line["verification"] = std::move(scored.verification);
      if (options.judge) line["judging"] = std::move(scored.judging);
    }
  } catch (const std::exception& e) {
    line["outcome"] = "engine_error";
    line["error"] = {{"kind", "engine"}, {"message", e.what()}};
  }
  double wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  line["messages"] = trace.messages;
  line["tokens"] = {{"in", trace.tokens_in}, {"out", trace.tokens_out}};
  line["cost"] = agent.model() ? agent.model()->cost(trace.tokens_in, trace.tokens_out) : 0.0;
  line["llm"] = {{"calls", trace.llm_calls}, {"attempts", trace.llm_attempts}};
  line["timing"] = {{"wall_ms", wall_ms}, {"llm_ms", trace.llm_ms}};
  return line;
}

Replay replay_episode(const Catalog& catalog, const Json& line, Judge* judge) {
  if (line.value("outcome", "") != "finished")
    throw std::invalid_argument("only finished episodes can be replayed");
  auto task = catalog.task(line.at("task").get<std::string>());
  EpisodeOptions options;
  options.fault_rate = line.value("fault_rate", 0.0);
  options.distractors = distractor_specs(catalog, distractors_from(line));
  options.seed = line.at("seed").get<uint64_t>();
  Episode episode(catalog.environment(task->environment), task, std::move(options));
  episode.reset(line.at("seed").get<uint64_t>());
  // Lines from `opsgym serve --results` name the calls "trajectory".
  const Json& calls = line.contains("calls") ? line.at("calls") : line.at("trajectory");
  for (const auto& call : calls) episode.step(call.at("tool").get<std::string>(), call.at("args"));
  const Json& answer = line.at("answer");
  const VerifyResult& result =
      episode.finish(answer.at("text").get<std::string>(), parse_finish_status(answer.at("status").get<std::string>()));
  ScoredEpisode scored = score_episode(result, judge);
  return {episode.trajectory(), std::move(scored.score), std::move(scored.verification), std::move(scored.judging)};
}

}  // namespace opsgym::bench
