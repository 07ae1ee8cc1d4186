#pragma once
// Word-level matching of phrases in free text: the rule behind refusal reasons and the verifiers'
// mentions(). Text is lower-cased and split into words at every character that is not an ASCII letter
// or digit (bytes of UTF-8 sequences count as letters, so "Müller" stays one word). A phrase matches
// when its words occur consecutively; a phrase word ending in '*' matches any word that starts with it.
// So "two" does not match inside "network", and "approv*" matches "approval" and "approved".
#include <string>
#include <string_view>
#include <vector>

namespace opsgym {

class WordText {
 public:
  explicit WordText(std::string_view text);
  bool mentions(std::string_view phrase) const;
  // Where the phrase occurs: each occurrence's first word and the word after its last.
  std::vector<std::pair<size_t, size_t>> occurrences(std::string_view phrase) const;
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;
};

// One-off form of WordText(text).mentions(phrase).
bool mentions(std::string_view text, std::string_view phrase);

}  // namespace opsgym
