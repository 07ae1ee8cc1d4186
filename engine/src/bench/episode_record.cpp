#include "bench/episode_record.hpp"

#include <stdexcept>

namespace opsgym::bench {
namespace {

const Json& field(const Json& line, const char* key) {
  auto it = line.find(key);
  if (it == line.end()) throw std::invalid_argument(std::string("episode line has no '") + key + "'");
  return *it;
}

template <typename T>
T get(const Json& line, const char* key) {
  try {
    return field(line, key).get<T>();
  } catch (const Json::type_error&) {
    throw std::invalid_argument(std::string("episode line field '") + key + "' has the wrong type");
  }
}

template <typename T>
T get_or(const Json& object, const char* key, T fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const Json::type_error&) {
    throw std::invalid_argument(std::string("episode line field '") + key + "' has the wrong type");
  }
}

}  // namespace

EpisodeSummary EpisodeSummary::from_json(const Json& line) {
  if (!line.is_object()) throw std::invalid_argument("episode line is not a JSON object");
  EpisodeSummary s;
  s.task = get<std::string>(line, "task");
  s.environment = get<std::string>(line, "environment");
  s.trial = get<int>(line, "trial");
  s.feasible = get<bool>(line, "feasible");
  s.outcome = get<std::string>(line, "outcome");
  if (s.outcome != "finished" && s.outcome != "infra_error" && s.outcome != "engine_error")
    throw std::invalid_argument("episode line has unknown outcome '" + s.outcome + "'");
  s.termination = get_or<std::string>(line, "termination", "");
  s.steps = get_or<int>(line, "steps", 0);
  s.tool_errors = get_or<int>(line, "tool_errors", 0);
  s.cost = get_or<double>(line, "cost", 0.0);
  if (auto tokens = line.find("tokens"); tokens != line.end() && tokens->is_object()) {
    s.tokens_in = get_or<long long>(*tokens, "in", 0);
    s.tokens_out = get_or<long long>(*tokens, "out", 0);
  }
  if (auto timing = line.find("timing"); timing != line.end() && timing->is_object())
    s.wall_ms = get_or<double>(*timing, "wall_ms", 0.0);
  if (auto error = line.find("error"); error != line.end() && error->is_object())
    s.error = get_or<std::string>(*error, "message", "");
  if (s.outcome == "finished") {
    const Json& answer = field(line, "answer");
    s.answer_status = get_or<std::string>(answer, "status", "done");
    const Json& score = field(line, "score");
    s.success = get<bool>(score, "success");
    s.partial = get<double>(score, "partial");
    s.violations = get<int>(score, "violations");
    s.unexpected_changes = get<int>(score, "unexpected_changes");
    s.verifier_fault = get_or<std::string>(score, "verifier_fault", "");
    if (auto judged = score.find("judged"); judged != score.end() && judged->is_object()) {
      s.judged_total = get_or<int>(*judged, "total", 0);
      s.judged_passed = get_or<int>(*judged, "passed", 0);
      s.judged_failed = get_or<int>(*judged, "failed", 0);
      s.judge_errors = get_or<int>(*judged, "errors", 0);
      if (s.judged_total < 0 || s.judged_passed < 0 || s.judged_failed < 0 ||
          s.judged_passed + s.judged_failed > s.judged_total)
        throw std::invalid_argument("episode line field 'judged' has inconsistent counts");
    }
  }
  if (auto judging = line.find("judging"); judging != line.end() && judging->is_object())
    s.judge_cost = get_or<double>(*judging, "cost", 0.0);
  return s;
}

}  // namespace opsgym::bench
