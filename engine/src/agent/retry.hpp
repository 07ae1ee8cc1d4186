#pragma once
// Retries with exponential backoff and jitter for provider calls: 429 (honouring Retry-After), 408,
// 5xx and network errors are retried; other failures are not (a wrong key will not fix itself).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include "agent/http_transport.hpp"

namespace opsgym::agent {

struct RetryPolicy {
  int max_attempts = 5;                          // first try included
  std::chrono::milliseconds base_delay{500};     // delay before the 2nd attempt, doubled each time
  std::chrono::milliseconds max_delay{30'000};   // cap of the exponential part
  std::chrono::milliseconds max_retry_after{120'000};  // a server asking for longer is capped here
};

// The wait before retry number `retry` (1-based): the capped exponential delay scaled by a jitter
// factor in [0.5, 1) drawn from `rng`, so parallel workers do not retry in lockstep.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::mt19937_64& rng);

// Retry-After as seconds: either delta-seconds ("3", "1.5") or an HTTP date (relative to `now_unix`).
// Empty for a missing or unreadable value.
std::optional<double> parse_retry_after(const std::string& value, int64_t now_unix);

// Whether an HTTP response (or a transport failure, status 0) is worth another attempt.
bool is_retryable(const HttpResponse& response);

// Sends `request` through `transport` until it gets a non-retryable answer or runs out of attempts.
// Returns the last response; `attempts` counts the tries. `sleep` is injected so tests need not wait.
using Sleeper = std::function<void(std::chrono::milliseconds)>;
HttpResponse post_with_retries(HttpTransport& transport, const HttpRequest& request, const RetryPolicy& policy,
                               const Sleeper& sleep, std::mt19937_64& rng, int& attempts);

Sleeper real_sleeper();

}  // namespace opsgym::agent
