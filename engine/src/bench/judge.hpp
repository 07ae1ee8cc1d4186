#pragma once
// Judged checks: a verifier's judge(name, rubric, text) records a check only judgement can decide.
// With `--judge MODEL` each one without a verdict is sent to that model with its rubric and text; the
// reply must say PASS or FAIL on its first line and give one line of reason. Verdicts are cached by
// (judge, rubric, text) in the run folder (judge_cache.jsonl, appended), so a verdict is asked once and
// a resumed or rescored run gets the same one. A judged check never decides success: it is reported
// apart, and an unparseable reply or a judge that cannot be reached leaves it unjudged.
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "opsgym/verify.hpp"
#include "agent/llm_client.hpp"

namespace opsgym::bench {

using Json = nlohmann::json;

// Who judges: the models-file name, the provider and the provider's model id. Part of every cache key
// and recorded in run.json, where --resume and rescore hold a run to the judge it started with.
struct JudgeIdentity {
  std::string name;
  std::string provider;
  std::string model;

  Json to_json() const;  // {"name","provider","model"}
  // Null or a missing field: none. Throws std::invalid_argument for a value that is not an object.
  static std::optional<JudgeIdentity> from_json(const Json& value);
  static JudgeIdentity of(const agent::ModelConfig& model);
  bool operator==(const JudgeIdentity& other) const {
    return name == other.name && provider == other.provider && model == other.model;
  }
  bool operator!=(const JudgeIdentity& other) const { return !(*this == other); }
};

// What the judge model is told, and the one message it is asked.
std::string judge_system_prompt();
std::string judge_user_message(const std::string& rubric, const std::string& text);

struct Verdict {
  bool passed = false;
  std::string reason;
};

// Reads a judge's reply strictly: the first line is exactly PASS or FAIL, the second a non-empty
// reason, and nothing follows (blank lines and surrounding blanks aside). Anything else is empty, with
// what was wrong in `why`.
std::optional<Verdict> parse_verdict(const std::string& reply, std::string* why = nullptr);

// DIR/judge_cache.jsonl: one line per verdict, {"judge":{...},"rubric","text","verdict":bool,"reason"}.
// Not thread-safe on its own: Judge holds it under its lock.
class VerdictCache {
 public:
  // Reads the file if it exists; a broken line (e.g. cut off by a crash) is skipped with a warning.
  explicit VerdictCache(std::filesystem::path dir);
  std::optional<Verdict> find(const JudgeIdentity& judge, const std::string& rubric, const std::string& text) const;
  // Appends one line and flushes it. Throws std::runtime_error if the file cannot be written.
  void store(const JudgeIdentity& judge, const std::string& rubric, const std::string& text, const Verdict& verdict);
  size_t size() const { return verdicts_.size(); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  static std::string key(const JudgeIdentity& judge, const std::string& rubric, const std::string& text);
  std::filesystem::path path_;
  std::map<std::string, Verdict> verdicts_;
  std::vector<std::string> warnings_;
};

std::filesystem::path judge_cache_path(const std::filesystem::path& dir);

// Why a judged check was left unjudged although a judge was asked.
struct JudgeError {
  std::string kind;     // "unparseable" (the reply was not PASS/FAIL and a reason) | "infra" (no reply)
  std::string message;
};

// What judging one episode cost and how its verdicts were found.
struct JudgingStats {
  int asked = 0;    // requests to the judge model (each its own (rubric, text))
  int cached = 0;   // verdicts found in the cache, or asked at that moment by another episode
  int errors = 0;   // left unjudged: unparseable reply or infrastructure failure
  long long tokens_in = 0;
  long long tokens_out = 0;
  double cost = 0;
  Json to_json() const;
};

class Judge {
 public:
  // `client` empty: cache only (rescore without --judge applies the run's recorded verdicts and asks
  // nobody). Reads DIR/judge_cache.jsonl.
  Judge(JudgeIdentity identity, std::shared_ptr<agent::LlmClient> client, const std::filesystem::path& run_dir);

  // Gives every check without a verdict one: from the cache, else by asking the model, once per
  // (rubric, text) even when parallel episodes want it at the same moment. `errors` gets one entry per
  // check: set for a check a failed judging left unjudged. Thread-safe.
  JudgingStats judge(std::vector<JudgedCheck>& checks, std::vector<std::optional<JudgeError>>& errors);

  const JudgeIdentity& identity() const { return identity_; }
  bool asks() const { return client_ != nullptr; }
  std::vector<std::string> warnings() const;

 private:
  struct Answer {
    std::optional<Verdict> verdict;
    JudgeError error;
    long long tokens_in = 0;
    long long tokens_out = 0;
  };
  Answer ask(const std::string& rubric, const std::string& text) const;

  JudgeIdentity identity_;
  std::shared_ptr<agent::LlmClient> client_;
  mutable std::mutex mutex_;
  VerdictCache cache_;
  std::map<std::string, std::shared_future<Answer>> in_flight_;
};

}  // namespace opsgym::bench
