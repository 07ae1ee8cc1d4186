// json_text must give nlohmann's compact dump (invalid UTF-8 replaced) byte for byte, whatever the value.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "json/json_text.hpp"

using Json = nlohmann::json;
using opsgym::json_text;

namespace {

std::string reference(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A random value of strings that mix plain text, escapes, control bytes, UTF-8 and invalid bytes.
Json random_value(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> pieces = {"plain", "Lena Ortiz", "\"", "\\", "\n", "\t", std::string(1, '\0'),
                                                  "\x01", "\x7f", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                                  "\xC3", "\xFF", "/", " ", "INC0001042", "\xED\xA0\x80",
                                                  "\xC0\xAF", "\xE0\x80\xAF", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
                                                  "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF", "\xE0\xA0", "\x08\x0c\r"};
  switch (rng() % (depth > 3 ? 6 : 8)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<int64_t>(rng()) >> (rng() % 64);
    case 3: return static_cast<uint64_t>(rng());
    case 4: return std::ldexp(static_cast<double>(static_cast<int64_t>(rng())), static_cast<int>(rng() % 200) - 100);
    case 5: {
      std::string text;
      for (size_t n = rng() % 6; n > 0; --n) text += pieces[rng() % pieces.size()];
      return text;
    }
    case 6: {
      Json array = Json::array();
      for (size_t n = rng() % 5; n > 0; --n) array.push_back(random_value(rng, depth + 1));
      return array;
    }
    default: {
      Json object = Json::object();
      for (size_t n = rng() % 5; n > 0; --n)
        object[random_value(rng, 99).is_string() ? pieces[rng() % pieces.size()] : "k" + std::to_string(n)] =
            random_value(rng, depth + 1);
      return object;
    }
  }
}

}  // namespace

TEST_CASE("json_text writes plain values exactly as nlohmann's dump does", "[json]") {
  for (const Json& value : {Json(nullptr), Json(true), Json(false), Json(0), Json(-1), Json(INT64_MIN), Json(INT64_MAX),
                            Json(UINT64_MAX), Json(1.0), Json(-0.0), Json(1e300), Json(0.1), Json(""), Json("abc"),
                            Json::array(), Json::object(), Json::parse(R"({"b":[1,{"a":null}],"a":"x"})")})
    CHECK(json_text(value) == reference(value));
}

TEST_CASE("json_text escapes, keeps UTF-8 and replaces invalid bytes as nlohmann's dump does", "[json]") {
  for (const std::string& text : {std::string("say \"hi\"\\"), std::string("line\nbreak\ttab"), std::string("\x01\x1f"),
                                  std::string("caf\xC3\xA9 \xE2\x82\xAC"), std::string("cut \xC3"), std::string("\xFF\xFE"),
                                  std::string(1, '\0')}) {
    CHECK(json_text(Json(text)) == reference(Json(text)));
    CHECK(json_text(Json{{text, text}}) == reference(Json{{text, text}}));
  }
}

TEST_CASE("json_text agrees with nlohmann's dump on ten thousand random values", "[json]") {
  std::mt19937_64 rng(20261201);
  for (int i = 0; i < 10000; ++i) {
    const Json value = random_value(rng, 0);
    REQUIRE(json_text(value) == reference(value));
  }
}

TEST_CASE("json_text agrees with nlohmann's dump on strings of random bytes", "[json]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 12, ' ');
    // Bias towards the bytes that matter: controls, quotes, lead and continuation bytes.
    static const unsigned char kBytes[] = {0x00, 0x1f, '"', '\\', 'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                           0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
    for (char& c : text) c = static_cast<char>(rng() % 3 == 0 ? rng() % 256 : kBytes[rng() % sizeof kBytes]);
    REQUIRE(json_text(Json(text)) == reference(Json(text)));
  }
}

// Plain text is scanned eight bytes at a time: one byte that needs care, at every offset of strings
// long and short (around the word size and the one-append limit of 61 bytes), as values and as keys.
TEST_CASE("json_text escapes a byte that needs care wherever it falls in a longer string", "[json]") {
  static const std::string kBytes[] = {std::string(1, '\0'), "\x1f", "\"", "\\", "\x7f", "\x80", "\xC3\xA9", "\xFF", " ", "~"};
  for (size_t length : {1, 7, 8, 9, 15, 16, 17, 60, 61, 62, 63, 64, 100}) {
    for (size_t at = 0; at < length; ++at) {
      for (const std::string& byte : kBytes) {
        std::string text(length, 'x');
        text.replace(at, 1, byte);
        REQUIRE(json_text(Json(text)) == reference(Json(text)));
        REQUIRE(json_text(Json{{text, 1}, {"a", text}}) == reference(Json{{text, 1}, {"a", text}}));
      }
    }
  }
}

TEST_CASE("append_json_member adds a member written as JSON text at the end of an object", "[json]") {
  std::string object = "{}";
  opsgym::append_json_member(object, "tools", "[1,2]");
  CHECK(object == R"({"tools":[1,2]})");
  std::string more = json_text(Json{{"a", 1}});
  opsgym::append_json_member(more, "b\"", R"({"x":null})");
  CHECK(more == R"({"a":1,"b\"":{"x":null}})");
  CHECK(Json::parse(more) == Json{{"a", 1}, {"b\"", {{"x", nullptr}}}});
  std::string array = "[1]";
  CHECK_THROWS_AS(opsgym::append_json_member(array, "k", "1"), std::invalid_argument);
  CHECK(array == "[1]");
}
