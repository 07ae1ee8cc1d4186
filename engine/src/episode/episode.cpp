// One implementation of a step for every front end: check, run (writers in a savepoint), record, advance
// the clock.
#include "opsgym/episode.hpp"

#include <algorithm>
#include <optional>

#include "env/tool_schema.hpp"
#include "env/tool_set.hpp"
#include "episode/event_clock.hpp"
#include "json/json_text.hpp"
#include "opsgym/errors.hpp"
#include "script/script_runtime.hpp"
#include "script/time_format.hpp"
#include "verify/verifier.hpp"

namespace opsgym {
namespace {

Json error_output(const std::string& code, const std::string& message, const std::string& hint = {}) {
  Json error = {{"code", code}, {"message", message}};
  if (!hint.empty()) error["hint"] = hint;
  return {{"error", std::move(error)}};
}

// A transient fault for call `index`: drawn from the seed and the index alone, so it never disturbs the
// World's own generator and the same run gets the same faults.
bool transient_fault(uint64_t seed, int index, double rate) {
  if (rate <= 0.0) return false;
  uint64_t state = seed ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(index));
  const double draw = static_cast<double>(lua::splitmix64(state) >> 11) * 0x1.0p-53;
  return draw < rate;
}

}  // namespace


const Json& StepResult::output() const {
  if (!parsed_output_) parsed_output_ = Json::parse(output_text);
  return *parsed_output_;
}

Json StepResult::to_json() const {
  Json listed = Json::array();
  for (const auto& v : violations) listed.push_back(v.to_json());
  return {{"index", index}, {"ok", ok}, {"output", output()}, {"violations", std::move(listed)}};
}

struct Episode::State {
  State() = default;
  explicit State(World w) : world(std::move(w)) {}
  World world;
  Snapshot base;
  uint64_t seed = 0;
  EpisodeOptions options;
  std::string actor;
  ClockState clock;
  int calls = 0;
  bool finished = false;
  std::optional<VerifyResult> result;
  std::shared_ptr<const ToolSet> tools;  // offered: shared with every episode offered the same list
};

Episode::Episode(std::shared_ptr<const Environment> env, std::shared_ptr<const Task> task, EpisodeOptions options)
    : s_(std::make_unique<State>()), env_(std::move(env)), task_(std::move(task)) {
  if (!env_ || !task_) throw std::invalid_argument("Episode needs an environment and a task");
  if (!env_->plays(*task_)) {
    throw std::invalid_argument("task " + task_->id + " belongs to " + task_->environment + ", not " + env_->name());
  }
  s_->options = std::move(options);
  s_->actor = env_->actor_of(*task_);
  s_->tools = env_->tool_set(task_->tools);
  if (!s_->options.distractors.empty())
    s_->tools = std::make_shared<const ToolSet>(s_->tools->specs(), s_->options.distractors);
  reset(s_->options.seed);
}

Episode::Episode(Episode&&) noexcept = default;
Episode& Episode::operator=(Episode&&) noexcept = default;
Episode::~Episode() = default;

void Episode::reset(std::optional<uint64_t> seed) {
  s_->seed = seed.value_or(s_->options.seed.value_or(task_->seed));
  s_->base = env_->base_snapshot(s_->seed, task_.get());
  s_->world.restore(s_->base);
  const Json state = s_->world.query("SELECT now, rng FROM _state WHERE id = 1").at(0);
  s_->clock = {state["now"].get<int64_t>(), state["rng"].get<uint64_t>()};
  s_->calls = 0;
  s_->finished = false;
  s_->result.reset();
}

StepResult Episode::step(const std::string& tool, const Json& args) {
  if (s_->finished) throw InvalidState("episode of task " + task_->id + " is finished; reset or start a new one");
  State& s = *s_;
  StepResult result;
  if (s.calls >= task_->max_steps) {
    // The task's step budget, enforced here so every front end has it: the call is answered with an
    // error the agent can read, and is no step (index 0, nothing recorded, the clock stands still).
    const std::string n = std::to_string(task_->max_steps);
    result.output_text = json_text(error_output(
        "step_limit", "this task allows " + n + " tool calls and all " + n + " have been made; this call was not run",
        "finish the episode now with your answer"));
    return result;
  }
  result.index = ++s.calls;
  const int64_t started = s.clock.now;

  const ToolSet::Offer* offer = s.tools->find(tool);
  Json checked_args = args;
  if (!offer) {
    result.output_text = json_text(error_output("unknown_tool", "there is no tool named '" + tool + "'",
                                                "call one of the " + std::to_string(s.tools->specs().size()) + " tools you were given"));
  } else if (offer->distractor) {
    result.output_text = json_text(error_output("unavailable", "'" + tool + "' is not connected to this system",
                                                "use the tools of the system the task is about"));
  } else if (auto bad = validate_arguments(offer->spec->parameters, checked_args)) {
    Json output = error_output("invalid_arguments", bad->message);
    if (!bad->field.empty()) output["error"]["field"] = bad->field;
    result.output_text = json_text(output);
  } else if (transient_fault(s.seed, result.index, s.options.fault_rate)) {
    result.output_text = json_text(error_output("unavailable", "the service did not answer in time (transient fault)",
                                                "the call had no effect; retrying may succeed"));
  } else {
    auto runtime = env_->scripts().acquire();
    lua::ScriptContext ctx;
    ctx.world = &s.world;
    ctx.read_only = offer->spec->read_only;
    ctx.actor = s.actor;
    ctx.call_index = result.index;
    ctx.tool = tool;
    ctx.now = s.clock.now;
    ctx.rng = s.clock.rng;
    std::vector<Violation> violations;
    ctx.violations = &violations;
    // A read-only call cannot write (the bindings refuse), so it needs nothing to roll back to.
    std::optional<World::Savepoint> savepoint;
    if (!ctx.read_only) savepoint.emplace(s.world);
    CallOutcome outcome = runtime->call_tool(ctx, tool, checked_args);
    if (outcome.ok) {
      if (savepoint) savepoint->release();
      s.clock.rng = ctx.rng;
    } else if (savepoint) {
      savepoint->rollback();
    }
    s.clock.next_due = std::min(s.clock.next_due, ctx.earliest_scheduled);  // even if rolled back: a bound
    // A refused or failed call changed nothing, so only its enforced refusals count.
    for (auto& v : violations) {
      if (outcome.ok || v.enforced) result.violations.push_back(std::move(v));
    }
    result.ok = outcome.ok;
    result.output_text = std::move(outcome.output_text);
  }

  for (const auto& v : result.violations) {
    s.world.record("INSERT INTO _violations (call_idx, rule, message, enforced) VALUES (?, ?, ?, ?)",
                    Json::array({v.call_index, v.rule, v.message, v.enforced ? 1 : 0}));
  }
  s.world.record("INSERT INTO _calls (idx, tool, args, ok, output, at) VALUES (?, ?, ?, ?, ?, ?)",
                  Json::array({result.index, tool, json_text(args), result.ok ? 1 : 0, result.output_text, started}));
  advance_clock(*env_, s.world, s.actor, s.clock, started + env_->seconds_per_call());
  s.world.record("UPDATE _state SET now = ?, rng = ? WHERE id = 1", Json::array({s.clock.now, s.clock.rng}));
  return result;
}

const VerifyResult& Episode::finish(const std::string& answer, FinishStatus status) {
  if (s_->finished) throw InvalidState("episode of task " + task_->id + " is already finished");
  s_->world.record("UPDATE _state SET finished = 1, answer = ?, status = ? WHERE id = 1",
                    Json::array({answer, to_string(status)}));
  s_->finished = true;
  s_->result = verify_episode(*env_, *task_, s_->world, s_->base, s_->seed, s_->actor, s_->options.reward);
  return *s_->result;
}

void Episode::edit_world(std::string_view sql, const Json& params) {
  if (s_->finished) throw InvalidState("episode of task " + task_->id + " is already finished");
  World::Savepoint savepoint(s_->world);
  s_->world.execute(sql, params);
  savepoint.release();
}

Episode::Episode(const Episode& parent, std::unique_ptr<State> state)
    : s_(std::move(state)), env_(parent.env_), task_(parent.task_) {}

Episode Episode::fork() const {
  auto to = std::make_unique<State>(s_->world.fork());
  to->base = s_->base;
  to->seed = s_->seed;
  to->options = s_->options;
  to->actor = s_->actor;
  to->clock = s_->clock;
  to->calls = s_->calls;
  to->finished = s_->finished;
  to->result = s_->result;
  to->tools = s_->tools;
  return Episode(*this, std::move(to));
}

bool Episode::finished() const { return s_->finished; }
const VerifyResult* Episode::result() const { return s_->result ? &*s_->result : nullptr; }
int Episode::steps() const { return s_->calls; }
int64_t Episode::now() const { return s_->clock.now; }
const World& Episode::world() const { return s_->world; }
uint64_t Episode::seed() const { return s_->seed; }
const std::vector<ToolSpec>& Episode::tools() const { return s_->tools->specs(); }
const std::string& Episode::tools_text(ToolFormat format) const { return s_->tools->listing(format); }

std::string Episode::system_prompt() const {
  return env_->policy() + "\n\n---\nYou are acting as " + s_->actor + ". The current time is " +
         format_iso8601(s_->clock.now) + ".";
}

Json Episode::observation() const {
  Json out = observation_fields();
  Json& listing = out["tools"] = Json::array();
  for (const auto& spec : tools()) listing.push_back(spec.openai_chat());
  return out;
}

std::string Episode::observation_text(ToolFormat format, const Json& extra) const {
  Json fields = observation_fields();
  fields.update(extra);
  std::string out = json_text(fields);
  append_json_member(out, "tools", tools_text(format));  // "tools" sorts last, as in observation()
  return out;
}

Json Episode::observation_fields() const {
  return {{"system_prompt", system_prompt()}, {"prompt", task_->prompt}, {"task", task_->id},
          {"actor", s_->actor},               {"now", format_iso8601(s_->clock.now)}, {"max_steps", task_->max_steps}};
}

Json Episode::trajectory() const {
  Json out = Json::array();
  for (const auto& row : s_->world.query("SELECT idx, tool, args, ok, output, at FROM _calls ORDER BY idx")) {
    out.push_back({{"index", row["idx"]},
                   {"tool", row["tool"]},
                   {"args", Json::parse(row["args"].get<std::string>())},
                   {"ok", row["ok"].get<int64_t>() != 0},
                   {"output", Json::parse(row["output"].get<std::string>())},
                   {"time", format_iso8601(row["at"].get<int64_t>())}});
  }
  return out;
}

}  // namespace opsgym
