#pragma once
// MCP's stdio transport: newline-delimited JSON-RPC on a pair of streams, one session = one episode.
#include <iosfwd>

#include "server/episode_registry.hpp"
#include "server/mcp_protocol.hpp"

namespace opsgym::server {

// Reads messages from `in` until end of input and writes each answer as one line to `out` (flushed).
// A line that is not JSON gets a parse-error response; blank lines are skipped. Returns the number of
// messages handled.
size_t serve_mcp_stdio(McpSession& session, std::istream& in, std::ostream& out);

}  // namespace opsgym::server
