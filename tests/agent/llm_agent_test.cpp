#include <catch2/catch.hpp>

#include "agent/agent_factory.hpp"
#include "agent/fake_llm_server.hpp"
#include "agent/fixture_catalog.hpp"
#include "agent/scripted_models.hpp"
#include "opsgym/episode.hpp"

using namespace opsgym;
using namespace opsgym::agent;
using namespace opsgym::testing;

namespace {

Episode episode_for(const std::string& task_id) {
  const Catalog& catalog = fixture_catalog();
  auto task = catalog.task(task_id);
  Episode episode(catalog.environment(task->environment), task);
  episode.reset();
  return episode;
}

std::shared_ptr<Agent> agent_on(const FakeHttpServer& server, const std::string& provider, const std::string& agent,
                                const std::string& agents_yaml = "") {
  std::string base = provider == "openai" ? server.url() + "/v1" : server.url();
  AgentFactory factory(ModelsFile::parse(scripted_models_yaml(provider, base, "", agents_yaml), "test"),
                       make_curl_transport(), [](auto) {});
  return factory.make(agent);
}

}  // namespace

TEST_CASE("The fixture environments load without errors") {
  for (const auto& e : fixture_catalog().errors()) FAIL(e.environment + ": " + e.message);
  CHECK(fixture_catalog().tasks().size() == 5);
}

TEST_CASE("A ReAct agent over the OpenAI format solves a two-step task") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  auto agent = agent_on(server, "openai", "scripted");
  Episode episode = episode_for("md-002");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.termination == Termination::answer);
  CHECK(trace.status == FinishStatus::done);
  CHECK(trace.tool_calls == 2);
  CHECK(trace.llm_calls == 3);
  CHECK(trace.tokens_in == 3 * kTurnInputTokens);
  CHECK(trace.tokens_out == 3 * kTurnOutputTokens);
  CHECK(episode.finish(trace.answer, trace.status).success);
  // The last request carried both tool results, each answering its call by id.
  auto last = server.requests().back().json["messages"];
  CHECK(last[3]["role"] == "tool");
  CHECK(last[3]["tool_call_id"] == "call_0_0");
  CHECK(last[5]["tool_call_id"] == "call_1_0");
  CHECK(Json::parse(last[5]["content"].get<std::string>())["state"] == "closed");
}

TEST_CASE("A ReAct agent over the Anthropic format solves a two-step task") {
  FakeHttpServer server([](const FakeRequest& r) { return anthropic_scripted(solver_script(), r); });
  auto agent = agent_on(server, "anthropic", "scripted");
  Episode episode = episode_for("md-002");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.termination == Termination::answer);
  CHECK(episode.finish(trace.answer, trace.status).success);
  auto last = server.requests().back().json["messages"];
  REQUIRE(last.size() == 5);
  CHECK(last[2]["content"][0]["type"] == "tool_result");
  CHECK(last[2]["content"][0]["tool_use_id"] == "toolu_0_0");
  CHECK(last[2]["content"][0]["is_error"] == false);
}

TEST_CASE("A refusal starting with REFUSED ends the episode as refused") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  auto agent = agent_on(server, "openai", "scripted");
  Episode episode = episode_for("md-003");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.status == FinishStatus::refused);
  CHECK(trace.tool_calls == 0);
  CHECK(episode.finish(trace.answer, trace.status).success);
}

TEST_CASE("Unknown tools and malformed arguments go back to the model as tool errors") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(chaotic_script(), r); });
  auto agent = agent_on(server, "openai", "scripted");
  Episode episode = episode_for("md-001");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.termination == Termination::answer);
  CHECK(trace.tool_calls == 3);
  CHECK(trace.rejected_calls == 1);
  auto messages = server.requests().back().json["messages"];
  REQUIRE(messages.size() == 6);  // system, user, assistant, three tool replies
  Json unknown = Json::parse(messages[3]["content"].get<std::string>());
  Json malformed = Json::parse(messages[4]["content"].get<std::string>());
  Json good = Json::parse(messages[5]["content"].get<std::string>());
  CHECK(unknown.contains("error"));
  CHECK(malformed["error"]["code"] == "invalid_arguments");
  CHECK_THAT(malformed["error"]["message"].get<std::string>(), Catch::Contains("not valid JSON"));
  CHECK(good["state"] == "closed");
  CHECK(episode.finish(trace.answer, trace.status).success);
}

TEST_CASE("An agent that wants more calls than its step limit is stopped") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  auto agent = agent_on(server, "openai", "short", "  - { name: short, model: scripted, max_steps: 1 }\n");
  Episode episode = episode_for("md-002");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.termination == Termination::step_limit);
  CHECK(trace.tool_calls == 1);
  CHECK(episode.steps() == 1);
}

TEST_CASE("An agent that spends its token budget is stopped") {
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  auto agent = agent_on(server, "openai", "thrifty", "  - { name: thrifty, model: scripted, token_budget: 150 }\n");
  Episode episode = episode_for("md-002");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.termination == Termination::token_budget);
  CHECK(trace.llm_calls == 2);
  CHECK(trace.tokens_in + trace.tokens_out >= 150);
}

TEST_CASE("Plan-then-act makes a planning call and hands the plan to the executor") {
  FakeHttpServer server([](const FakeRequest& r) {
    std::string first = r.json["messages"][1]["content"];
    if (first.find("numbered plan") != std::string::npos) {
      ScriptedTurn plan{"1. close_ticket T-2 with the resolution.", {}};
      return FakeResponse{200, openai_reply(plan, 0), {}, {}};
    }
    return openai_scripted(solver_script(), r);
  });
  auto agent = agent_on(server, "openai", "planner", "  - { name: planner, model: scripted, loop: plan-then-act }\n");
  Episode episode = episode_for("md-001");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.llm_calls == 3);
  auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK_THAT(requests[1].json["messages"][1]["content"].get<std::string>(),
             Catch::Contains("Your plan:") && Catch::Contains("1. close_ticket T-2"));
  CHECK(episode.finish(trace.answer, trace.status).success);
}

TEST_CASE("A provider error ends the agent's turn as an infrastructure error, not an answer") {
  FakeHttpServer server([](const FakeRequest&) {
    FakeResponse r;
    r.status = 503;
    r.body = {{"type", "error"}, {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}};
    return r;
  });
  auto agent = agent_on(server, "anthropic", "scripted");
  Episode episode = episode_for("md-001");
  AgentTrace trace = agent->run(episode);
  CHECK(trace.termination == Termination::infra_error);
  CHECK(trace.error_kind == "http_status");
  CHECK(trace.error_status == 503);
  CHECK_THAT(trace.error, Catch::Contains("Overloaded"));
  CHECK_FALSE(episode.finished());
}

TEST_CASE("A final reply is a refusal only when it starts with REFUSED") {
  CHECK(status_of_answer("REFUSED: not allowed") == FinishStatus::refused);
  CHECK(status_of_answer("  **Refused** — carol is inactive") == FinishStatus::refused);
  CHECK(status_of_answer("I closed it. Nothing was refused.") == FinishStatus::done);
  CHECK(status_of_answer("") == FinishStatus::done);
}

TEST_CASE("An unknown agent name lists the known ones") {
  AgentFactory factory(std::nullopt, make_curl_transport());
  CHECK_THROWS_WITH(factory.make("gpt-5"), Catch::Contains("reference, noop") && Catch::Contains("--models"));
}
