// The bytes a client sends on one connection, framed by the server's own HttpRequestReader: no socket,
// the same calls HttpConnection makes. The first byte picks how many bytes each read delivers (1 to
// 128, as TCP may split a request anywhere); the rest is the stream. Requests are taken one after another
// while they keep the connection alive, as pipelined requests are. Limits are small so that inputs of a
// few KB reach them. Checks: a refusal is 400, 413 or 431 with a code and message, no body is over the
// body limit, and the reader ends (refused, closed or waiting) with no exception.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

#include "server/http_request_reader.hpp"

namespace {

using opsgym::server::HttpRequestReader;
using Outcome = HttpRequestReader::Outcome;

constexpr size_t kBodyLimit = 1024;
constexpr size_t kHeaderLimit = 512;

[[noreturn]] void fail(const std::string& what, std::string_view input) {
  std::cerr << "http_request: " << what << "\ninput: " << input << "\n";
  std::abort();
}

// What the connection reads of a request before handing it on (to_request in http_server.cpp).
size_t touch(const HttpRequestReader::Request& request) {
  size_t n = request.method_string().size() + request.target().size() + request.body().size();
  for (const auto& field : request) n += field.name_string().size() + field.value().size();
  return n + (request.keep_alive() ? 1 : 0) + request.version();
}

void check_refusal(const HttpRequestReader& reader, std::string_view input) {
  const auto& refusal = reader.refusal();
  if (refusal.status != 400 && refusal.status != 413 && refusal.status != 431)
    fail("a refusal with status " + std::to_string(refusal.status), input);
  if (refusal.code.empty() || refusal.message.empty()) fail("a refusal without a code or message", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t read_size = 1 + data[0] % 128;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  HttpRequestReader reader(kBodyLimit, kHeaderLimit);
  reader.start();
  size_t offset = 0;
  for (;;) {
    const Outcome outcome = reader.parse();
    if (outcome == Outcome::request) {
      HttpRequestReader::Request request = reader.take_request();
      if (request.body().size() > kBodyLimit) fail("a body over the limit was accepted", stream);
      volatile size_t seen = touch(request);
      (void)seen;
      if (!request.keep_alive()) return 0;
      reader.start();
      continue;
    }
    if (outcome == Outcome::refused) check_refusal(reader, stream);
    if (outcome != Outcome::need_more) return 0;
    if (offset == stream.size()) {
      const Outcome last = reader.end_of_input();
      if (last == Outcome::refused) check_refusal(reader, stream);
      if (last == Outcome::request || last == Outcome::need_more) fail("end of input left a request pending", stream);
      return 0;
    }
    const size_t n = std::min(read_size, stream.size() - offset);
    auto buffer = reader.buffer().prepare(n);
    std::memcpy(buffer.data(), stream.data() + offset, n);
    reader.buffer().commit(n);
    offset += n;
  }
}
