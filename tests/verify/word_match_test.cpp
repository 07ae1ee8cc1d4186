#include <catch2/catch.hpp>

#include "verify/word_match.hpp"

using opsgym::mentions;

TEST_CASE("a phrase matches whole words, not substrings") {
  CHECK(mentions("It needs two CAB approvals.", "two"));
  CHECK_FALSE(mentions("The network team owns it.", "two"));
  CHECK_FALSE(mentions("Networking", "work"));
}

TEST_CASE("a phrase of several words matches them consecutively, across punctuation and case") {
  CHECK(mentions("A change FREEZE is on: quarter-end close.", "quarter end close"));
  CHECK(mentions("Window 21:00 to 22:00", "21:00"));
  CHECK_FALSE(mentions("the close of the quarter end", "quarter end close"));
}

TEST_CASE("a trailing star matches the start of a word") {
  CHECK(mentions("Nobody approved it", "approv*"));
  CHECK(mentions("a self-approval is not allowed", "self approv*"));
  CHECK_FALSE(mentions("disapproved", "approv*"));
}

TEST_CASE("UTF-8 letters stay inside words") {
  CHECK(mentions("Jörg Müller left", "müller"));
  CHECK_FALSE(mentions("Jörg Müller left", "ller"));
}

TEST_CASE("an empty phrase or a phrase longer than the text matches nothing") {
  CHECK_FALSE(mentions("anything", ""));
  CHECK_FALSE(mentions("anything", " - "));
  CHECK_FALSE(mentions("one", "one two"));
}
