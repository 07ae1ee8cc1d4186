#include "server/http_message.hpp"

#include "json/json_text.hpp"
#include "server/api_error.hpp"

namespace opsgym::server {

std::optional<std::string> HttpRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

HttpResponse HttpResponse::json(int status, const Json& body) {
  // Invalid UTF-8 (a tool may echo an agent's bytes) is replaced instead of throwing mid-response.
  return from_json_text(status, opsgym::json_text(body));
}

HttpResponse HttpResponse::from_json_text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::empty(int status) {
  HttpResponse r;
  r.status = status;
  r.content_type.clear();
  return r;
}

void HttpResponse::set_header(const std::string& name, const std::string& value) {
  for (auto& [n, v] : headers)
    if (n == name) {
      v = value;
      return;
    }
  headers.emplace_back(name, value);
}

HttpResponse error_response(int status, const std::string& code, const std::string& message) {
  return HttpResponse::json(status, Json{{"error", {{"code", code}, {"message", message}}}});
}

}  // namespace opsgym::server
