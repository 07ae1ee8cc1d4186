#include "server/http_request_reader.hpp"

#include <cstdint>
#include <stdexcept>
#include <utility>

#include <boost/beast/http/error.hpp>

#include "server/api_error.hpp"

namespace opsgym::server {

namespace http = boost::beast::http;

HttpRequestReader::HttpRequestReader(size_t body_limit, size_t header_limit)
    : body_limit_(body_limit), header_limit_(header_limit) {}

void HttpRequestReader::start() {
  parser_.emplace();
  parser_->body_limit(body_limit_);
  parser_->header_limit(static_cast<std::uint32_t>(header_limit_));
  waiting_for_piece_ = false;
}

// The parser runs here, not inside http::async_read's completion handler: an exception from it (a
// trailer field of 64 KiB or more throws `field value too large` from Beast's field list) used to end
// the whole process from there. Here every parser failure is an answer on the connection.
//
// Beast takes the header, a chunk's size line and the last chunk with its trailer each whole: until one is
// complete it consumes nothing and asks for more. Boost 1.74's parser then asserts `n >= 5` when it resumes
// a last chunk with 4 bytes ("0\r\n\r"), an assertion fixed upstream in 2024 (boostorg/beast#2861); the
// code after it is correct. So while the parser waits for such a piece it is fed again only once the
// buffer holds 5 bytes or more. Nothing is lost by the wait: the shortest piece that ends a request, the
// last chunk "0\r\n\r\n", has 5 bytes; a shorter one (a first chunk's size line, "1\r\n") is
// followed by chunk data the request needs anyway.
HttpRequestReader::Outcome HttpRequestReader::parse() {
  constexpr size_t kShortestLastPiece = 5;
  while (buffer_.size() > 0 && !(waiting_for_piece_ && buffer_.size() < kShortestLastPiece)) {
    boost::beast::error_code ec;
    size_t used = 0;
    try {
      used = parser_->put(buffer_.data(), ec);
    } catch (const std::length_error&) {
      return refuse(431, "headers_too_large", "a request header or trailer field is too large");
    } catch (const std::exception& e) {
      return refuse(400, "malformed_http", std::string("the request is not valid HTTP/1.1: ") + e.what());
    }
    buffer_.consume(used);
    waiting_for_piece_ = used == 0;
    if (ec && ec != http::error::need_more) return outcome_of(ec);
    if (parser_->is_done()) return Outcome::request;
    if (used == 0) break;
  }
  // The parser needs more than the buffer holds to finish one piece: the header, a chunk's size line or
  // the trailer. Beast bounds only the first by header_limit; each is bounded here.
  if (buffer_.size() >= header_limit_) return outcome_of(http::error::header_limit);
  return Outcome::need_more;
}

HttpRequestReader::Outcome HttpRequestReader::end_of_input() {
  if (!parser_->got_some()) return Outcome::closed;
  boost::beast::error_code ec;
  parser_->put_eof(ec);  // a message cut off by the client's close: partial_message
  return ec ? outcome_of(ec) : Outcome::closed;
}

HttpRequestReader::Outcome HttpRequestReader::outcome_of(boost::beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return Outcome::closed;
  if (ec == http::error::body_limit)
    return refuse(413, codes::body_too_large,
                  "the request body is over the limit of " + std::to_string(body_limit_) + " bytes");
  if (ec == http::error::header_limit)
    return refuse(431, "headers_too_large",
                  "the request headers (or a chunk size line, or the trailer) are over the limit of " +
                      std::to_string(header_limit_) + " bytes");
  if (ec.category() == http::make_error_code(http::error::bad_method).category())
    return refuse(400, "malformed_http", "the request is not valid HTTP/1.1: " + ec.message());
  return Outcome::closed;
}

HttpRequestReader::Outcome HttpRequestReader::refuse(int status, std::string code, std::string message) {
  refusal_ = Refusal{status, std::move(code), std::move(message)};
  return Outcome::refused;
}

}  // namespace opsgym::server
