#pragma once
// What one World's SQLite connection may use. Scripts run SQL an agent's arguments shape, and authors'
// code has bugs, so every statement is bounded in time and every World in memory: a statement past a
// limit ends with an error naming it, and the World, the server thread and every other episode go on.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

struct sqlite3;

namespace opsgym {

struct SqlLimits {
  // The largest string or blob a statement may make or store (SQLITE_LIMIT_LENGTH; also the largest
  // row). Above the 4 MiB request body, so any argument a client sends still fits the call log; real rows
  // are a few KiB.
  static constexpr int kMaxValueBytes = 16 << 20;
  // The largest database a World may grow to (max_page_count): the environment's tables, the engine's
  // and the call log together. A seeded ITSM World is about 4 MiB.
  static constexpr int64_t kMaxWorldBytes = int64_t{64} << 20;
  // Parser limits: the text of one statement, and the shape of what it may ask for. Each is far above
  // what any tool builds; together they bound the memory and time spent preparing a statement.
  static constexpr int kMaxSqlBytes = 1 << 20;
  static constexpr int kMaxColumns = 1000;          // in a table, a result, GROUP BY or ORDER BY
  static constexpr int kMaxExpressionDepth = 1000;  // nesting of one expression
  static constexpr int kMaxCompoundSelect = 500;    // SELECTs joined by UNION and the like
  static constexpr int kMaxFunctionArguments = 127;
  static constexpr int kMaxLikePatternBytes = 2000;  // a LIKE or GLOB pattern (one such match is one VM step)
  static constexpr int kMaxVariableNumber = 32766;   // ?NNN and the count of bound parameters
  static constexpr int kMaxTriggerDepth = 100;       // triggers firing triggers
};

// Sets SqlLimits on a new connection (the database size too: see apply_world_size_limit).
void apply_connection_limits(sqlite3* db);
// Sets the database size limit of `main` for a database of pages of `page_size` bytes. Needed again
// after every sqlite3_deserialize, which gives the connection a new pager with SQLite's default limit.
void apply_world_size_limit(sqlite3* db, int page_size);

// Bounds every statement a connection runs, through SQLite's progress handler: a statement (with the
// triggers and search-index work it sets off) may take StatementBudget::kMaxSteps virtual-machine steps,
// which is deterministic (the same statement stops at the same point on every machine), and however
// slow the machine, kMaxTime of wall time. A statement stopped so fails with SQLITE_INTERRUPT and the
// message sqlite_error_text gives; like any failed statement it changes nothing.
class StatementBudget {
 public:
  // The handler runs every kOpsPerCheck steps, so a statement of a few hundred steps (a tool's usual
  // query) never calls it, and a long one pays one counter and one clock read per check.
  static constexpr int kOpsPerCheck = 1000;
  // About 0.3 s of a simple loop here; a real tool's heaviest query takes well under 1 % of it.
  static constexpr int64_t kMaxSteps = 25'000'000;
  static constexpr std::chrono::milliseconds kMaxTime{2000};

  explicit StatementBudget(sqlite3* db);
  StatementBudget(const StatementBudget&) = delete;
  StatementBudget& operator=(const StatementBudget&) = delete;

  // A statement starts: the budget is whole again. Called by whoever runs a statement of this connection
  // (the statement caches and World::exec_script).
  void start() noexcept { checks_ = 0; }

 private:
  static int on_progress(void* budget) noexcept;

  int64_t checks_ = 0;
  // Time is counted from the first check, so a short statement never reads the clock.
  std::chrono::steady_clock::time_point first_check_{};
};

// SQLite's message for a failed call, with the limit named when one was hit (a statement stopped by its
// StatementBudget, a value past kMaxValueBytes, a World past kMaxWorldBytes).
std::string sqlite_error_text(sqlite3* db, int rc);

}  // namespace opsgym
