#include "server/mcp_stdio.hpp"

#include <istream>
#include <ostream>
#include <string>

#include "json/json_text.hpp"
#include "server/request_parsing.hpp"

namespace opsgym::server {

size_t serve_mcp_stdio(McpSession& session, std::istream& in, std::ostream& out) {
  size_t handled = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++handled;
    Json reply;
    try {
      Json message = parse_client_json(line, "the message");
      if (!message.is_object() && !message.is_array())
        reply = jsonrpc::error(nullptr, jsonrpc::invalid_request, "a JSON-RPC message must be an object or a batch");
      else
        reply = session.handle_body(message);
    } catch (const ApiError& e) {  // from parse_client_json, as over HTTP (mcp_http.cpp)
      reply = e.code() == codes::malformed_json
                  ? jsonrpc::error(nullptr, jsonrpc::parse_error, std::string("Parse error: ") + e.what())
                  : jsonrpc::error(nullptr, jsonrpc::invalid_request, std::string("Invalid Request: ") + e.what());
    }
    if (reply.is_null()) continue;
    out << json_text(reply) << '\n';
    out.flush();
  }
  return handled;
}

}  // namespace opsgym::server
