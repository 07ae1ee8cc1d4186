#include <catch2/catch.hpp>

#include <deque>

#include "agent/retry.hpp"

using namespace opsgym::agent;

namespace {

// Replays canned responses and counts the posts.
class CannedTransport final : public HttpTransport {
 public:
  explicit CannedTransport(std::deque<HttpResponse> responses) : responses_(std::move(responses)) {}
  HttpResponse post(const HttpRequest&) override {
    ++posts;
    HttpResponse r = responses_.front();
    if (responses_.size() > 1) responses_.pop_front();
    return r;
  }
  int posts = 0;

 private:
  std::deque<HttpResponse> responses_;
};

HttpResponse status(int code, std::map<std::string, std::string> headers = {}) {
  HttpResponse r;
  r.status = code;
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST_CASE("Backoff doubles per retry, is capped, and jitters within half to full") {
  RetryPolicy policy;
  policy.base_delay = std::chrono::milliseconds(100);
  policy.max_delay = std::chrono::milliseconds(1000);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 50; ++i) {
    auto d1 = backoff_delay(policy, 1, rng).count();
    auto d3 = backoff_delay(policy, 3, rng).count();
    auto d9 = backoff_delay(policy, 9, rng).count();
    CHECK(d1 >= 50);
    CHECK(d1 < 100);
    CHECK(d3 >= 200);
    CHECK(d3 < 400);
    CHECK(d9 >= 500);
    CHECK(d9 < 1000);
  }
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date") {
  CHECK(parse_retry_after("3", 0) == 3.0);
  CHECK(parse_retry_after("0.5", 0) == 0.5);
  // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480.
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470) == 10.0);
  CHECK_FALSE(parse_retry_after("soon", 0).has_value());
  CHECK_FALSE(parse_retry_after("-4", 0).has_value());
  CHECK_FALSE(parse_retry_after("", 0).has_value());
}

TEST_CASE("429, 408, 5xx and network failures are retryable; other 4xx are not") {
  CHECK(is_retryable(status(429)));
  CHECK(is_retryable(status(408)));
  CHECK(is_retryable(status(500)));
  CHECK(is_retryable(status(503)));
  CHECK(is_retryable(status(0)));
  CHECK_FALSE(is_retryable(status(400)));
  CHECK_FALSE(is_retryable(status(401)));
  CHECK_FALSE(is_retryable(status(200)));
}

TEST_CASE("A 429 with Retry-After waits exactly what the server asked, then succeeds") {
  CannedTransport transport({status(429, {{"retry-after", "2"}}), status(200)});
  std::vector<std::chrono::milliseconds> waits;
  std::mt19937_64 rng(1);
  int attempts = 0;
  HttpResponse r = post_with_retries(transport, {}, RetryPolicy{}, [&](auto d) { waits.push_back(d); }, rng, attempts);
  CHECK(r.status == 200);
  CHECK(attempts == 2);
  REQUIRE(waits.size() == 1);
  CHECK(waits[0] == std::chrono::milliseconds(2000));
}

TEST_CASE("A Retry-After beyond the cap is capped") {
  RetryPolicy policy;
  policy.max_retry_after = std::chrono::milliseconds(5000);
  CannedTransport transport({status(429, {{"retry-after", "3600"}}), status(200)});
  std::vector<std::chrono::milliseconds> waits;
  std::mt19937_64 rng(1);
  int attempts = 0;
  post_with_retries(transport, {}, policy, [&](auto d) { waits.push_back(d); }, rng, attempts);
  REQUIRE(waits.size() == 1);
  CHECK(waits[0] == std::chrono::milliseconds(5000));
}

TEST_CASE("Retries stop after max_attempts and return the last failure") {
  RetryPolicy policy;
  policy.max_attempts = 3;
  CannedTransport transport({status(503)});
  std::mt19937_64 rng(1);
  int attempts = 0;
  int sleeps = 0;
  HttpResponse r = post_with_retries(transport, {}, policy, [&](auto) { ++sleeps; }, rng, attempts);
  CHECK(r.status == 503);
  CHECK(attempts == 3);
  CHECK(transport.posts == 3);
  CHECK(sleeps == 2);
}

TEST_CASE("A non-retryable error is returned at once") {
  CannedTransport transport({status(401)});
  std::mt19937_64 rng(1);
  int attempts = 0;
  HttpResponse r = post_with_retries(transport, {}, RetryPolicy{}, [](auto) { FAIL("must not sleep"); }, rng, attempts);
  CHECK(r.status == 401);
  CHECK(attempts == 1);
}
