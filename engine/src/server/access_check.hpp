#pragma once
// Names and origins that count as this machine's loopback, for DNS-rebinding protection: a browser page
// from evil.example whose name resolves to 127.0.0.1 still sends "Host: evil.example", so a server on
// loopback answers only loopback names.
#include <string>

namespace opsgym::server {

// Whether `host` (a Host header value, with optional port) names this machine's loopback:
// localhost, 127.0.0.1 or [::1].
bool is_loopback_host(const std::string& host);
// Whether `origin` ("http://localhost:3000") is a loopback origin.
bool is_loopback_origin(const std::string& origin);
bool is_loopback_address(const std::string& address);  // 127.x.x.x, ::1, localhost

}  // namespace opsgym::server
