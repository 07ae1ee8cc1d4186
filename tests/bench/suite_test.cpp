#include <catch2/catch.hpp>

#include "agent/fixture_catalog.hpp"
#include "bench/suite.hpp"

using namespace opsgym::bench;
using opsgym::testing::fixture_catalog;

namespace {
std::vector<std::string> ids(const std::string& spec) {
  std::vector<std::string> out;
  for (const auto& t : select_tasks(fixture_catalog(), spec)) out.push_back(t->id);
  return out;
}
}  // namespace

TEST_CASE("A suite selects tasks by environment, id, wildcard and tag, sorted and without repeats") {
  CHECK(ids("all") == std::vector<std::string>{"md-001", "md-002", "md-003", "md-004", "mw-001"});
  CHECK(ids("env:minidesk") == std::vector<std::string>{"md-001", "md-002", "md-003", "md-004"});
  CHECK(ids("miniwiki") == std::vector<std::string>{"mw-001"});
  CHECK(ids("md-003, id:md-001") == std::vector<std::string>{"md-001", "md-003"});
  CHECK(ids("id:md-00*") == std::vector<std::string>{"md-001", "md-002", "md-003", "md-004"});
  CHECK(ids("tag:assign,tag:close") == std::vector<std::string>{"md-001", "md-002", "md-003", "md-004"});
  CHECK(ids("tag:judged") == std::vector<std::string>{"md-004"});
  CHECK(ids("tag:edit,mw-001") == std::vector<std::string>{"mw-001"});
}

TEST_CASE("A suite term that matches nothing is an error naming it") {
  CHECK_THROWS_WITH(select_tasks(fixture_catalog(), "env:hr"), Catch::Contains("no environment named 'hr'"));
  CHECK_THROWS_WITH(select_tasks(fixture_catalog(), "md-001,zz-9"), Catch::Contains("'zz-9' matches no task"));
  CHECK_THROWS_WITH(select_tasks(fixture_catalog(), "colour:red"), Catch::Contains("unknown kind 'colour'"));
  CHECK_THROWS_WITH(select_tasks(fixture_catalog(), ""), Catch::Contains("empty suite"));
  CHECK_THROWS_WITH(select_tasks(fixture_catalog(), "md-001,,md-002"), Catch::Contains("empty term"));
}

TEST_CASE("Wildcards match any run of characters") {
  CHECK(wildcard_match("itsm-*", "itsm-007"));
  CHECK(wildcard_match("*-00?", "itsm-00?"));
  CHECK(wildcard_match("*7", "itsm-007"));
  CHECK_FALSE(wildcard_match("itsm-*", "hr-001"));
  CHECK(wildcard_match("*", ""));
}
