#pragma once
// A small blocking WebSocket client (RFC 6455) on a POSIX socket for the server tests: the upgrade
// handshake, masked text frames out, text messages in (fragments joined, control frames skipped).
// Test support only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

namespace opsgym::test {

class WebSocketClient {
 public:
  // Connects to 127.0.0.1:`port` and upgrades `target`; throws unless the server answers 101.
  explicit WebSocketClient(uint16_t port, const std::string& target = "/ws", int timeout_ms = 10000)
      : timeout_ms_(timeout_ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
    send_bytes("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) throw std::runtime_error("the server closed the connection during the upgrade");
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    if (head.compare(0, 12, "HTTP/1.1 101") != 0) throw std::runtime_error("the upgrade was refused: " + head);
  }
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;
  ~WebSocketClient() {
    if (fd_ >= 0) ::close(fd_);
  }

  // Sends `text` as one masked text frame.
  void send_text(const std::string& text) {
    std::string frame(1, static_cast<char>(0x81));  // FIN, text
    const uint64_t size = text.size();
    if (size < 126) {
      frame += static_cast<char>(0x80 | size);
    } else if (size < 65536) {
      frame += static_cast<char>(0x80 | 126);
      for (int shift = 8; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xFF);
    } else {
      frame += static_cast<char>(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xFF);
    }
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(reinterpret_cast<const char*>(mask), 4);
    for (size_t i = 0; i < text.size(); ++i) frame += static_cast<char>(text[i] ^ mask[i % 4]);
    send_bytes(frame);
  }

  // The next text message; nullopt when the server closed the connection (or sent a close frame).
  std::optional<std::string> receive() {
    std::string message;
    while (true) {
      if (!need(2)) return std::nullopt;
      const auto b0 = static_cast<unsigned char>(buffer_[0]), b1 = static_cast<unsigned char>(buffer_[1]);
      size_t header = 2;
      uint64_t size = b1 & 0x7F;
      if (size == 126 || size == 127) {
        const size_t bytes = size == 126 ? 2 : 8;
        if (!need(2 + bytes)) return std::nullopt;
        size = 0;
        for (size_t i = 0; i < bytes; ++i) size = (size << 8) | static_cast<unsigned char>(buffer_[2 + i]);
        header += bytes;
      }
      if (!need(header + size)) return std::nullopt;
      const std::string payload = buffer_.substr(header, size);
      buffer_.erase(0, header + size);
      const int opcode = b0 & 0x0F;
      if (opcode == 0x8) return std::nullopt;  // close
      if (opcode >= 0x8) continue;             // ping, pong
      message += payload;
      if (b0 & 0x80) return message;  // FIN
    }
  }

 private:
  void send_bytes(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      sent += static_cast<size_t>(n);
    }
  }
  bool need(size_t bytes) {
    while (buffer_.size() < bytes)
      if (!fill()) return false;
    return true;
  }
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
