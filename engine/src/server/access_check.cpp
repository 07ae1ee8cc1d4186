#include "server/access_check.hpp"

#include <cctype>

namespace opsgym::server {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

bool is_loopback_address(const std::string& address) {
  std::string a = lower(address);
  return a == "localhost" || a == "::1" || a == "[::1]" || a.rfind("127.", 0) == 0;
}

bool is_loopback_host(const std::string& host_header) {
  std::string host = lower(host_header);
  if (host.empty()) return false;
  if (host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string::npos) return false;
    std::string rest = host.substr(close + 1);
    if (!rest.empty() && (rest[0] != ':' || rest.find_first_not_of("0123456789", 1) != std::string::npos)) return false;
    return host.substr(0, close + 1) == "[::1]";
  }
  size_t colon = host.find(':');
  std::string name = host.substr(0, colon);
  if (colon != std::string::npos && host.find_first_not_of("0123456789", colon + 1) != std::string::npos) return false;
  return name == "localhost" || name == "127.0.0.1";
}

bool is_loopback_origin(const std::string& origin) {
  std::string o = lower(origin);
  for (const char* scheme : {"http://", "https://"}) {
    std::string s = scheme;
    if (o.rfind(s, 0) == 0) {
      std::string rest = o.substr(s.size());
      if (!rest.empty() && rest.back() == '/') rest.pop_back();
      return is_loopback_host(rest);
    }
  }
  return false;
}

}  // namespace opsgym::server
