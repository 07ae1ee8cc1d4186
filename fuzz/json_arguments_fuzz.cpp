// Tool arguments as a client sends them: bytes → parse_client_json (what every front end reads a body or
// message with) → json_text (what every trajectory record and answer is written with). Checks that the
// fast writer gives byte for byte nlohmann's own compact dump, and that its text reads back as the same
// value; refusals (ApiError 400) are the only exception the reader may throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "json/json_text.hpp"
#include "server/api_error.hpp"
#include "server/request_parsing.hpp"

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& input) {
  std::cerr << "json_arguments: " << what << "\ninput: " << input << "\n";
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  opsgym::Json value;
  try {
    value = opsgym::server::parse_client_json(input, "the arguments");
  } catch (const opsgym::server::ApiError& e) {
    if (e.status() != 400) fail("a refusal other than 400: " + std::to_string(e.status()), input);
    return 0;
  }
  const std::string text = opsgym::json_text(value);
  const std::string reference = value.dump(-1, ' ', false, opsgym::Json::error_handler_t::replace);
  if (text != reference) fail("json_text gave " + text + " where nlohmann gives " + reference, input);
  if (opsgym::server::parse_client_json(text, "the written text") != value)
    fail("json_text's text reads back as another value: " + text, input);
  return 0;
}
