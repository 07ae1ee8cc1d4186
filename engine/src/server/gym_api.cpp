#include "server/gym_api.hpp"

#include "json/json_text.hpp"
#include "opsgym/errors.hpp"
#include "server/api_error.hpp"

namespace opsgym::server {
namespace {

[[noreturn]] void no_route(const HttpRequest& request, const Target& target) {
  throw ApiError(404, codes::unknown_route, "no route " + request.method + " " + target.path);
}

void require_method(const HttpRequest& request, const char* method) {
  if (request.method != method)
    throw ApiError(405, codes::method_not_allowed,
                   "use " + std::string(method) + " for this route, not " + request.method);
}

ToolFormat tool_format_named_or_400(const std::string& name) {
  if (auto format = tool_format_named(name)) return *format;
  throw ApiError(400, codes::invalid_request,
                 "'tool_format' must be openai_chat, openai_responses or mcp, not '" + name + "'");
}

ToolFormat tool_format_of(const Json& body) {
  return tool_format_named_or_400(string_field(body, "tool_format").value_or("openai_chat"));
}

// The format a query parameter asks for, openai_chat when absent.
ToolFormat tool_format_in(const Target& target, const std::string& parameter) {
  auto f = target.query.find(parameter);
  return f == target.query.end() ? ToolFormat::openai_chat : tool_format_named_or_400(f->second);
}

std::vector<ToolSpec> parse_distractors(const Json& body) {
  std::vector<ToolSpec> tools;
  auto it = body.find("distractors");
  if (it == body.end() || it->is_null()) return tools;
  if (!it->is_array()) throw ApiError(400, codes::invalid_request, "'distractors' must be an array of tools");
  for (const Json& item : *it) {
    if (!item.is_object())
      throw ApiError(400, codes::invalid_request, "each distractor must be an object {name, description, parameters}");
    ToolSpec spec;
    spec.name = required_string(item, "name");
    spec.description = string_field(item, "description").value_or("");
    if (auto params = object_field(item, "parameters")) spec.parameters = *params;
    spec.read_only = bool_field(item, "read_only").value_or(false);
    tools.push_back(std::move(spec));
  }
  return tools;
}

StepResult run_step(LiveEpisode& live, const std::string& tool, const Json& args) {
  if (live.episode.finished())
    throw ApiError(409, codes::episode_finished,
                   "episode '" + live.id + "' has finished; read /v1/episodes/" + live.id + "/result");
  return live.episode.step(tool, args);
}

// A step's answer as JSON text: the output first (most of the answer, written once by Episode::step and
// copied in, not serialized again), then the other members in key order, as json_text writes them.
std::string step_answer_text(const LiveEpisode& live, const StepResult& step) {
  std::string text;
  text.reserve(step.output_text.size() + 160);
  text += "{\"output\":";
  text += step.output_text;
  text += ",\"done\":false,\"episode_id\":";
  append_json_string(text, live.id);
  text += ",\"index\":";
  text += std::to_string(step.index);
  text += step.ok ? ",\"ok\":true" : ",\"ok\":false";
  text += ",\"reward\":0.0,\"steps\":";
  text += std::to_string(live.episode.steps());
  text += ",\"violations\":[";
  for (size_t i = 0; i < step.violations.size(); ++i) {
    if (i > 0) text += ',';
    append_json_text(text, step.violations[i].to_json());
  }
  text += "]}";
  return text;
}

}  // namespace

std::pair<std::string, Json> parse_tool_call(const Json& body) {
  std::string tool = required_string(body, "tool");
  Json args = Json::object();
  if (auto it = body.find("args"); it != body.end() && !it->is_null()) args = *it;
  else if (auto it2 = body.find("arguments"); it2 != body.end() && !it2->is_null()) args = *it2;
  if (!args.is_object())
    throw ApiError(400, codes::invalid_request, std::string("'args' must be an object, not ") + args.type_name());
  return {std::move(tool), std::move(args)};
}

std::pair<std::string, FinishStatus> parse_finish(const Json& body) {
  std::string answer = string_field(body, "answer").value_or("");
  std::string status = string_field(body, "status").value_or("done");
  try {
    return {answer, parse_finish_status(status)};
  } catch (const std::exception&) {
    throw ApiError(400, codes::invalid_request, "'status' must be \"done\" or \"refused\", not \"" + status + "\"");
  }
}

Json finish_json(const LiveEpisode& live, const VerifyResult& result) {
  return {{"episode_id", live.id},
          {"done", true},
          {"success", result.success},
          {"reward", result.reward},
          {"result", result.to_json()}};
}

std::string GymApi::observation_text(const LiveEpisode& live, ToolFormat format, const Json& before) {
  Json head = before;
  head["episode_id"] = live.id;
  std::string out = json_text(head);
  append_json_member(out, "observation", live.episode.observation_text(format));
  return out;
}

Json GymApi::state_json(const LiveEpisode& live) {
  const Episode& ep = live.episode;
  Json state = {{"episode_id", live.id},      {"task", ep.task().id}, {"environment", ep.task().environment},
                {"seed", ep.seed()},          {"steps", ep.steps()},  {"max_steps", ep.task().max_steps},
                {"finished", ep.finished()},  {"now", ep.now()},      {"frontend", to_string(live.frontend)}};
  if (const VerifyResult* r = ep.result()) {
    state["success"] = r->success;
    state["reward"] = r->reward;
  }
  return state;
}

Json GymApi::step_json(LiveEpisode& live, const std::string& tool, const Json& args) {
  return Json::parse(step_text(live, tool, args));
}

std::string GymApi::step_text(LiveEpisode& live, const std::string& tool, const Json& args) {
  return step_answer_text(live, run_step(live, tool, args));
}

HttpResponse GymApi::handle(const HttpRequest& request, const Target& target) {
  auto parts = target.segments();  // parts[0] == "v1"
  const std::string& m = request.method;
  if (parts.size() == 2 && parts[1] == "health") {
    require_method(request, "GET");
    return HttpResponse::json(200, {{"status", "healthy"}, {"live_episodes", registry_.live_count()}});
  }
  if (parts.size() == 2 && parts[1] == "environments") return require_method(request, "GET"), environments();
  if (parts.size() == 2 && parts[1] == "tasks") return require_method(request, "GET"), tasks(target);
  if (parts.size() == 3 && parts[1] == "tasks") return require_method(request, "GET"), task(parts[2]);
  if (parts.size() == 2 && parts[1] == "results") {
    require_method(request, "GET");
    return HttpResponse::json(200, {{"results", registry_.results()}});
  }
  if (parts.size() == 2 && parts[1] == "batch") return require_method(request, "POST"), batch(request);
  if (parts.size() >= 2 && parts[1] == "episodes") {
    if (parts.size() == 2) {
      if (m == "POST") return create(request);
      require_method(request, "GET");
      return HttpResponse::json(200, {{"episodes", registry_.list()}});
    }
    const std::string& id = parts[2];
    if (parts.size() == 3) {
      if (m == "DELETE") return close(id);
      require_method(request, "GET");
      return HttpResponse::json(200, registry_.with(id, [](LiveEpisode& l) { return state_json(l); }));
    }
    if (parts.size() == 4) {
      const std::string& action = parts[3];
      if (action == "step") return require_method(request, "POST"), step(id, request);
      if (action == "finish") return require_method(request, "POST"), finish(id, request);
      if (action == "result") return require_method(request, "GET"), result(id);
      if (action == "fork") return require_method(request, "POST"), fork(id, request);
      if (action == "reset") return require_method(request, "POST"), reset(id, request);
      if (action == "trajectory") {
        require_method(request, "GET");
        return HttpResponse::json(200, registry_.with(id, [](LiveEpisode& l) {
          return Json{{"episode_id", l.id}, {"trajectory", l.episode.trajectory()}};
        }));
      }
      if (action == "observation") {
        require_method(request, "GET");
        const ToolFormat format = tool_format_in(target, "tool_format");
        return HttpResponse::from_json_text(200, registry_.with(id, [&](LiveEpisode& l) { return observation_text(l, format); }));
      }
      if (action == "tools") {
        require_method(request, "GET");
        const ToolFormat format = tool_format_in(target, "format");
        return HttpResponse::from_json_text(200, registry_.with(id, [&](LiveEpisode& l) {
          std::string out = json_text(Json{{"episode_id", l.id}, {"format", name_of(format)}});
          append_json_member(out, "tools", l.episode.tools_text(format));
          return out;
        }));
      }
    }
  }
  no_route(request, target);
}

HttpResponse GymApi::environments() const {
  Json envs = Json::array();
  for (const auto& env : factory_.catalog().environments())
    envs.push_back({{"name", env->name()},
                    {"description", env->description()},
                    {"version", env->version()},
                    {"tools", env->tools().size()},
                    {"tasks", env->tasks().size()}});
  Json errors = Json::array();
  for (const auto& e : factory_.catalog().errors())
    errors.push_back({{"environment", e.environment}, {"message", e.message}});
  return HttpResponse::json(200, {{"environments", envs}, {"load_errors", errors}});
}

HttpResponse GymApi::tasks(const Target& target) const {
  std::optional<std::string> env;
  if (auto it = target.query.find("env"); it != target.query.end()) {
    env = it->second;
    try {
      factory_.catalog().environment(*env);
    } catch (const NotFound& e) {
      throw ApiError(404, codes::unknown_environment, e.what());
    }
  }
  Json out = Json::array();
  for (const auto& t : factory_.catalog().tasks(env))
    out.push_back({{"id", t->id},
                   {"title", t->title},
                   {"environment", t->environment},
                   {"tags", t->tags},
                   {"seed", t->seed},
                   {"max_steps", t->max_steps}});
  return HttpResponse::json(200, {{"tasks", out}});
}

HttpResponse GymApi::task(const std::string& id) const {
  std::shared_ptr<const Task> t;
  try {
    t = factory_.catalog().task(id);
  } catch (const NotFound& e) {
    throw ApiError(404, codes::unknown_task, e.what());
  }
  return HttpResponse::json(200, {{"id", t->id},
                                  {"title", t->title},
                                  {"environment", t->environment},
                                  {"tags", t->tags},
                                  {"seed", t->seed},
                                  {"max_steps", t->max_steps},
                                  {"prompt", t->prompt},
                                  {"tools", t->tools}});
}

HttpResponse GymApi::create(const HttpRequest& request) {
  Json body = parse_json_object(request.body);
  std::string task = required_string(body, "task");
  EpisodeOptions options;
  options.seed = seed_field(body, "seed");
  options.fault_rate = number_field(body, "fault_rate").value_or(0.0);
  options.distractors = parse_distractors(body);
  options.reward = reward_mode_field(body);
  const ToolFormat format = tool_format_of(body);
  auto live = registry_.add(factory_.create(task, std::move(options)), Frontend::gym);
  std::lock_guard lock(live->mutex);
  return HttpResponse::from_json_text(201, observation_text(*live, format));
}

HttpResponse GymApi::step(const std::string& id, const HttpRequest& request) {
  Json body = parse_json_object(request.body);
  auto [tool, args] = parse_tool_call(body);
  // Structured bindings are captured by init-capture: clang 14 (the fuzz build's) cannot capture them.
  return HttpResponse::from_json_text(
      200, registry_.with(id, [&, &tool = tool, &args = args](LiveEpisode& l) { return step_text(l, tool, args); }));
}

HttpResponse GymApi::batch(const HttpRequest& request) {
  Json body = parse_json_object(request.body);
  auto calls = body.find("calls");
  if (calls == body.end() || !calls->is_array())
    throw ApiError(400, codes::invalid_request, "'calls' must be an array of {episode_id, tool, args}");
  if (calls->size() > kMaxBatchCalls)
    throw ApiError(400, codes::invalid_request,
                   "a batch holds at most " + std::to_string(kMaxBatchCalls) + " calls, not " +
                       std::to_string(calls->size()) + "; send the rest in another request");
  // Each call stands alone: one bad call gets its own error entry and the others still run, in order.
  std::string results = "{\"results\":[";
  bool first = true;
  for (const Json& call : *calls) {
    if (!first) results += ',';
    first = false;
    try {
      if (!call.is_object()) throw ApiError(400, codes::invalid_request, "each call must be an object");
      std::string id = required_string(call, "episode_id");
      auto [tool, args] = parse_tool_call(call);
      results +=
          registry_.with(id, [&, &tool = tool, &args = args](LiveEpisode& l) { return step_text(l, tool, args); });
    } catch (const ApiError& e) {
      append_json_text(results, Json{{"error", {{"code", e.code()}, {"message", e.what()}, {"status", e.status()}}}});
    }
  }
  results += "]}";
  return HttpResponse::from_json_text(200, std::move(results));
}

HttpResponse GymApi::finish(const std::string& id, const HttpRequest& request) {
  Json body = parse_json_object(request.body);
  auto [answer, status] = parse_finish(body);
  return HttpResponse::json(200, registry_.with(id, [&, &answer = answer, &status = status](LiveEpisode& l) {
    return finish_json(l, registry_.finish(l, answer, status));
  }));
}

HttpResponse GymApi::result(const std::string& id) const {
  if (auto r = registry_.result(id)) return HttpResponse::from_json_text(200, std::move(*r));
  auto live = registry_.get(id);  // 404 when unknown, or closed and its record no longer kept
  std::lock_guard lock(live->mutex);
  // Live and finished, its kept record already dropped for newer ones: the episode still has it all.
  if (live->episode.finished()) return HttpResponse::json(200, EpisodeRegistry::record_of(*live));
  throw ApiError(409, "not_finished", "episode '" + id + "' has not finished; POST /v1/episodes/" + id + "/finish");
}

HttpResponse GymApi::fork(const std::string& id, const HttpRequest& request) {
  Json body = parse_json_object(request.body);
  const ToolFormat format = tool_format_of(body);
  Episode copy = registry_.with(id, [](LiveEpisode& l) { return l.episode.fork(); });
  auto live = registry_.add(std::move(copy), Frontend::gym);
  std::lock_guard lock(live->mutex);
  std::string out = observation_text(*live, format, Json{{"forked_from", id}});
  append_json_member(out, "steps", std::to_string(live->episode.steps()));  // sorts after "observation"
  return HttpResponse::from_json_text(201, std::move(out));
}

HttpResponse GymApi::reset(const std::string& id, const HttpRequest& request) {
  Json body = parse_json_object(request.body);
  auto seed = seed_field(body, "seed");
  const ToolFormat format = tool_format_of(body);
  return HttpResponse::from_json_text(200, registry_.with(id, [&](LiveEpisode& l) {
    l.episode.reset(seed);
    l.result_recorded = false;
    return observation_text(l, format);
  }));
}

HttpResponse GymApi::close(const std::string& id) {
  if (!registry_.close(id)) registry_.get(id);  // throws the right 404
  return HttpResponse::json(200, {{"episode_id", id}, {"closed", true}});
}

}  // namespace opsgym::server
