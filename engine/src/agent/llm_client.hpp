#pragma once
// A client for one configured model: builds the wire request, sends it with retries under the
// model's concurrency limit, and parses the reply. Thread-safe: episodes on many threads share it.
#include <memory>
#include <mutex>
#include <random>

#include "agent/concurrency_limiter.hpp"
#include "agent/http_transport.hpp"
#include "agent/llm_types.hpp"
#include "agent/model_config.hpp"
#include "agent/retry.hpp"

namespace opsgym::agent {

class LlmClient {
 public:
  // Throws LlmError(config) when the model's api_key_env names a variable that is not set.
  LlmClient(ModelConfig model, std::shared_ptr<HttpTransport> transport, Sleeper sleep = real_sleeper());

  // One model turn. Throws LlmError once retries are exhausted or on a non-retryable failure.
  ChatResponse complete(const ChatRequest& request);

  const ModelConfig& model() const { return model_; }
  const ConcurrencyLimiter& limiter() const { return limiter_; }

 private:
  HttpRequest build(const ChatRequest& request) const;

  ModelConfig model_;
  std::string api_key_;
  std::shared_ptr<HttpTransport> transport_;
  Sleeper sleep_;
  ConcurrencyLimiter limiter_;
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
};

}  // namespace opsgym::agent
