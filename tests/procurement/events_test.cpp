// The procurement clock events: an episode that starts two and a half days after T0 runs the events that
// fell due meanwhile after its first call. Escalations move a waiting step to the approver's manager and
// tell them, discounts lapse, overdue invoices are reported; a step decided before its event is left alone.
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "opsgym/task.hpp"
#include "opsgym/world.hpp"

namespace {

using opsgym::Environment;
using opsgym::Episode;
using opsgym::Json;
using opsgym::Task;

std::shared_ptr<const Environment> procurement() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(OPSGYM_SOURCE_DIR "/environments/procurement", OPSGYM_SOURCE_DIR "/verifiers");
  return env;
}

constexpr int64_t kT0 = 1772442000;  // 2026-03-02T09:00:00Z

// A bare episode of the seeded World starting at `start`, with `setup` run after the seed.
std::shared_ptr<const Task> task_at(int64_t start, const std::string& setup) {
  auto task = std::make_shared<Task>();
  task->id = "procurement-events-probe-" + std::to_string(start);  // base Worlds are cached by task
  task->title = "clock events";
  task->environment = "procurement";
  task->seed = 7;
  task->start_time = start;
  task->prompt = "Look someone up.";
  task->setup_lua = setup;
  task->setup_chunkname = "events_test setup";
  return task;
}

int64_t value(const Episode& e, const std::string& sql) {
  const Json rows = e.world().query(sql);
  REQUIRE(rows.size() == 1);
  return rows[0].begin().value().get<int64_t>();
}

}  // namespace

TEST_CASE("procurement events: what fell due since T0 runs after the first call", "[procurement][events]") {
  // The first pending step due before the start is decided in setup: its event must leave it alone.
  const std::string setup = R"(
    local a = db.one([[SELECT id FROM procurement_approvals WHERE status = 'pending' AND due_at IS NOT NULL
                       AND due_at < '2026-03-04T12:00:00Z' ORDER BY due_at, id LIMIT 1]])
    db.update("procurement_approvals", { id = a.id }, { status = 'approved', acted_at = '2026-03-02T10:00:00Z' })
  )";
  Episode episode(procurement(), task_at(kT0 + 2 * 86400 + 3 * 3600, setup));
  const int64_t due = value(episode, R"(SELECT count(*) FROM procurement_approvals WHERE status = 'pending'
                                        AND due_at < '2026-03-04T12:00:00Z')");
  const int64_t lapsing = value(episode, R"(SELECT count(*) FROM supplier_invoices WHERE discount_cents > 0
                                            AND discount_due_date < '2026-03-04' AND status <> 'paid')");
  REQUIRE(due >= 1);
  REQUIRE(lapsing >= 1);
  const int64_t notifications_before = value(episode, "SELECT count(*) FROM notifications");

  const auto step = episode.step("search_users", Json{{"query", "paula"}});
  REQUIRE(step.ok);

  CHECK(value(episode, "SELECT count(*) FROM _events WHERE fired = 1 AND error IS NOT NULL") == 0);
  // Every step that was due is escalated to the approver's manager, who now has a pending step and a message
  CHECK(value(episode, R"(SELECT count(*) FROM procurement_approvals WHERE status = 'pending'
                          AND due_at < '2026-03-04T12:00:00Z')") == 0);
  CHECK(value(episode, R"(SELECT count(*) FROM procurement_approvals e JOIN users u ON u.id = e.approver_id
                          WHERE e.status = 'escalated' AND e.acted_at >= '2026-03-02T09:00:00Z'
                          AND e.escalated_to_id = u.manager_id AND EXISTS (SELECT 1 FROM procurement_approvals n
                            WHERE n.object_type = e.object_type AND n.object_id = e.object_id AND n.step = e.step
                            AND n.approver_id = e.escalated_to_id AND n.status = 'pending'))") == due);
  CHECK(value(episode, R"(SELECT count(*) FROM notifications WHERE subject LIKE 'Approval escalated to you:%'
                          AND sent_at >= '2026-03-02T09:00:00Z')") == due);
  CHECK(value(episode, "SELECT count(*) FROM notifications") > notifications_before);
  // The step decided before its event stayed as it was
  CHECK(value(episode, R"(SELECT count(*) FROM procurement_approvals WHERE status = 'approved'
                          AND acted_at = '2026-03-02T10:00:00Z' AND escalated_to_id IS NULL)") == 1);
  // Discounts past their date are gone, with a history row each; scheduled payments lose them too
  CHECK(value(episode, R"(SELECT count(*) FROM supplier_invoices WHERE discount_cents > 0
                          AND discount_due_date < '2026-03-04' AND status <> 'paid')") == 0);
  CHECK(value(episode, R"(SELECT count(*) FROM procurement_history WHERE field = 'discount_cents' AND new_value = '0'
                          AND at >= '2026-03-02T09:00:00Z')") == lapsing);
  CHECK(value(episode, R"(SELECT count(*) FROM payments p JOIN supplier_invoices i ON i.id = p.invoice_id
                          WHERE p.status = 'scheduled' AND p.discount_taken_cents > i.discount_cents)") == 0);
  // Invoices that fell due unpaid are reported overdue
  CHECK(value(episode, R"(SELECT count(*) FROM supplier_invoices i WHERE i.due_date < '2026-03-04' AND i.due_date >= '2026-03-02'
                          AND i.status NOT IN ('paid', 'rejected') AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id
                          AND p.scheduled_for <= i.due_date) AND NOT EXISTS (SELECT 1 FROM procurement_history h
                          WHERE h.record_number = i.number AND h.field = 'overdue'))") == 0);
  // The quarter has not ended yet
  CHECK(value(episode, "SELECT count(*) FROM budget_periods WHERE code = '2026-Q1' AND status = 'open'") == 1);
}

TEST_CASE("procurement events: the quarter's rollover closes Q1 and opens Q2", "[procurement][events]") {
  Episode episode(procurement(), task_at(1775001600 + 3600, ""));  // 2026-04-01T01:00:00Z
  REQUIRE(episode.step("search_users", Json{{"query", "olivia"}}).ok);
  CHECK(value(episode, "SELECT count(*) FROM budget_periods WHERE code = '2026-Q1' AND status = 'closed'") == 1);
  CHECK(value(episode, "SELECT count(*) FROM budget_periods WHERE code = '2026-Q2' AND status = 'open'") == 1);
  CHECK(value(episode, "SELECT count(*) FROM budget_periods WHERE code = '2026-Q3' AND status = 'future'") == 1);
  CHECK(value(episode, R"(SELECT count(*) FROM _events WHERE kind = 'budget_rollover' AND fired = 0
                          AND json_extract(payload, '$.opening') = '2026-Q3' AND due = 1782864000)") == 1);  // 2026-07-01
  CHECK(value(episode, "SELECT count(*) FROM notifications WHERE subject LIKE 'Budget 2026-Q1 closed:%'") ==
        value(episode, "SELECT count(*) FROM cost_centers WHERE owner_id IS NOT NULL"));
}
