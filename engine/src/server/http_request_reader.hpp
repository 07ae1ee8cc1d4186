#pragma once
// Framing of the bytes a client sends on one connection into HTTP/1.1 requests: no socket, no timer.
// The connection appends what it reads to buffer() and asks parse() what it has; everything the parser
// can fail on is an answer here (a refusal with its status), never an exception. Includes Beast's HTTP
// parser: only the connection (http_server.cpp) and the fuzz target include this header.
#include <cstddef>
#include <optional>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace opsgym::server {

class HttpRequestReader {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  enum class Outcome {
    need_more,  // read more into buffer() and parse() again
    request,    // take_request()
    refused,    // answer refusal() and close the connection
    closed,     // the client ended the connection (or cut a request off): close without an answer
  };
  struct Refusal {
    int status = 400;
    std::string code;
    std::string message;
  };

  // `body_limit`: larger bodies are refused with 413. `header_limit`: the start line and headers, and
  // likewise a chunk's size line and the trailer, each larger is refused with 431.
  HttpRequestReader(size_t body_limit, size_t header_limit);

  // Begins the next request; bytes already buffered (a pipelined request) stay.
  void start();
  // Parses what the buffer holds, as far as it goes.
  Outcome parse();
  // The client closed its side: the outcome for what the buffer held.
  Outcome end_of_input();

  boost::beast::flat_buffer& buffer() { return buffer_; }
  // After Outcome::request: the request (then start() before parsing the next).
  Request take_request() { return parser_->release(); }
  // After Outcome::refused.
  const Refusal& refusal() const { return refusal_; }

 private:
  Outcome outcome_of(boost::beast::error_code ec);
  Outcome refuse(int status, std::string code, std::string message);

  size_t body_limit_, header_limit_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Refusal refusal_;
  bool waiting_for_piece_ = false;  // the last put() consumed nothing: the parser waits for a whole piece
};

}  // namespace opsgym::server
