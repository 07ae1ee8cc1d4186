#pragma once
// The HTTP request and response as the server's handlers see them: plain structs, no Boost. Only
// http_server.cpp knows about Beast; everything else (routing, the gym API, MCP, OpenEnv) works on these
// and is unit-tested without sockets.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace opsgym::server {

using Json = nlohmann::json;

struct HttpRequest {
  std::string method;  // upper case: GET, POST, DELETE, …
  std::string target;  // as sent: path and query
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote;  // peer address, for logs

  // The header's value, or nullopt. `name` must be lower case.
  std::optional<std::string> header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  bool close = false;  // close the connection after this response

  static HttpResponse json(int status, const Json& body);
  static HttpResponse from_json_text(int status, std::string body);  // `body` is JSON text already
  static HttpResponse empty(int status);
  void set_header(const std::string& name, const std::string& value);
};

}  // namespace opsgym::server
