// The compliance seed: deterministic from the seed, at the volumes the issue asks for, and consistent
// (a control's status is what its tests, evidence and findings say, exceptions respect their limits,
// grants agree with leavers and access reviews, vendors with their assessments, data-subject requests with
// their deadlines, the quiet window). Each invariant is a query counting the rows that break it.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "support/seed_world.hpp"

namespace {

using opsgym::Environment;
using opsgym::Json;
using opsgym::World;
using opsgym::testing::load_source_environment;
using opsgym::testing::seed_world;
using opsgym::testing::value;

std::shared_ptr<const Environment> compliance() {
  static const std::shared_ptr<const Environment> env = load_source_environment("compliance");
  return env;
}

const World& world(uint64_t seed) { return seed_world(compliance(), seed); }

constexpr uint64_t kSeed = 7;
constexpr int64_t kT0 = 1772442000;  // 2026-03-02T09:00:00Z, env.yaml's clock_start
const std::string kToday = "'2026-03-02'";

}  // namespace

TEST_CASE("compliance: the same seed builds the same World, another seed a different one", "[compliance][seed]") {
  // Two separately loaded environments share no cache: each builds its World from the seed.
  const auto a = load_source_environment("compliance")->base_snapshot(kSeed, nullptr);
  const auto b = load_source_environment("compliance")->base_snapshot(kSeed, nullptr);
  const auto c = load_source_environment("compliance")->base_snapshot(kSeed + 1, nullptr);
  CHECK(*a == *b);
  CHECK(*a != *c);
  const World wa(a), wc(c);
  // Not only the bytes: the generated content differs (vendors, grants, requests).
  CHECK(wa.query("SELECT vendor_name FROM vendor_risk_profiles ORDER BY id") != wc.query("SELECT vendor_name FROM vendor_risk_profiles ORDER BY id"));
  CHECK(wa.query("SELECT user_id, entitlement_id, granted_on FROM access_grants ORDER BY id LIMIT 50") !=
        wc.query("SELECT user_id, entitlement_id, granted_on FROM access_grants ORDER BY id LIMIT 50"));
  CHECK(wa.query("SELECT requester_email, received_at FROM dsr_requests ORDER BY id") !=
        wc.query("SELECT requester_email, received_at FROM dsr_requests ORDER BY id"));
}

TEST_CASE("compliance: the seed has the volumes and the mess tasks need", "[compliance][seed]") {
  for (uint64_t seed : {kSeed, uint64_t{42}}) {
    INFO("seed " << seed);
    const World& w = world(seed);
    // At least 20 tables of its own beside the company's
    CHECK(value(w, R"(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\_%' ESCAPE '\'
                      AND name NOT LIKE 'sqlite%' AND name NOT IN ('departments', 'cost_centers', 'locations', 'users', 'roles',
                      'user_roles', 'groups', 'group_members', 'notifications', 'record_kinds'))") >= 20);
    // Controls mapped across frameworks, some failing, some effective, some untested
    CHECK(value(w, "SELECT count(*) FROM grc_controls") >= 80);
    CHECK(value(w, "SELECT count(*) FROM grc_controls WHERE status = 'failing'") >= 3);
    CHECK(value(w, "SELECT count(*) FROM grc_controls WHERE status = 'effective'") >= 20);
    CHECK(value(w, "SELECT count(*) FROM grc_controls WHERE status = 'not_tested'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM frameworks") == 3);
    CHECK(value(w, R"(SELECT count(*) FROM (SELECT cr.control_id FROM control_requirements cr
                      JOIN framework_requirements r ON r.id = cr.requirement_id GROUP BY cr.control_id
                      HAVING count(DISTINCT r.framework_id) >= 2))") >= 20);
    CHECK(value(w, "SELECT count(*) FROM grc_controls c WHERE NOT EXISTS (SELECT 1 FROM control_requirements WHERE control_id = c.id)") == 0);
    CHECK(value(w, "SELECT count(*) FROM evidence WHERE status = 'stale'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM evidence WHERE status = 'rejected'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM findings") >= 20);
    // Exceptions: at least 40, some expiring this week, some expired
    CHECK(value(w, "SELECT count(*) FROM policy_exceptions") >= 40);
    CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE status = 'approved' AND expires_on BETWEEN " + kToday +
                   " AND date(" + kToday + ", '+6 days')") >= 2);
    CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE status = 'expired'") >= 5);
    CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE status = 'requested'") >= 3);
    CHECK(value(w, "SELECT count(*) FROM exception_extensions") >= 1);
    // Access: 3,000 grants, leavers still holding some, unmitigated SoD conflicts
    CHECK(value(w, "SELECT count(*) FROM access_grants") >= 3000);
    CHECK(value(w, R"(SELECT count(DISTINCT g.user_id) FROM access_grants g JOIN users u ON u.id = g.user_id
                      WHERE u.active = 0 AND g.status = 'active')") >= 5);
    const std::string conflicts = R"(
      SELECT ga.user_id, r.id AS rule_id, gb.exception_id FROM sod_rules r
      JOIN access_grants ga ON ga.entitlement_id = r.entitlement_a_id AND ga.status = 'active'
      JOIN access_grants gb ON gb.entitlement_id = r.entitlement_b_id AND gb.status = 'active' AND gb.user_id = ga.user_id)";
    CHECK(value(w, "SELECT count(*) FROM (" + conflicts + ") c WHERE NOT EXISTS (SELECT 1 FROM policy_exceptions e WHERE e.user_id = c.user_id "
                   "AND e.sod_rule_id = c.rule_id AND e.status = 'approved')") >= 3);
    CHECK(value(w, "SELECT count(*) FROM (" + conflicts + ") c JOIN policy_exceptions e ON e.id = c.exception_id AND e.status = 'approved'") >= 3);
    CHECK(value(w, "SELECT count(*) FROM access_review_campaigns WHERE status = 'open'") >= 1);
    // Vendors: 200 profiles, look-alike names, tier-1 overdue for assessment
    CHECK(value(w, "SELECT count(*) FROM vendor_risk_profiles") >= 200);
    // (a legal suffix added, or one letter dropped or doubled)
    CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles a JOIN vendor_risk_profiles b ON a.id <> b.id
                      AND (b.vendor_name LIKE a.vendor_name || ' %' OR (substr(a.vendor_name, 1, 3) = substr(b.vendor_name, 1, 3)
                      AND substr(a.vendor_name, -6) = substr(b.vendor_name, -6) AND length(b.vendor_name) = length(a.vendor_name) + 1)))") >= 10);
    CHECK(value(w, "SELECT count(*) FROM vendor_risk_profiles WHERE tier = 1 AND status = 'active' AND next_assessment_due < " + kToday) >= 2);
    CHECK(value(w, "SELECT count(*) FROM vendor_assessments WHERE status = 'in_progress'") >= 1);
    // Privacy: 40 requests, look-alike subjects, one overdue, some due this week; holds, duties, breaches
    CHECK(value(w, "SELECT count(*) FROM dsr_requests") >= 40);
    CHECK(value(w, R"(SELECT count(*) FROM data_subjects a JOIN data_subjects b ON a.id < b.id AND a.full_name = b.full_name
                      AND a.email <> b.email)") >= 1);
    CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE overdue = 1") >= 1);
    CHECK(value(w, R"(SELECT count(*) FROM dsr_requests WHERE status IN ('received', 'in_progress')
                      AND coalesce(extended_due_on, due_on) BETWEEN )" + kToday + " AND date(" + kToday + ", '+6 days')") >= 1);
    CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE extended_due_on IS NOT NULL") >= 1);
    CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE subject_id IS NULL") >= 1);
    CHECK(value(w, R"(SELECT count(*) FROM dsr_requests r JOIN legal_holds h ON h.subject_id = r.subject_id AND h.status = 'active'
                      WHERE r.request_type = 'erasure' AND r.status = 'in_progress')") >= 1);
    CHECK(value(w, "SELECT count(*) FROM legal_holds WHERE status = 'active'") >= 2);
    CHECK(value(w, "SELECT count(*) FROM retention_duties") >= 3);
    CHECK(value(w, "SELECT count(*) FROM breaches") >= 3);
    CHECK(value(w, "SELECT count(*) FROM breaches WHERE personal_data = 1 AND authority_notified_at IS NULL AND status <> 'closed'") >= 1);
    // Training: assignments, some overdue, some due this week
    CHECK(value(w, "SELECT count(*) FROM training_assignments") >= 300);
    CHECK(value(w, "SELECT count(*) FROM training_assignments WHERE status = 'overdue'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM training_assignments WHERE status = 'assigned' AND due_on <= date(" + kToday + ", '+6 days')") >= 1);
  }
}

TEST_CASE("compliance: controls, tests, evidence and findings agree", "[compliance][seed]") {
  for (uint64_t seed : {kSeed, uint64_t{42}}) {
    INFO("seed " << seed);
    const World& w = world(seed);
    const std::string latest = R"((SELECT t.status FROM control_tests t WHERE t.control_id = c.id AND t.status IN ('passed', 'failed')
                                    ORDER BY t.tested_at DESC LIMIT 1))";
    const std::string current = "EXISTS (SELECT 1 FROM evidence e WHERE e.control_id = c.id AND e.status = 'current')";
    const std::string lapsed = R"(EXISTS (SELECT 1 FROM findings f WHERE f.control_id = c.id AND f.source = 'exception_expiry'
                                    AND f.status IN ('open', 'remediating', 'ready_for_validation')))";
    // A control's status is what its latest concluded test, its evidence and its findings say
    CHECK(value(w, "SELECT count(*) FROM grc_controls c WHERE status = 'failing' AND coalesce(" + latest + ", '') <> 'failed' AND NOT " + lapsed) == 0);
    CHECK(value(w, "SELECT count(*) FROM grc_controls c WHERE status = 'effective' AND (" + latest + " <> 'passed' OR NOT " + current + " OR " + lapsed + ")") == 0);
    CHECK(value(w, "SELECT count(*) FROM grc_controls c WHERE status = 'not_tested' AND (coalesce(" + latest + ", '') = 'failed' OR " + lapsed +
                   " OR (" + latest + " = 'passed' AND " + current + "))") == 0);
    CHECK(value(w, R"(SELECT count(*) FROM grc_controls c WHERE coalesce(last_tested_on, '') <> coalesce((SELECT max(substr(tested_at, 1, 10))
                      FROM control_tests WHERE control_id = c.id AND status IN ('passed', 'failed')), ''))") == 0);
    // A passed test rests on evidence collected in its period and valid when it concluded
    CHECK(value(w, R"(SELECT count(*) FROM control_tests t WHERE t.status = 'passed' AND NOT EXISTS (SELECT 1 FROM evidence e
                      WHERE e.test_id = t.id AND e.status <> 'rejected' AND e.collected_on BETWEEN t.period_start AND t.period_end
                      AND e.valid_until >= substr(t.tested_at, 1, 10)))") == 0);
    // The tester is never the control's owner; concluded tests end after their period, before T0
    CHECK(value(w, "SELECT count(*) FROM control_tests t JOIN grc_controls c ON c.id = t.control_id WHERE t.tester_id = c.owner_id") == 0);
    CHECK(value(w, "SELECT count(*) FROM control_tests WHERE tested_at IS NOT NULL AND (substr(tested_at, 1, 10) <= period_end OR tested_at >= '2026-03-02T09:00:00Z')") == 0);
    CHECK(value(w, "SELECT count(*) FROM control_tests WHERE status = 'in_progress' AND started_at IS NULL") == 0);
    // Evidence: current exactly while valid; collected before T0; of its test's control
    CHECK(value(w, "SELECT count(*) FROM evidence WHERE status <> 'rejected' AND (status = 'current') <> (valid_until >= " + kToday + ")") == 0);
    CHECK(value(w, "SELECT count(*) FROM evidence WHERE collected_on >= " + kToday) == 0);
    CHECK(value(w, "SELECT count(*) FROM evidence e JOIN control_tests t ON t.id = e.test_id WHERE t.control_id <> e.control_id") == 0);
    // A failed test raised a finding on its control; a finding of an older failure was closed by a later pass
    CHECK(value(w, R"(SELECT count(*) FROM control_tests t LEFT JOIN findings f ON f.id = t.finding_id
                      WHERE t.status = 'failed' AND (f.id IS NULL OR f.control_id <> t.control_id OR f.test_id <> t.id))") == 0);
    // Findings: closed ones have a closing date after raising; remediation matches the status
    CHECK(value(w, "SELECT count(*) FROM findings WHERE closed_on IS NOT NULL AND (closed_on < raised_on OR closed_on >= " + kToday + ")") == 0);
    CHECK(value(w, R"(SELECT count(*) FROM findings f WHERE status IN ('ready_for_validation', 'closed') AND EXISTS (
                      SELECT 1 FROM remediation_tasks WHERE finding_id = f.id AND status <> 'done'))") == 0);
    CHECK(value(w, R"(SELECT count(*) FROM findings f WHERE status = 'remediating' AND NOT EXISTS (
                      SELECT 1 FROM remediation_tasks WHERE finding_id = f.id AND status IN ('open', 'in_progress')))") == 0);
    // Risk accepted exactly while an approved acceptance runs
    CHECK(value(w, R"(SELECT count(*) FROM findings f WHERE (status = 'risk_accepted') <> EXISTS (SELECT 1 FROM risk_acceptances a
                      WHERE a.finding_id = f.id AND a.status = 'approved' AND a.expires_on >= )" + kToday + ")") == 0);
    CHECK(value(w, "SELECT count(*) FROM risk_acceptances WHERE approver_id = requested_by_id") == 0);
    // A lapsed exception on a control raised its finding
    CHECK(value(w, R"(SELECT count(*) FROM policy_exceptions e WHERE status = 'expired' AND control_id IS NOT NULL AND NOT EXISTS (
                      SELECT 1 FROM findings f WHERE f.exception_id = e.id AND f.source = 'exception_expiry' AND f.control_id = e.control_id))") == 0);
  }
}

TEST_CASE("compliance: exceptions keep their limits and agree with the dates", "[compliance][seed]") {
  const World& w = world(kSeed);
  // At most 180 days, extensions included; never backdated; decided by someone else; high risk compensated
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE julianday(expires_on) - julianday(starts_on) > 180") == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE starts_on < substr(requested_at, 1, 10)") == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE approver_id = requester_id") == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE risk_rating = 'high' AND status <> 'rejected' AND compensating_control_id IS NULL") == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE compensating_control_id = control_id") == 0);
  // The approver owns neither the exempted control nor the compensating one; a compensating control is not retired
  CHECK(value(w, R"(SELECT count(*) FROM policy_exceptions e JOIN grc_controls c ON c.id IN (e.control_id, e.compensating_control_id)
                    WHERE e.approver_id = c.owner_id)") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM policy_exceptions e JOIN grc_controls c ON c.id = e.compensating_control_id
                    WHERE c.status = 'retired')") == 0);
  // Status agrees with the dates
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE status = 'approved' AND (starts_on > " + kToday + " OR expires_on < " + kToday + ")") == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE status = 'expired' AND expires_on >= " + kToday) == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE status = 'requested' AND (starts_on < " + kToday + " OR decided_at IS NOT NULL)") == 0);
  CHECK(value(w, "SELECT count(*) FROM policy_exceptions WHERE decided_at < requested_at OR requested_at >= '2026-03-02T09:00:00Z'") == 0);
  // Extensions before expiry, ending at the exception's current end
  CHECK(value(w, R"(SELECT count(*) FROM exception_extensions x JOIN policy_exceptions e ON e.id = x.exception_id
                    WHERE substr(x.at, 1, 10) > x.old_expires_on OR x.new_expires_on <> e.expires_on OR x.at < e.decided_at
                    OR substr(x.at, 1, 10) < e.starts_on)") == 0);
  // An SoD exception names a rule and a person; the grant it allowed is that person's
  CHECK(value(w, R"(SELECT count(*) FROM access_grants g JOIN policy_exceptions e ON e.id = g.exception_id
                    JOIN sod_rules r ON r.id = e.sod_rule_id
                    WHERE e.user_id <> g.user_id OR g.entitlement_id NOT IN (r.entitlement_a_id, r.entitlement_b_id)
                    OR g.granted_on < substr(e.decided_at, 1, 10))") == 0);
  // Every approved exception has its expiry event
  CHECK(value(w, R"(SELECT count(*) FROM policy_exceptions e WHERE status = 'approved' AND NOT EXISTS (SELECT 1 FROM _events v
                    WHERE v.kind = 'grc_exception_expiry' AND json_extract(v.payload, '$.exception_id') = e.id))") == 0);
}

TEST_CASE("compliance: grants agree with leavers, SoD rules and access reviews", "[compliance][seed]") {
  const World& w = world(kSeed);
  CHECK(value(w, R"(SELECT count(*) FROM access_grants g JOIN users u ON u.id = g.user_id
                    WHERE g.granted_on < substr(u.created_at, 1, 10) OR g.granted_on >= )" + kToday) == 0);
  CHECK(value(w, "SELECT count(*) FROM access_grants WHERE revoked_on IS NOT NULL AND (revoked_on < granted_on OR revoked_on >= " + kToday + ")") == 0);
  CHECK(value(w, "SELECT count(*) FROM access_grants WHERE status = 'revoked' AND (revoked_by_id IS NULL OR revoke_reason IS NULL)") == 0);
  // No one holds one entitlement twice at once
  CHECK(value(w, R"(SELECT count(*) FROM (SELECT user_id, entitlement_id FROM access_grants WHERE status = 'active'
                    GROUP BY user_id, entitlement_id HAVING count(*) > 1))") == 0);
  // Most leavers lost their access; those who kept it are the mess
  CHECK(value(w, R"(SELECT count(DISTINCT g.user_id) FROM access_grants g JOIN users u ON u.id = g.user_id
                    WHERE u.active = 0 AND g.revoke_reason = 'Leaver')") >= 10);
  // Reviews: reviewers never decide their own access; a closed review has no pending item and carried out
  // every revocation before it closed; an item's user is its grant's
  CHECK(value(w, "SELECT count(*) FROM access_review_items WHERE reviewer_id = user_id") == 0);
  CHECK(value(w, "SELECT count(*) FROM access_review_items i JOIN access_grants g ON g.id = i.grant_id WHERE g.user_id <> i.user_id") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM access_review_items i JOIN access_review_campaigns c ON c.id = i.campaign_id
                    JOIN access_grants g ON g.id = i.grant_id WHERE c.status = 'closed' AND (i.decision = 'pending'
                    OR (i.decision = 'revoke' AND (g.status <> 'revoked' OR g.revoked_on > substr(c.closed_at, 1, 10) OR i.revoked_at IS NULL))))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM access_review_items i JOIN access_review_campaigns c ON c.id = i.campaign_id
                    WHERE i.decided_at IS NOT NULL AND (substr(i.decided_at, 1, 10) < c.opens_on OR i.decided_at >= '2026-03-02T09:00:00Z'))") == 0);
  CHECK(value(w, "SELECT count(*) FROM access_review_items WHERE revoked_at IS NOT NULL AND (decision <> 'revoke' OR revoked_at < decided_at)") == 0);
  // An open review has revoke decisions not yet carried out (the mess the observed rule is about)
  CHECK(value(w, R"(SELECT count(*) FROM access_review_items i JOIN access_review_campaigns c ON c.id = i.campaign_id
                    JOIN access_grants g ON g.id = i.grant_id WHERE c.status = 'open' AND i.decision = 'revoke' AND g.status = 'active')") >= 1);
  CHECK(value(w, "SELECT count(*) FROM access_review_campaigns c WHERE status = 'draft' AND EXISTS (SELECT 1 FROM access_review_items WHERE campaign_id = c.id)") == 0);
}

TEST_CASE("compliance: vendors agree with their assessments", "[compliance][seed]") {
  const World& w = world(kSeed);
  CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p WHERE coalesce(last_assessed_on, '') <> coalesce((
                    SELECT max(completed_on) FROM vendor_assessments WHERE profile_id = p.id AND status = 'completed'), ''))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles WHERE last_assessed_on IS NOT NULL AND next_assessment_due <>
                    date(last_assessed_on, '+' || (CASE tier WHEN 1 THEN 12 WHEN 2 THEN 24 ELSE 36 END) || ' months')
                    AND substr(last_assessed_on, 9, 2) < '29')") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM vendor_assessments WHERE status = 'completed' AND (result <> CASE WHEN score >= 70 THEN 'pass'
                    WHEN score >= 50 THEN 'conditional' ELSE 'fail' END OR completed_on < started_on OR completed_on >= )" + kToday + ")") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p WHERE status = 'blocked' AND coalesce((SELECT result FROM vendor_assessments
                    WHERE profile_id = p.id AND status = 'completed' ORDER BY completed_on DESC LIMIT 1), '') <> 'fail')") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p WHERE status = 'under_review' AND NOT EXISTS (
                    SELECT 1 FROM vendor_assessments WHERE profile_id = p.id AND status = 'in_progress'))") == 0);
  // A sign-off follows the last assessment; for tier 1 within its 12 months
  CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles WHERE approved_on IS NOT NULL AND (approved_on < last_assessed_on
                    OR (tier = 1 AND approved_on > date(last_assessed_on, '+12 months'))))") == 0);
  CHECK(value(w, "SELECT count(*) FROM vendor_risk_profiles WHERE supplier_number IS NOT NULL AND supplier_number NOT GLOB 'SUP[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'") == 0);
}

TEST_CASE("compliance: privacy requests, records, holds and breaches agree", "[compliance][seed]") {
  const World& w = world(kSeed);
  const std::string open = "status IN ('received', 'in_progress')";
  // Deadlines: one month after receipt, extended by at most two, the subject told before the first one
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE due_on <= substr(received_at, 1, 10) OR due_on > date(received_at, '+31 days')") == 0);
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE extended_due_on > date(due_on, '+2 months')") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM dsr_requests WHERE extended_due_on IS NOT NULL AND (extension_notified_at IS NULL
                    OR substr(extension_notified_at, 1, 10) >= due_on))") == 0);
  // Overdue exactly when open past the deadline; closed ones answered in time
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE (overdue = 1) <> (" + open + " AND coalesce(extended_due_on, due_on) < " + kToday + ")") == 0);
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE closed_at IS NOT NULL AND (substr(closed_at, 1, 10) > coalesce(extended_due_on, due_on) OR closed_at < received_at)") == 0);
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE received_at >= '2026-03-02T09:00:00Z' OR closed_at >= '2026-03-02T09:00:00Z'") == 0);
  // Identity: verified before anything was sent or erased; completed ones verified; received ones unhandled
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE status = 'completed' AND identity_status <> 'verified'") == 0);
  CHECK(value(w, "SELECT count(*) FROM dsr_requests WHERE verified_at < received_at") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM dsr_actions a JOIN dsr_requests r ON r.id = a.dsr_id
                    WHERE a.action IN ('export', 'erasure') AND (r.verified_at IS NULL OR a.at < r.verified_at))") == 0);
  // Data went to the verified subject's own address only
  CHECK(value(w, R"(SELECT count(*) FROM dsr_actions a JOIN dsr_requests r ON r.id = a.dsr_id JOIN data_subjects s ON s.id = r.subject_id
                    WHERE a.action = 'export' AND lower(a.sent_to) <> lower(s.email))") == 0);
  // Erasure: nothing under a hold or a running duty was erased; a completed erasure left nothing active
  CHECK(value(w, R"(SELECT count(*) FROM personal_data_records p WHERE p.state = 'erased' AND (p.retention_until >= substr(p.erased_at, 1, 10)
                    OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.status = 'active' AND (h.subject_id = p.subject_id OR h.category_id = p.category_id))))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM dsr_requests r JOIN personal_data_records p ON p.subject_id = r.subject_id
                    WHERE r.request_type = 'erasure' AND r.status = 'completed' AND p.state = 'active')") == 0);
  CHECK(value(w, "SELECT count(*) FROM personal_data_records WHERE state = 'restricted' AND restricted_reason IS NULL") == 0);
  // Breaches: the deadline is 72 hours after awareness; notified ones in time or flagged
  CHECK(value(w, "SELECT count(*) FROM breaches WHERE notify_by <> strftime('%Y-%m-%dT%H:%M:%SZ', aware_at, '+72 hours')") == 0);
  CHECK(value(w, "SELECT count(*) FROM breaches WHERE authority_notified_at > notify_by AND notification_overdue = 0") == 0);
  CHECK(value(w, "SELECT count(*) FROM breaches WHERE aware_at >= '2026-03-02T09:00:00Z' OR occurred_at > aware_at") == 0);
  // Training: status agrees with the dates
  CHECK(value(w, "SELECT count(*) FROM training_assignments WHERE status = 'overdue' AND due_on >= " + kToday) == 0);
  CHECK(value(w, "SELECT count(*) FROM training_assignments WHERE status = 'assigned' AND due_on < " + kToday) == 0);
  CHECK(value(w, "SELECT count(*) FROM training_assignments WHERE completed_on > due_on OR completed_on < assigned_on") == 0);
  CHECK(value(w, "SELECT count(*) FROM training_assignments t JOIN users u ON u.id = t.user_id WHERE u.active = 0 AND t.status <> 'waived'") == 0);
  // Policies: one version in force at most; review dates a year apart
  CHECK(value(w, R"(SELECT count(*) FROM (SELECT policy_id FROM policy_versions WHERE status = 'published' GROUP BY policy_id HAVING count(*) > 1))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM compliance_policies WHERE status <> 'retired' AND published_on IS NOT NULL
                    AND next_review_on <> date(coalesce(last_reviewed_on, published_on), '+12 months') AND substr(coalesce(last_reviewed_on, published_on), 9, 2) < '29')") == 0);
  CHECK(value(w, "SELECT count(*) FROM compliance_policies WHERE status = 'published' AND next_review_on < " + kToday) >= 1);
}

TEST_CASE("compliance: no seeded event falls due in the first 8 hours, none is overdue at T0", "[compliance][seed]") {
  const World& w = world(kSeed);
  CHECK(value(w, "SELECT count(*) FROM compliance_history WHERE at >= '2026-03-02T09:00:00Z'") == 0);
  CHECK(value(w, "SELECT count(*) FROM _events WHERE fired = 0 AND due < " + std::to_string(kT0 + 8 * 3600)) == 0);
  for (const char* kind : {"grc_exception_expiry", "grc_evidence_expiry", "dsr_due_reminder", "dsr_overdue", "breach_notification_deadline",
                           "grc_risk_acceptance_expiry", "grc_training_overdue"}) {
    INFO(kind);
    CHECK(value(w, std::string("SELECT count(*) FROM _events WHERE kind = '") + kind + "'") >= 1);
  }
  // Each open request with a deadline ahead has its overdue event; each current evidence its expiry
  CHECK(value(w, R"(SELECT count(*) FROM dsr_requests r WHERE status IN ('received', 'in_progress') AND coalesce(extended_due_on, due_on) >= )" + kToday +
                 R"( AND NOT EXISTS (SELECT 1 FROM _events e WHERE e.kind = 'dsr_overdue' AND json_extract(e.payload, '$.dsr_id') = r.id))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM evidence v WHERE status = 'current' AND NOT EXISTS (SELECT 1 FROM _events e
                    WHERE e.kind = 'grc_evidence_expiry' AND json_extract(e.payload, '$.evidence_id') = v.id))") == 0);
}

TEST_CASE("compliance: roles, staff, record kinds and the default actor", "[compliance][seed]") {
  const World& w = world(kSeed);
  CHECK(value(w, "SELECT count(*) FROM roles WHERE system = 'compliance'") == 10);
  for (const char* grant : {"noor.qureshi:compliance_analyst", "noor.qureshi:control_tester", "malcolm.ferris:auditor",
                            "henrik.aalto:privacy_officer", "beatrice.strand:compliance_admin", "desmond.achebe:access_reviewer",
                            "carmen.villalobos:vendor_risk_analyst", "yolanda.pryce:security_officer", "olivia.grant:risk_approver"}) {
    const std::string g(grant);
    const std::string user = g.substr(0, g.find(':')), role = g.substr(g.find(':') + 1);
    INFO(g);
    CHECK(value(w, "SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id "
                   "WHERE u.user_name = '" + user + "' AND r.name = '" + role + "' AND u.active = 1") == 1);
  }
  // The auditor reads only: no role that writes
  CHECK(value(w, R"(SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
                    WHERE u.user_name = 'malcolm.ferris' AND r.system = 'compliance' AND r.name <> 'auditor')") == 0);
  // The DPO's old account is inactive and still holds the role; every control owner holds control_owner
  CHECK(value(w, R"(SELECT count(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                    WHERE u.user_name = 'henrik.aalto2' AND u.active = 0 AND r.name = 'privacy_officer')") == 1);
  CHECK(value(w, R"(SELECT count(*) FROM grc_controls c WHERE NOT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                    WHERE ur.user_id = c.owner_id AND r.name = 'control_owner'))") == 0);
  CHECK(value(w, "SELECT count(*) FROM grc_controls c JOIN users u ON u.id = c.owner_id WHERE u.active = 0") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM business_systems s WHERE NOT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                    WHERE ur.user_id = s.owner_id AND r.name = 'access_reviewer'))") == 0);
  for (const char* prefix : {"CTL", "CTT", "EVD", "FND", "RMT", "EXC", "RAC", "POL", "ARC", "ARI", "AGT", "VRP", "VAS", "DSR", "LHD", "BRC", "TRN"}) {
    INFO(prefix);
    CHECK(value(w, std::string("SELECT count(*) FROM record_kinds WHERE prefix = '") + prefix + "' AND number_column = 'number' AND digits = 7") == 1);
  }
  // Numbers are the prefix and 7 digits
  CHECK(value(w, "SELECT count(*) FROM grc_controls WHERE number NOT GLOB 'CTL[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'") == 0);
  CHECK(value(w, "SELECT count(*) FROM access_grants WHERE number NOT GLOB 'AGT[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'") == 0);
  CHECK(compliance()->default_actor() == "noor.qureshi");
  // The numbers README.md promises are the same in every seed
  for (uint64_t seed : {kSeed, uint64_t{42}}) {
    INFO("seed " << seed);
    const World& ws = world(seed);
    CHECK(value(ws, "SELECT count(*) FROM grc_controls WHERE number = 'CTL0000018' AND title = 'Segregation of duties monitoring'") == 1);
    CHECK(value(ws, "SELECT count(*) FROM grc_controls WHERE number = 'CTL0000083'") == 1);
    CHECK(value(ws, "SELECT count(*) FROM policy_exceptions") == 41);
    CHECK(value(ws, "SELECT count(*) FROM policy_exceptions WHERE sod_rule_id IS NOT NULL AND number >= 'EXC0000033'") == 9);
    CHECK(value(ws, "SELECT count(*) FROM compliance_policies WHERE number = 'POL0000002' AND title = 'Access Control Policy'") == 1);
    CHECK(value(ws, "SELECT count(*) FROM access_review_campaigns WHERE number = 'ARC0000002' AND status = 'open' AND closes_on = '2026-03-13'") == 1);
    CHECK(value(ws, "SELECT count(*) FROM breaches WHERE number = 'BRC0000005' AND notify_by = '2026-03-03T14:30:00Z'") == 1);
  }
  // env.yaml's mutant calls revoke AGT0000001 and reject EVD0000001: both must be valid calls in every World
  for (uint64_t seed : {kSeed, uint64_t{1}, uint64_t{42}}) {
    INFO("seed " << seed);
    CHECK(value(world(seed), R"(SELECT count(*) FROM access_grants g JOIN users u ON u.id = g.user_id
                                 WHERE g.number = 'AGT0000001' AND g.status = 'active' AND u.active = 1)") == 1);
    CHECK(value(world(seed), "SELECT count(*) FROM evidence WHERE number = 'EVD0000001' AND status <> 'rejected'") == 1);
  }
}

TEST_CASE("compliance: the World stays small", "[compliance][seed]") {
  const auto image = compliance()->base_snapshot(kSeed, nullptr);
  INFO("World image: " << image->size() << " bytes");
  CHECK(image->size() <= 4u * 1024 * 1024);
}

// A measurement, not a timed test: how long a World takes to build from the seed, and its size.
// Run with: test_compliance "[.bench]" -s
TEST_CASE("compliance: World build time and size", "[.bench][compliance]") {
  const auto env = load_source_environment("compliance");
  for (uint64_t seed = 100; seed < 105; ++seed) {
    const auto start = std::chrono::steady_clock::now();
    const auto image = env->base_snapshot(seed, nullptr);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    WARN("seed " << seed << ": built in " << ms << " ms, " << image->size() << " bytes");
  }
}
