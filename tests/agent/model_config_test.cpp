#include <catch2/catch.hpp>

#include "agent/model_config.hpp"

using namespace opsgym::agent;

namespace {
const char* kExample = R"(
models:
  - name: gpt
    provider: openai
    base_url: http://127.0.0.1:8000/v1/
    model: gpt-4o-mini
    api_key_env: OPENAI_API_KEY
    temperature: 0
    max_tokens: 512
    price: { input: 0.15, output: 0.6 }
    concurrency: 2
    timeout_s: 30
    retries: 2
  - name: claude
    provider: anthropic
    model: claude-sonnet
agents:
  - name: gpt-plan
    model: gpt
    loop: plan-then-act
    max_steps: 12
    token_budget: 50000
)";
}

TEST_CASE("A models file gives models with prices, limits and agents") {
  ModelsFile f = ModelsFile::parse(kExample, "models.yaml");
  REQUIRE(f.models.size() == 2);
  const ModelConfig& gpt = f.models[0];
  CHECK(gpt.provider == Provider::openai);
  CHECK(gpt.base_url == "http://127.0.0.1:8000/v1");  // trailing slash dropped
  CHECK(gpt.max_tokens == 512);
  CHECK(gpt.temperature == 0.0);
  CHECK(gpt.concurrency == 2);
  CHECK(gpt.timeout == std::chrono::milliseconds(30000));
  CHECK(gpt.retry.max_attempts == 3);
  CHECK(gpt.cost(1'000'000, 2'000'000) == Approx(0.15 + 1.2));
  CHECK(f.models[1].base_url == "https://api.anthropic.com");
  auto agent = f.agent("gpt-plan");
  REQUIRE(agent);
  CHECK(agent->loop == LoopKind::plan_then_act);
  CHECK(agent->max_steps == 12);
  CHECK(agent->token_budget == 50000);
}

TEST_CASE("A bare model name is an agent with the ReAct loop") {
  ModelsFile f = ModelsFile::parse(kExample, "models.yaml");
  auto agent = f.agent("claude");
  REQUIRE(agent);
  CHECK(agent->model == "claude");
  CHECK(agent->loop == LoopKind::react);
  CHECK_FALSE(f.agent("nobody"));
}

TEST_CASE("Mistakes in a models file are refused with the entry and the field named") {
  auto message = [](const std::string& yaml) {
    try {
      ModelsFile::parse(yaml, "m.yaml");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message("models: [{name: a, provider: google, model: x}]"), Catch::Contains("provider 'google'"));
  CHECK_THAT(message("models: [{name: a, provider: openai}]"), Catch::Contains("missing field 'model'"));
  CHECK_THAT(message("models: [{name: a, provider: openai, model: x, colour: red}]"), Catch::Contains("unknown field 'colour'"));
  CHECK_THAT(message("models: [{name: a, provider: openai, model: x, max_tokens: many}]"), Catch::Contains("'max_tokens'"));
  CHECK_THAT(message("agents: [{name: b, model: ghost}]"), Catch::Contains("unknown model 'ghost'"));
  CHECK_THAT(message("models: [{name: a, provider: openai, model: x}, {name: a, provider: openai, model: y}]"),
             Catch::Contains("defined twice"));
  CHECK_THAT(message("models: [{name: a, provider: openai, model: x}]\nagents: [{name: a1, model: a, loop: tree}]"),
             Catch::Contains("loop 'tree'"));
  CHECK_THAT(message("models: [{name: a, provider: openai, model: x}]\nagents: [{name: noop, model: a}]"),
             Catch::Contains("built-in"));
  CHECK_THAT(message("models: {"), Catch::Contains("not valid YAML"));
  CHECK_THAT(message("models: [{name: a, provider: openai, model: x, concurrency: 0}]"), Catch::Contains("concurrency"));
}

TEST_CASE("A missing models file is a clear error") {
  CHECK_THROWS_WITH(ModelsFile::load("/nonexistent/models.yaml"), Catch::Contains("cannot read"));
}

TEST_CASE("The example models file in the repository is valid") {
  ModelsFile f = ModelsFile::load(OPSGYM_SOURCE_DIR "/models.example.yaml");
  CHECK(f.models.size() >= 2);
  CHECK(f.agent("claude-plan")->loop == LoopKind::plan_then_act);
}
