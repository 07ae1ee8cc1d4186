#include "verify/word_match.hpp"

namespace opsgym {
namespace {

bool is_word_byte(unsigned char c, bool star) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || (star && c == '*');
}

// Splits at non-word bytes; `star` keeps '*' inside words (for phrases).
std::vector<std::string> split_words(std::string_view text, bool star) {
  std::vector<std::string> out;
  std::string word;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_word_byte(c, star)) {
      word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

bool word_matches(const std::string& pattern, const std::string& word) {
  if (!pattern.empty() && pattern.back() == '*') {
    const std::string_view stem(pattern.data(), pattern.size() - 1);
    return word.compare(0, stem.size(), stem) == 0;
  }
  return pattern == word;
}

}  // namespace

WordText::WordText(std::string_view text) : words_(split_words(text, false)) {}

bool WordText::mentions(std::string_view phrase) const { return !occurrences(phrase).empty(); }

std::vector<std::pair<size_t, size_t>> WordText::occurrences(std::string_view phrase) const {
  std::vector<std::pair<size_t, size_t>> out;
  const std::vector<std::string> wanted = split_words(phrase, true);
  if (wanted.empty() || wanted.size() > words_.size()) return out;
  for (size_t start = 0; start + wanted.size() <= words_.size(); ++start) {
    size_t i = 0;
    while (i < wanted.size() && word_matches(wanted[i], words_[start + i])) ++i;
    if (i == wanted.size()) out.emplace_back(start, start + wanted.size());
  }
  return out;
}

bool mentions(std::string_view text, std::string_view phrase) { return WordText(text).mentions(phrase); }

}  // namespace opsgym
