#pragma once
// One HTTP POST, behind an interface so LLM clients can be tested without a network and the retry
// logic sees plain status codes. The libcurl implementation is thread-safe (one handle per thread).
#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace opsgym::agent {

struct HttpRequest {
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  std::chrono::milliseconds timeout{60'000};         // whole request
  std::chrono::milliseconds connect_timeout{10'000};
};

struct HttpResponse {
  int status = 0;                              // 0 when the request failed before a response
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // Set when no response arrived: what went wrong, and whether it was a timeout.
  std::string transport_error;
  bool timed_out = false;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Never throws for network faults: they come back in transport_error.
  virtual HttpResponse post(const HttpRequest& request) = 0;
};

std::shared_ptr<HttpTransport> make_curl_transport();

}  // namespace opsgym::agent
