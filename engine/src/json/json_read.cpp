#include "json/json_read.hpp"

#include <string>

namespace opsgym {
namespace {

using Json = nlohmann::json;

// nlohmann's own DOM builder (what Json::parse uses), with a count of the arrays and objects open.
class DepthBoundedDom {
 public:
  explicit DepthBoundedDom(Json& result) : dom_(result, true) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(Json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& text) { return dom_.number_float(value, text); }
  bool string(Json::string_t& value) { return dom_.string(value); }
  bool binary(Json::binary_t& value) { return dom_.binary(value); }
  bool key(Json::string_t& value) { return dom_.key(value); }
  bool start_object(std::size_t elements) { return enter() && dom_.start_object(elements); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t elements) { return enter() && dom_.start_array(elements); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <typename Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    return dom_.parse_error(position, token, error);  // throws `error`, as Json::parse does
  }

 private:
  // False (the parser stops at once) for one level too many.
  bool enter() { return ++depth_ <= kMaxJsonDepth; }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  int depth_ = 0;
};

}  // namespace

JsonTooDeep::JsonTooDeep()
    : std::runtime_error("JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                         " levels of arrays and objects (the nesting limit is " + std::to_string(kMaxJsonDepth) + ")") {}

Json parse_json(std::string_view text) {
  Json result;
  DepthBoundedDom dom(result);
  // The parser stops early (false) only where enter() said so: its errors are thrown as they are found.
  if (!Json::sax_parse(text, &dom)) throw JsonTooDeep();
  return result;
}

}  // namespace opsgym
