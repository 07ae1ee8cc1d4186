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

// The words the tools match (lib/itsm.lua M.word_patterns): split on white space, LIKE wildcards dropped.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    if (c == '%' || c == '_') continue;
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!word.empty()) out.push_back(word);
      word.clear();
      continue;
    }
    word += c;
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

struct SearchTool {
  std::string tool;
  std::string from;  // the rows the tool searches, as a FROM clause
  std::string cond;  // when one word matches a row; ?1 is the word's LIKE pattern ("%word%")
};

const std::vector<SearchTool> kSearches = {
    {"search_incidents", "incidents", "short_description LIKE ?1 OR description LIKE ?1 OR number LIKE ?1"},
    {"search_users", "users",
     "user_name LIKE ?1 OR (first_name || ' ' || last_name) LIKE ?1 OR email LIKE ?1"},
    {"search_cis", "configuration_items", "name LIKE ?1 OR description LIKE ?1 OR ip_address LIKE ?1"},
    {"search_changes", "change_requests c LEFT JOIN configuration_items ci ON ci.id = c.ci_id",
     "c.short_description LIKE ?1 OR c.description LIKE ?1 OR c.number LIKE ?1 OR ci.name LIKE ?1 "
     "OR ci.description LIKE ?1"},
};

// How many rows a plain scan finds: every word of `text` matches the row (any order, any field).
int64_t scan_count(const Episode& episode, const SearchTool& search, const std::string& text) {
  const std::vector<std::string> words = words_of(text);
  std::string sql = "SELECT COUNT(*) AS n FROM " + search.from;
  Json params = Json::array();
  for (size_t k = 0; k < words.size(); ++k) {
    std::string cond = search.cond;
    const std::string hole = "?" + std::to_string(k + 1);
    for (size_t at = cond.find("?1"); at != std::string::npos; at = cond.find("?1", at + hole.size())) {
      cond.replace(at, 2, hole);
    }
    sql += (k == 0 ? " WHERE (" : " AND (") + cond + ")";
    params.push_back("%" + words[k] + "%");
  }
  return episode.world().query(sql, params)[0]["n"].get<int64_t>();
}

// One search. These tests make more calls than a task's max_steps allows one episode: a search is read
// only, so starting over from the same World when the budget is spent changes nothing they compare.
StepResult search_step(Episode& episode, const std::string& tool, const Json& args) {
  if (episode.steps() >= episode.task().max_steps) episode.reset();
  return episode.step(tool, args);
}

int64_t search_total(Episode& episode, const std::string& tool, const Json& args) {
  const StepResult step = search_step(episode, tool, args);
  INFO(tool << " " << args.dump() << " -> " << step.output().dump());
  REQUIRE(step.ok);
  return step.output()["total"].get<int64_t>();
}

int64_t incident_hits(Episode& episode, const std::string& text) {
  return search_total(episode, "search_incidents", {{"query", text}});
}

}  // namespace

TEST_CASE("every text search finds exactly what a LIKE of each word over every row finds", "[itsm][search]") {
  Episode episode = open_itsm("itsm-001");
  // Long and short words, several words (either order), mixed case, digits and dots, non-ASCII, nothing at all.
  const std::vector<std::string> queries = {"vpn",        "VPN home",  "home VPN", "Lena Ortiz", "Ortiz Lena",
                                            "ab",         "payroll-db", "10.",     "0x800CCC13", "INC000166",
                                            "outlook",    "Müller",     "zzqxj",   "a b c",      "firewall"};
  for (const auto& search : kSearches) {
    for (const auto& text : queries) {
      const int64_t expected = scan_count(episode, search, text);
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
      const int64_t expected = scan_count(episode, search, text);
      if (expected <= 5) continue;  // not two pages' worth
      if (text.size() >= 3) ++indexed;
      INFO(search.tool << " query '" << text << "', " << expected << " matches");
      CHECK(search_total(episode, search.tool, {{"query", text}, {"page_size", 5}}) == expected);
      CHECK(search_total(episode, search.tool, {{"query", text}, {"page", 2}, {"page_size", 5}}) == expected);
      const Json past{{"query", text}, {"page", expected / 5 + 2}, {"page_size", 5}};
      CHECK(search_total(episode, search.tool, past) == expected);
      CHECK(search_step(episode, search.tool, past).output()["items"].empty());
    }
    CHECK(indexed > 0);
  }
}

TEST_CASE("a change is found by the words of its description and of its CI, in any order", "[itsm][search]") {
  // itsm-015 stages CHG0000301 "Open 443 from DMZ to new Customer Portal app tier (lon-fw-01)" on the
  // lon-fw-01 CI ("Perimeter firewall"): "firewall" is only in the CI's description.
  Episode episode = open_itsm("itsm-015");
  for (const std::string text : {"firewall", "lon-fw-01", "portal firewall", "443 DMZ", "DMZ 443 customer portal"}) {
    const StepResult step = episode.step("search_changes", {{"query", text}, {"state", "open"}});
    INFO("query '" << text << "' -> " << step.output().dump());
    REQUIRE(step.ok);
    bool found = false;
    for (const auto& item : step.output()["items"]) found = found || item["number"] == "CHG0000301";
    CHECK(found);
  }
  const StepResult none = episode.step("search_changes", {{"query", "firewall zzqxj"}});
  REQUIRE(none.ok);
  CHECK(none.output()["total"] == 0);
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
