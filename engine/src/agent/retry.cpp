#include "agent/retry.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <thread>

namespace opsgym::agent {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::mt19937_64& rng) {
  double exponential = static_cast<double>(policy.base_delay.count()) * std::pow(2.0, std::max(0, retry - 1));
  double capped = std::min(exponential, static_cast<double>(policy.max_delay.count()));
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(capped * jitter(rng)));
}

std::optional<double> parse_retry_after(const std::string& value, int64_t now_unix) {
  if (value.empty()) return std::nullopt;
  double seconds = 0;
  const char* begin = value.data();
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(begin, end, seconds);
  if (ec == std::errc() && ptr == end) {
    if (seconds < 0 || !std::isfinite(seconds)) return std::nullopt;
    return seconds;
  }
  // An HTTP date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
  time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return std::nullopt;
  return std::max<double>(0.0, static_cast<double>(at - now_unix));
}

bool is_retryable(const HttpResponse& response) {
  if (response.status == 0) return true;  // network error or timeout
  return response.status == 429 || response.status == 408 || response.status >= 500;
}

HttpResponse post_with_retries(HttpTransport& transport, const HttpRequest& request, const RetryPolicy& policy,
                               const Sleeper& sleep, std::mt19937_64& rng, int& attempts) {
  attempts = 0;
  for (;;) {
    ++attempts;
    HttpResponse response = transport.post(request);
    if (!is_retryable(response) || attempts >= policy.max_attempts) return response;
    std::chrono::milliseconds wait = backoff_delay(policy, attempts, rng);
    if (response.status == 429 || response.status == 503) {
      auto header = response.headers.find("retry-after");
      if (header != response.headers.end()) {
        if (auto seconds = parse_retry_after(header->second, static_cast<int64_t>(std::time(nullptr)))) {
          // The server said when: wait exactly that (capped), not a jittered guess.
          auto asked = std::chrono::milliseconds(static_cast<long long>(std::ceil(*seconds * 1000.0)));
          wait = std::min(asked, policy.max_retry_after);
        }
      }
    }
    sleep(wait);
  }
}

Sleeper real_sleeper() {
  return [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
}

}  // namespace opsgym::agent
