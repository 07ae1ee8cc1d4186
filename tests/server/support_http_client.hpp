#pragma once
// A small blocking HTTP/1.1 client on POSIX sockets for the server tests: one keep-alive connection,
// raw bytes when a test needs to send garbage. Test support only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace opsgym::test {

// Tests that hold ~1,000 sockets (plus the server's, in-process) need more than a default 1,024
// descriptors: lift the soft limit to the hard one.
inline void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpConnection {
 public:
  explicit HttpConnection(uint16_t port, int timeout_ms = 10000) : timeout_ms_(timeout_ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      int e = errno;
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error(std::string("connect: ") + std::strerror(e));
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  ~HttpConnection() {
    if (fd_ >= 0) ::close(fd_);
  }

  void send_raw(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
      sent += static_cast<size_t>(n);
    }
  }

  // Reads one response; nullopt when the server closed the connection before a complete one.
  std::optional<HttpReply> read_reply() {
    while (true) {
      auto header_end = buffer_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        HttpReply reply;
        std::string head = buffer_.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        std::string status_line = head.substr(0, line_end);
        reply.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          size_t next = head.find("\r\n", pos);
          if (next == std::string::npos) next = head.size();
          std::string line = head.substr(pos, next - pos);
          size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            size_t v = line.find_first_not_of(' ', colon + 1);
            reply.headers[name] = v == std::string::npos ? "" : line.substr(v);
          }
          pos = next + 2;
        }
        size_t length = reply.headers.count("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
        size_t total = header_end + 4 + length;
        while (buffer_.size() < total)
          if (!fill()) return std::nullopt;
        reply.body = buffer_.substr(header_end + 4, length);
        buffer_.erase(0, total);
        return reply;
      }
      if (!fill()) return std::nullopt;
    }
  }

  HttpReply request(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool has_type = false;
    for (const auto& [n, v] : headers) {
      req += n + ": " + v + "\r\n";
      if (n == "Content-Type") has_type = true;
    }
    if (!body.empty() && !has_type) req += "Content-Type: application/json\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    send_raw(req);
    auto reply = read_reply();
    if (!reply) throw std::runtime_error("the server closed the connection without a response to " + method + " " + target);
    return *reply;
  }

  // Whether the server has closed its side (reads EOF within the timeout).
  bool closed_by_server() {
    char c;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms_) <= 0) return false;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool fill() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms_) <= 0) throw std::runtime_error("timed out waiting for the server");
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  int timeout_ms_;
  std::string buffer_;
};

}  // namespace opsgym::test
