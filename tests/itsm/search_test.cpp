// ITSM free-text search: the trigram indexes of indexes.sql narrow a search, the LIKE decides. These
// tests hold each search tool to what a plain LIKE over every row finds, and the indexes to the writes.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "itsm_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The pattern the tools use (lib/itsm.lua M.like): the words in order, anything between them.
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  bool gap = false;
  for (char c : text) {
    if (c == '%' || c == '_') continue;
    if (c == ' ' || c == '\t' || c == '\n') {
      gap = true;
      continue;
    }
    if (gap && out.back() != '%') out += '%';
    gap = false;
    out += c;
  }
  if (out.back() != '%') out += '%';
  return out;
}

struct SearchTool {
  std::string tool;
  std::string scan;  // COUNT(*) of the rows the tool must find, by a plain scan; ?1 is the pattern
};

const std::vector<SearchTool> kSearches = {
    {"search_incidents",
     "SELECT COUNT(*) AS n FROM incidents WHERE short_description LIKE ?1 OR description LIKE ?1 OR number LIKE ?1"},
    {"search_users",
     "SELECT COUNT(*) AS n FROM users WHERE user_name LIKE ?1 OR (first_name || ' ' || last_name) LIKE ?1 "
     "OR email LIKE ?1"},
    {"search_cis",
     "SELECT COUNT(*) AS n FROM configuration_items WHERE name LIKE ?1 OR description LIKE ?1 OR ip_address LIKE ?1"},
    {"search_changes",
     "SELECT COUNT(*) AS n FROM change_requests WHERE short_description LIKE ?1 OR description LIKE ?1 "
     "OR number LIKE ?1"},
};

int64_t search_total(Episode& episode, const std::string& tool, const Json& args) {
  const StepResult step = episode.step(tool, args);
  INFO(tool << " " << args.dump() << " -> " << step.output().dump());
  REQUIRE(step.ok);
  return step.output()["total"].get<int64_t>();
}

int64_t incident_hits(Episode& episode, const std::string& text) {
  return search_total(episode, "search_incidents", {{"query", text}});
}

}  // namespace

TEST_CASE("every text search finds exactly what a LIKE over every row finds", "[itsm][search]") {
  Episode episode = open_itsm("itsm-001");
  // Long and short words, several words, mixed case, digits and dots, non-ASCII, nothing at all.
  const std::vector<std::string> queries = {"vpn",   "VPN home", "Lena Ortiz", "ab",      "payroll-db", "10.",
                                            "0x800CCC13", "INC000166", "outlook", "Müller", "zzqxj",     "a b c"};
  for (const auto& search : kSearches) {
    for (const auto& text : queries) {
      const int64_t expected =
          episode.world().query(search.scan, Json::array({like_pattern(text)}))[0]["n"].get<int64_t>();
      INFO(search.tool << " query '" << text << "'");
      CHECK(search_total(episode, search.tool, {{"query", text}}) == expected);
    }
  }
}

// A page's rows carry the match count (a window count); a page past the end has none and counts apart.
TEST_CASE("every page of a search reports the same total, a page past the end too", "[itsm][search]") {
  Episode episode = open_itsm("itsm-001");
  for (const auto& search : kSearches) {
    int indexed = 0;  // texts of three letters or more, which go through the trigram index
    for (const std::string text : {"vpn", "son", "ver", "ing", "a"}) {
      const int64_t expected =
          episode.world().query(search.scan, Json::array({like_pattern(text)}))[0]["n"].get<int64_t>();
      if (expected <= 5) continue;  // not two pages' worth
      if (text.size() >= 3) ++indexed;
      INFO(search.tool << " query '" << text << "', " << expected << " matches");
      CHECK(search_total(episode, search.tool, {{"query", text}, {"page_size", 5}}) == expected);
      CHECK(search_total(episode, search.tool, {{"query", text}, {"page", 2}, {"page_size", 5}}) == expected);
      const Json past{{"query", text}, {"page", expected / 5 + 2}, {"page_size", 5}};
      CHECK(search_total(episode, search.tool, past) == expected);
      CHECK(episode.step(search.tool, past).output()["items"].empty());
    }
    CHECK(indexed > 0);
  }
}

TEST_CASE("a text search pages through the same rows, in the same order, as a scan would", "[itsm][search]") {
  Episode episode = open_itsm("itsm-001");
  const Json expected = episode.world().query(
      "SELECT number FROM incidents WHERE short_description LIKE ?1 OR description LIKE ?1 OR number LIKE ?1 "
      "ORDER BY opened_at DESC, number DESC LIMIT 5 OFFSET 5",
      Json::array({"%vpn%"}));
  REQUIRE(expected.size() == 5);
  const StepResult page = episode.step("search_incidents", {{"query", "vpn"}, {"page", 2}, {"page_size", 5}});
  REQUIRE(page.ok);
  REQUIRE(page.output()["items"].size() == 5);
  for (size_t i = 0; i < 5; ++i) CHECK(page.output()["items"][i]["number"] == expected[i]["number"]);
}

TEST_CASE("the search index follows creates and edits, and a reset takes them back", "[itsm][search]") {
  Episode episode = open_itsm("itsm-001");
  REQUIRE(incident_hits(episode, "quasarflux") == 0);

  const StepResult created = episode.step("create_incident", {{"caller", "lena.ortiz"},
                                                              {"short_description", "Quasarflux badge reader offline"},
                                                              {"category", "hardware"}});
  REQUIRE(created.ok);
  const std::string number = created.output()["number"].get<std::string>();
  CHECK(incident_hits(episode, "quasarflux") == 1);
  CHECK(incident_hits(episode, number) == 1);

  REQUIRE(episode.step("update_incident", {{"number", number}, {"short_description", "Nebulite badge reader offline"}}).ok);
  CHECK(incident_hits(episode, "quasarflux") == 0);
  CHECK(incident_hits(episode, "nebulite") == 1);
  // Edits of fields the index does not hold leave it as it was.
  REQUIRE(episode.step("update_incident", {{"number", number}, {"urgency", 1}}).ok);
  CHECK(incident_hits(episode, "nebulite") == 1);

  episode.reset();
  CHECK(incident_hits(episode, "nebulite") == 0);
  CHECK(incident_hits(episode, number) == episode.world()
                                             .query("SELECT COUNT(*) AS n FROM incidents WHERE number LIKE ?",
                                                    Json::array({"%" + number + "%"}))[0]["n"]
                                             .get<int64_t>());
}

TEST_CASE("the search indexes are engine tables: no diff or table list shows them", "[itsm][search]") {
  Episode episode = open_itsm("itsm-001");
  const Snapshot before = episode.world().snapshot();
  REQUIRE(episode.step("create_incident", {{"caller", "lena.ortiz"},
                                           {"short_description", "Printer on floor 3 jams"},
                                           {"category", "hardware"}})
              .ok);
  for (const auto& change : episode.world().diff_from(before).changes) CHECK(change.table.front() != '_');
  const auto tables = episode.world().tables();
  CHECK(std::none_of(tables.begin(), tables.end(), [](const std::string& t) { return t.front() == '_'; }));
}
