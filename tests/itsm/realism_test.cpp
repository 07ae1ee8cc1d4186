// ITSM as a careful agent meets it: tools that do what their descriptions and the policy say, seed data
// that keeps the tools' own rules, and records that show what really concerns them.
#include <string>

#include "itsm_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

TEST_CASE("a request is canceled with a reason, kept as its close notes; without one ITSM-R03 refuses",
          "[itsm][requests][ITSM-R03]") {
  Episode episode = open_itsm("itsm-051");  // REQ0000401: Kevin Osei's approved second monitor
  const Snapshot before = episode.world().snapshot();
  const StepResult bare = episode.step("update_request", {{"number", "REQ0000401"}, {"state", "canceled"}});
  require_refused_by(episode, before, bare, "ITSM-R03");

  const std::string why = "Not needed: a spare monitor was set up on his desk.";
  const StepResult canceled =
      episode.step("update_request", {{"number", "REQ0000401"}, {"state", "canceled"}, {"reason", why}});
  INFO(canceled.output().dump());
  REQUIRE(canceled.ok);
  CHECK(scalar(episode, "SELECT state FROM requests WHERE number = 'REQ0000401'") == "canceled");
  CHECK(scalar(episode, "SELECT close_notes FROM requests WHERE number = 'REQ0000401'") == why);
}

TEST_CASE("close notes still serve as a request's cancel reason, and fulfilling needs them",
          "[itsm][requests][ITSM-R03]") {
  Episode episode = open_itsm("itsm-051");  // REQ0000402: Kevin's headset, in progress with zoe.martin
  const Snapshot before = episode.world().snapshot();
  const StepResult bare = episode.step("update_request", {{"number", "REQ0000402"}, {"state", "fulfilled"}});
  require_refused_by(episode, before, bare, "ITSM-R03");
  const StepResult canceled = episode.step(
      "update_request", {{"number", "REQ0000401"}, {"state", "canceled"}, {"close_notes", "Duplicate of REQ0000402."}});
  INFO(canceled.output().dump());
  REQUIRE(canceled.ok);
  CHECK(scalar(episode, "SELECT close_notes FROM requests WHERE number = 'REQ0000401'") == "Duplicate of REQ0000402.");
}

TEST_CASE("a CI lists only the open incidents that concern it", "[itsm][cmdb][seed]") {
  Episode episode = open_itsm("itsm-001");
  // Seeded incidents carry the business service their text is about, or none (a laptop, a how-to question).
  CHECK(scalar(episode,
               "SELECT COUNT(*) FROM incidents i JOIN configuration_items c ON c.id = i.ci_id WHERE c.name = 'Payroll Service' "
               "AND lower(i.short_description || ' ' || coalesce(i.description, '')) NOT LIKE '%payroll%'") == 0);
  CHECK(scalar(episode, "SELECT COUNT(*) FROM incidents WHERE category IN ('hardware', 'inquiry') AND ci_id IS NOT NULL "
                        "AND short_description NOT LIKE '%printer%'") == 0);
  CHECK(scalar(episode,
               "SELECT COUNT(*) FROM incidents i JOIN configuration_items c ON c.id = i.ci_id WHERE c.name = 'VPN Service' "
               "AND lower(i.short_description || ' ' || coalesce(i.description, '')) NOT LIKE '%vpn%'") == 0);

  const StepResult ci = episode.step("get_ci", {{"name", "Payroll Service"}});
  REQUIRE(ci.ok);
  const Json& open = ci.output()["open_incidents"];
  CHECK_FALSE(open.empty());
  for (const auto& inc : open) {
    const std::string text = scalar(episode,
                                    "SELECT lower(short_description || ' ' || coalesce(description, '')) FROM incidents "
                                    "WHERE number = ?",
                                    Json::array({inc["number"]}))
                                 .get<std::string>();
    INFO(inc.dump());
    CHECK(text.find("payroll") != std::string::npos);
  }
}
