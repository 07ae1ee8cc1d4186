#pragma once
// An episode: a task in play. reset → step* → finish. Every front end (C++ API, HTTP gym API, MCP,
// the LLM runner, the CLI) drives this one class; there is one implementation of a step.
// An Episode is not thread-safe: callers serialise calls on one episode. Different episodes may run
// on different threads at once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "opsgym/environment.hpp"
#include "opsgym/task.hpp"
#include "opsgym/verify.hpp"
#include "opsgym/world.hpp"

namespace opsgym {

struct EpisodeOptions {
  std::optional<uint64_t> seed;   // the World's seed; default: the task's
  double fault_rate = 0.0;        // probability that a call fails with a transient 'unavailable' error
  std::vector<ToolSpec> distractors;  // extra tools offered that do not belong to this system
  RewardMode reward = RewardMode::success;  // what the result's reward pays for (opsgym/verify.hpp)
};

// The result of one tool call, as the agent sees it. Its output is the tool's JSON result when ok, else
// {"error": {"code", "message", "hint"?}}.
struct StepResult {
  int index = 0;  // 1-based index in the trajectory
  bool ok = false;
  // The output as JSON text, exactly as the trajectory records it (invalid UTF-8 replaced), written
  // straight from the tool's Lua value: front ends send it as it is.
  std::string output_text;
  std::vector<Violation> violations;  // recorded by this call

  // The output as a JSON value, parsed from output_text on first use (most front ends never need it).
  const Json& output() const;
  Json to_json() const;  // {"index", "ok", "output", "violations"}

 private:
  mutable std::optional<Json> parsed_output_;
};

class Episode {
 public:
  Episode(std::shared_ptr<const Environment> env, std::shared_ptr<const Task> task,
          EpisodeOptions options = {});
  Episode(Episode&&) noexcept;
  Episode& operator=(Episode&&) noexcept;
  ~Episode();

  // Starts over from the task's initial World (the cached base snapshot: microseconds).
  void reset(std::optional<uint64_t> seed = std::nullopt);
  // Runs one tool call. Never throws for a bad call: unknown tool, bad arguments, policy refusals, tool
  // failures and script limits all come back as error results; a call past the task's max_steps is the
  // error step_limit and is not run (no trajectory step). Throws InvalidState once finished.
  StepResult step(const std::string& tool, const Json& args);
  // Ends the episode with the agent's final answer and runs the verifier. Throws InvalidState if
  // already finished.
  const VerifyResult& finish(const std::string& answer, FinishStatus status);
  // Changes the World outside any tool (one SQL statement with bound parameters): how `validate
  // --mutants` makes a harmful change no tool call would single out. The change is in the diff like a
  // tool's; the trajectory does not show it. Throws on an SQL error (nothing changed) or once finished.
  void edit_world(std::string_view sql, const Json& params);
  // An independent episode continuing from exactly this state.
  Episode fork() const;

  bool finished() const;
  const VerifyResult* result() const;  // null until finished
  int steps() const;
  int64_t now() const;  // simulated clock, unix seconds

  const Environment& environment() const { return *env_; }
  const Task& task() const { return *task_; }
  const World& world() const;
  uint64_t seed() const;

  // The tools offered to the agent (the task's tools plus distractors), in a stable order.
  const std::vector<ToolSpec>& tools() const;
  // Those tools as a JSON array in `format`, written once and shared by the episodes offered them.
  const std::string& tools_text(ToolFormat format) const;
  // The policy an agent is shown (policy.md with the actor and current time).
  std::string system_prompt() const;
  // {"system_prompt", "prompt", "tools": [OpenAI function form], "task", "actor", "now"}
  Json observation() const;
  // observation() as JSON text (byte for byte what json_text writes) with the tools in `format`, from
  // tools_text: no per-call cost for the tools, which are most of it. `extra` members join it (their
  // keys must sort before "tools", which is written last).
  std::string observation_text(ToolFormat format = ToolFormat::openai_chat, const Json& extra = Json::object()) const;
  // Every call so far: {"index","tool","args","ok","output","time"}.
  Json trajectory() const;

 private:
  struct State;
  Json observation_fields() const;  // the observation but its tools
  Episode(const Episode& parent, std::unique_ptr<State> state);  // fork: no reset, no throwaway World
  std::unique_ptr<State> s_;
  std::shared_ptr<const Environment> env_;
  std::shared_ptr<const Task> task_;
};

}  // namespace opsgym
