#include "agent/llm_client.hpp"

#include <chrono>
#include <cstdlib>

#include "agent/wire_format.hpp"

namespace opsgym::agent {

LlmClient::LlmClient(ModelConfig model, std::shared_ptr<HttpTransport> transport, Sleeper sleep)
    : model_(std::move(model)), transport_(std::move(transport)), sleep_(std::move(sleep)),
      limiter_(model_.concurrency), rng_(std::hash<std::string>{}(model_.name)) {
  if (!model_.api_key_env.empty()) {
    const char* key = std::getenv(model_.api_key_env.c_str());
    if (!key || !*key)
      throw LlmError(LlmError::Kind::config, "model '" + model_.name + "': environment variable " +
                                                 model_.api_key_env + " (api_key_env) is not set");
    api_key_ = key;
  }
}

HttpRequest LlmClient::build(const ChatRequest& request) const {
  HttpRequest http;
  http.timeout = model_.timeout;
  http.connect_timeout = std::min(model_.timeout, std::chrono::milliseconds(10'000));
  http.headers["Content-Type"] = "application/json";
  http.headers["Expect"] = "";  // no "100-continue" round trip (and its 1 s wait on servers that ignore it)
  if (model_.provider == Provider::openai) {
    http.url = model_.base_url + "/chat/completions";
    if (!api_key_.empty()) http.headers["Authorization"] = "Bearer " + api_key_;
    http.body = openai_request(model_, request).dump();
  } else {
    http.url = model_.base_url + "/v1/messages";
    if (!api_key_.empty()) http.headers["x-api-key"] = api_key_;
    http.headers["anthropic-version"] = "2023-06-01";
    http.body = anthropic_request(model_, request).dump();
  }
  return http;
}

ChatResponse LlmClient::complete(const ChatRequest& request) {
  HttpRequest http = build(request);
  auto started = std::chrono::steady_clock::now();
  // Each call draws its jitter from its own generator so the shared one is locked only briefly.
  std::mt19937_64 rng;
  {
    std::lock_guard lock(rng_mutex_);
    rng.seed(rng_());
  }
  int attempts = 0;
  HttpResponse response;
  {
    ConcurrencyLimiter::Slot slot(limiter_);
    response = post_with_retries(*transport_, http, model_.retry, sleep_, rng, attempts);
  }
  double latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string after = " (after " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") + ")";
  if (response.status == 0) {
    throw LlmError(response.timed_out ? LlmError::Kind::timeout : LlmError::Kind::network,
                   "model '" + model_.name + "': " + response.transport_error + after, 0, true);
  }
  if (response.status < 200 || response.status >= 300) {
    throw LlmError(LlmError::Kind::http_status,
                   "model '" + model_.name + "': HTTP " + std::to_string(response.status) + ": " +
                       error_message_from_body(response.body) + after,
                   response.status, is_retryable(response));
  }
  ChatResponse reply = model_.provider == Provider::openai ? openai_parse_response(response.body)
                                                           : anthropic_parse_response(response.body);
  reply.attempts = attempts;
  reply.latency_ms = latency_ms;
  return reply;
}

}  // namespace opsgym::agent
