#pragma once
// One WebSocket connection as a handler sees it: text in, text out. The Beast code in http_server.cpp owns
// the socket and calls these; handlers stay plain C++ and testable without sockets.
#include <string>

namespace opsgym::server {

class WebSocketSession {
 public:
  struct Reply {
    std::string text;    // sent as one text message (none when empty)
    bool close = false;  // close the connection after sending
  };
  virtual ~WebSocketSession() = default;
  // One message from the client. Must not throw: faults become error messages.
  virtual Reply on_message(const std::string& text) = 0;
  // The connection ended (either side, or an error). Called once.
  virtual void on_close() = 0;
};

}  // namespace opsgym::server
