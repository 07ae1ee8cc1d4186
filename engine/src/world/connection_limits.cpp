#include "world/connection_limits.hpp"

#include <sqlite3.h>

namespace opsgym {
namespace {

// Why this thread's last statement was stopped by its budget. The handler and the caller that reads the
// error run on the same thread, one statement after the other.
thread_local const std::string* stopped_because = nullptr;

std::string mebibytes(int64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

const std::string& step_limit_message() {
  static const std::string message = "SQL statement exceeded its step limit (" +
                                     std::to_string(StatementBudget::kMaxSteps) + " steps of SQLite's virtual machine)";
  return message;
}

const std::string& time_limit_message() {
  static const std::string message =
      "SQL statement exceeded its time limit (" + std::to_string(StatementBudget::kMaxTime.count()) + " ms)";
  return message;
}

}  // namespace

void apply_connection_limits(sqlite3* db) {
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, SqlLimits::kMaxValueBytes);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, SqlLimits::kMaxSqlBytes);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, SqlLimits::kMaxColumns);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, SqlLimits::kMaxExpressionDepth);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, SqlLimits::kMaxCompoundSelect);
  sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, SqlLimits::kMaxFunctionArguments);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, SqlLimits::kMaxLikePatternBytes);
  sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, SqlLimits::kMaxVariableNumber);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, SqlLimits::kMaxTriggerDepth);
  apply_world_size_limit(db, 4096);  // a new database's page size (SQLite's default)
}

void apply_world_size_limit(sqlite3* db, int page_size) {
  if (page_size <= 0) page_size = 4096;
  const std::string pragma = "PRAGMA main.max_page_count = " + std::to_string(SqlLimits::kMaxWorldBytes / page_size);
  sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr);
}

StatementBudget::StatementBudget(sqlite3* db) { sqlite3_progress_handler(db, kOpsPerCheck, on_progress, this); }

int StatementBudget::on_progress(void* self) noexcept {
  auto& budget = *static_cast<StatementBudget*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (budget.checks_++ == 0) {
    budget.first_check_ = now;
    stopped_because = nullptr;
    return 0;
  }
  if (budget.checks_ * kOpsPerCheck > kMaxSteps) {
    stopped_because = &step_limit_message();
    return 1;
  }
  if (now - budget.first_check_ > kMaxTime) {
    stopped_because = &time_limit_message();
    return 1;
  }
  return 0;
}

std::string sqlite_error_text(sqlite3* db, int rc) {
  switch (rc & 0xff) {
    case SQLITE_INTERRUPT:
      if (stopped_because) return *stopped_because;
      break;
    case SQLITE_TOOBIG:
      return "string, blob or statement too big: the limit is " + mebibytes(SqlLimits::kMaxValueBytes) +
             " for one value and " + mebibytes(SqlLimits::kMaxSqlBytes) + " for the text of one statement";
    case SQLITE_FULL:
      return "the World is full: its database may hold at most " + mebibytes(SqlLimits::kMaxWorldBytes) +
             " (tables and the call log together)";
    default: break;
  }
  return sqlite3_errmsg(db);
}

}  // namespace opsgym
