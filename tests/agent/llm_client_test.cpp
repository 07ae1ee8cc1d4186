#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

#include "agent/fake_llm_server.hpp"
#include "agent/llm_client.hpp"
#include "agent/scripted_models.hpp"

using namespace opsgym;
using namespace opsgym::agent;
using namespace opsgym::testing;

namespace {

ModelConfig model_for(const FakeHttpServer& server, Provider provider) {
  ModelConfig m;
  m.name = "scripted";
  m.provider = provider;
  m.base_url = provider == Provider::openai ? server.url() + "/v1" : server.url();
  m.model = "scripted-1";
  m.timeout = std::chrono::milliseconds(5000);
  m.retry.max_attempts = 3;
  return m;
}

ChatRequest close_t2() {
  ChatRequest r;
  r.system = "You work the help desk.";
  r.messages.push_back({Role::user, "Ticket T-2 (VPN down) is fixed.", {}, {}});
  return r;
}

struct RecordedSleeps {
  std::vector<std::chrono::milliseconds> waits;
  std::mutex mutex;
  Sleeper sleeper() {
    return [this](std::chrono::milliseconds d) {
      std::lock_guard lock(mutex);
      waits.push_back(d);
    };
  }
};

}  // namespace

TEST_CASE("The OpenAI client sends the key as a bearer token and reads a tool call") {
  ::setenv("OPSGYM_TEST_KEY", "sk-test", 1);
  FakeHttpServer server([](const FakeRequest& r) { return openai_scripted(solver_script(), r); });
  ModelConfig m = model_for(server, Provider::openai);
  m.api_key_env = "OPSGYM_TEST_KEY";
  LlmClient client(m, make_curl_transport());
  ChatResponse reply = client.complete(close_t2());
  REQUIRE(reply.message.tool_calls.size() == 1);
  CHECK(reply.message.tool_calls[0].name == "close_ticket");
  CHECK(*reply.message.tool_calls[0].arguments == Json({{"number", "T-2"}, {"resolution", "Tunnel restarted"}}));
  CHECK(reply.usage.input_tokens == kTurnInputTokens);
  CHECK(reply.attempts == 1);
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].headers["authorization"] == "Bearer sk-test");
  CHECK(requests[0].json["model"] == "scripted-1");
  CHECK(requests[0].json["messages"][0]["role"] == "system");
}

TEST_CASE("The Anthropic client sends x-api-key and anthropic-version and reads tool_use") {
  ::setenv("OPSGYM_TEST_KEY", "ak-test", 1);
  FakeHttpServer server([](const FakeRequest& r) { return anthropic_scripted(solver_script(), r); });
  ModelConfig m = model_for(server, Provider::anthropic);
  m.api_key_env = "OPSGYM_TEST_KEY";
  LlmClient client(m, make_curl_transport());
  ChatResponse reply = client.complete(close_t2());
  REQUIRE(reply.message.tool_calls.size() == 1);
  CHECK(reply.message.tool_calls[0].id == "toolu_0_0");
  CHECK(reply.usage.output_tokens == kTurnOutputTokens);
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].headers["x-api-key"] == "ak-test");
  CHECK(requests[0].headers["anthropic-version"] == "2023-06-01");
  CHECK(requests[0].json["system"] == "You work the help desk.");
}

TEST_CASE("A missing API key variable is a configuration error before any request") {
  ::unsetenv("OPSGYM_TEST_MISSING_KEY");
  ModelConfig m;
  m.name = "x";
  m.model = "x";
  m.api_key_env = "OPSGYM_TEST_MISSING_KEY";
  try {
    LlmClient client(m, make_curl_transport());
    FAIL("expected an error");
  } catch (const LlmError& e) {
    CHECK(e.kind() == LlmError::Kind::config);
    CHECK_THAT(e.what(), Catch::Contains("OPSGYM_TEST_MISSING_KEY"));
  }
}

TEST_CASE("A 429 with Retry-After is retried after the asked wait") {
  std::atomic<int> calls{0};
  FakeHttpServer server([&](const FakeRequest& r) {
    if (calls++ == 0) {
      FakeResponse limited;
      limited.status = 429;
      limited.body = {{"error", {{"message", "Rate limit reached for requests"}, {"type", "requests"}}}};
      limited.headers["Retry-After"] = "1";
      return limited;
    }
    return openai_scripted(solver_script(), r);
  });
  RecordedSleeps sleeps;
  LlmClient client(model_for(server, Provider::openai), make_curl_transport(), sleeps.sleeper());
  ChatResponse reply = client.complete(close_t2());
  CHECK(reply.attempts == 2);
  REQUIRE(sleeps.waits.size() == 1);
  CHECK(sleeps.waits[0] == std::chrono::milliseconds(1000));
}

TEST_CASE("A server that keeps failing gives an http_status error with the provider's message") {
  FakeHttpServer server([](const FakeRequest&) {
    FakeResponse r;
    r.status = 500;
    r.body = {{"error", {{"message", "The server had an error while processing your request"}}}};
    return r;
  });
  RecordedSleeps sleeps;
  LlmClient client(model_for(server, Provider::openai), make_curl_transport(), sleeps.sleeper());
  try {
    client.complete(close_t2());
    FAIL("expected an error");
  } catch (const LlmError& e) {
    CHECK(e.kind() == LlmError::Kind::http_status);
    CHECK(e.status() == 500);
    CHECK_THAT(e.what(), Catch::Contains("had an error") && Catch::Contains("3 attempts"));
  }
  CHECK(server.requests().size() == 3);
  CHECK(sleeps.waits.size() == 2);
}

TEST_CASE("A 400 is not retried") {
  FakeHttpServer server([](const FakeRequest&) { return bad_request("Invalid 'messages'", false); });
  LlmClient client(model_for(server, Provider::openai), make_curl_transport(), [](auto) {});
  CHECK_THROWS_AS(client.complete(close_t2()), LlmError);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("A stalled model times out") {
  FakeHttpServer server([](const FakeRequest& r) {
    FakeResponse slow = openai_scripted(solver_script(), r);
    slow.delay = std::chrono::milliseconds(3000);
    return slow;
  });
  ModelConfig m = model_for(server, Provider::openai);
  m.timeout = std::chrono::milliseconds(200);
  m.retry.max_attempts = 2;
  LlmClient client(m, make_curl_transport(), [](auto) {});
  auto started = std::chrono::steady_clock::now();
  try {
    client.complete(close_t2());
    FAIL("expected a timeout");
  } catch (const LlmError& e) {
    CHECK(e.kind() == LlmError::Kind::timeout);
    CHECK(e.retryable());
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(2500));
}

TEST_CASE("An unreachable server is a network error") {
  int port = 0;
  {
    FakeHttpServer gone([](const FakeRequest&) { return FakeResponse{}; });
    port = gone.port();
  }
  ModelConfig m;
  m.name = "gone";
  m.model = "x";
  m.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  m.retry.max_attempts = 2;
  LlmClient client(m, make_curl_transport(), [](auto) {});
  try {
    client.complete(close_t2());
    FAIL("expected an error");
  } catch (const LlmError& e) {
    CHECK(e.kind() == LlmError::Kind::network);
  }
}

TEST_CASE("No more requests than the model's concurrency limit are in flight") {
  FakeHttpServer server([](const FakeRequest& r) {
    FakeResponse slow = openai_scripted(solver_script(), r);
    slow.delay = std::chrono::milliseconds(100);
    return slow;
  });
  ModelConfig m = model_for(server, Provider::openai);
  m.concurrency = 2;
  LlmClient client(m, make_curl_transport());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      if (!client.complete(close_t2()).message.tool_calls.empty()) ++ok;
    });
  for (auto& t : threads) t.join();
  CHECK(ok == 6);
  CHECK(server.max_concurrent() == 2);
  CHECK(client.limiter().peak() == 2);
}
