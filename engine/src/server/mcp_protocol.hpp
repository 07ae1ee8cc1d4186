#pragma once
// MCP over JSON-RPC 2.0, independent of transport: one McpSession is one episode, and handle() answers one
// JSON-RPC message. The streamable HTTP transport (mcp_http) and the stdio transport (mcp_stdio) both feed
// it, so they cannot disagree. Methods: initialize, notifications/initialized, ping, tools/list,
// tools/call. The task's tools appear with their JSON Schemas, plus `finish`, which ends the episode with
// an answer and a status and returns the verification result.
#include <memory>
#include <string>
#include <vector>

#include "server/episode_registry.hpp"

namespace opsgym::server {

// Protocol revisions this server speaks, newest first.
const std::vector<std::string>& mcp_protocol_versions();
bool is_supported_mcp_version(const std::string& version);

// JSON-RPC error codes used here.
namespace jsonrpc {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int server_error = -32000;       // the server refuses (capacity, unknown task)
inline constexpr int session_not_found = -32001;  // MCP HTTP: the session id is unknown
Json error(const Json& id, int code, const std::string& message, const Json& data = nullptr);
Json result(const Json& id, Json result);
}  // namespace jsonrpc

inline constexpr const char* kFinishTool = "finish";
// Messages in one JSON-RPC batch: a session is one episode, so a longer batch only multiplies a reply
// (64 tools/list answers of a 53-tool environment are ~2.4 MB; 12,000 of them were 312 MB).
inline constexpr size_t kMaxBatchMessages = 64;

class McpSession {
 public:
  // `live` is the session's episode; `registry` records its result when `finish` is called.
  McpSession(std::shared_ptr<LiveEpisode> live, EpisodeRegistry& registry);

  // Answers one JSON-RPC message. Returns the response, or null for a notification or a client's
  // response. Never throws: every fault becomes a JSON-RPC error or a tool result with isError.
  // Takes the episode's lock itself.
  Json handle(const Json& message);
  // Answers a parsed body that may be a batch (an array, 2025-03-26); null when nothing is to be sent.
  Json handle_body(const Json& body);

  const std::string& episode_id() const { return live_->id; }
  const std::shared_ptr<LiveEpisode>& live() const { return live_; }
  std::string protocol_version() const;

 private:
  Json dispatch(const Json& id, const std::string& method, const Json& params);
  Json initialize(const Json& params);
  Json list_tools() const;
  Json call_tool(const Json& params);
  Json finish(const Json& arguments);

  std::shared_ptr<LiveEpisode> live_;
  EpisodeRegistry& registry_;
  std::string protocol_version_;  // guarded by live_->mutex
};

// The `finish` tool in MCP form.
Json mcp_finish_tool();

}  // namespace opsgym::server
