#include "world/bounded_printf.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "world/connection_limits.hpp"

namespace opsgym {
namespace {

// True if the call's width or precision could ask for more than one value may hold: a number written
// in the format, or any numeric argument when the format takes one through '*'. (Conservative: a '*'
// format with an unrelated large number argument is refused too; no tool needs either.)
bool asks_too_much(int argc, sqlite3_value** argv) {
  const auto* text = sqlite3_value_text(argv[0]);
  if (!text) return false;
  const std::string_view format(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  for (size_t i = 0; i < format.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(format[i]))) continue;
    size_t end = i;
    while (end < format.size() && std::isdigit(static_cast<unsigned char>(format[end]))) ++end;
    if (end - i > 9 || std::stol(std::string(format.substr(i, end - i))) > SqlLimits::kMaxValueBytes) return true;
    i = end;
  }
  if (format.find('*') == std::string_view::npos) return false;
  for (int a = 1; a < argc; ++a) {
    const int type = sqlite3_value_numeric_type(argv[a]);
    if ((type == SQLITE_INTEGER || type == SQLITE_FLOAT) && std::fabs(sqlite3_value_double(argv[a])) > SqlLimits::kMaxValueBytes)
      return true;
  }
  return false;
}

// A connection of this thread's own with SQLite's printf as it is, to format what passed the check.
class Formatter {
 public:
  Formatter() {
    sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (db_) sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, SqlLimits::kMaxValueBytes);
  }
  ~Formatter() {
    for (auto& [argc, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Formatter(const Formatter&) = delete;
  Formatter& operator=(const Formatter&) = delete;

  void format(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    sqlite3_stmt* stmt = statement(argc);
    if (!stmt) return sqlite3_result_error(ctx, "printf: cannot format", -1);
    for (int a = 0; a < argc; ++a) sqlite3_bind_value(stmt, a + 1, argv[a]);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      sqlite3_result_value(ctx, sqlite3_column_value(stmt, 0));
    } else {
      sqlite3_result_error(ctx, sqlite3_errmsg(db_), -1);
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }

 private:
  sqlite3_stmt* statement(int argc) {
    sqlite3_stmt*& stmt = statements_[argc];
    if (!stmt && db_) {
      std::string sql = "SELECT printf(?1";
      for (int a = 2; a <= argc; ++a) sql += ", ?" + std::to_string(a);
      sql += ")";
      sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    }
    return stmt;
  }

  sqlite3* db_ = nullptr;
  std::map<int, sqlite3_stmt*> statements_;
};

void bounded_printf(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc == 0) return;  // SQLite's printf() of nothing is NULL
  if (asks_too_much(argc, argv)) return sqlite3_result_error_toobig(ctx);
  thread_local Formatter formatter;
  formatter.format(ctx, argc, argv);
}

}  // namespace

void install_bounded_printf(sqlite3* db) {
  for (const char* name : {"printf", "format"})
    sqlite3_create_function_v2(db, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, bounded_printf, nullptr,
                               nullptr, nullptr);
}

}  // namespace opsgym
