#pragma once
// Errors at the HTTP boundary. Every failure a client can cause becomes an ApiError with an HTTP status and
// a stable snake_case code, rendered as {"error":{"code","message"}}. Clients branch on `code`; `message`
// is for people.
#include <stdexcept>
#include <string>

#include "server/http_message.hpp"

namespace opsgym::server {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

// The stable codes, in one place so documentation and tests can name them.
namespace codes {
inline constexpr const char* malformed_json = "malformed_json";        // 400
inline constexpr const char* invalid_request = "invalid_request";      // 400: wrong field types, missing fields
inline constexpr const char* unauthorized = "unauthorized";            // 401
inline constexpr const char* forbidden_host = "forbidden_host";        // 403: DNS-rebinding protection
inline constexpr const char* forbidden_origin = "forbidden_origin";    // 403
inline constexpr const char* unknown_route = "unknown_route";          // 404
inline constexpr const char* unknown_task = "unknown_task";            // 404
inline constexpr const char* unknown_environment = "unknown_environment";  // 404
inline constexpr const char* unknown_episode = "unknown_episode";      // 404 (never existed, closed or reclaimed)
inline constexpr const char* unknown_session = "unknown_session";      // 404 (MCP)
inline constexpr const char* method_not_allowed = "method_not_allowed";  // 405
inline constexpr const char* not_acceptable = "not_acceptable";        // 406 (MCP Accept header)
inline constexpr const char* episode_finished = "episode_finished";    // 409: step or finish after finish
inline constexpr const char* episode_in_use = "episode_in_use";        // 409: a reset naming another client's episode
inline constexpr const char* body_too_large = "body_too_large";        // 413
inline constexpr const char* unsupported_media_type = "unsupported_media_type";  // 415
inline constexpr const char* too_many_episodes = "too_many_episodes";  // 503
inline constexpr const char* internal_error = "internal_error";        // 500
}  // namespace codes

// {"error":{"code":code,"message":message}} with the given status.
HttpResponse error_response(int status, const std::string& code, const std::string& message);
inline HttpResponse error_response(const ApiError& e) { return error_response(e.status(), e.code(), e.what()); }

}  // namespace opsgym::server
