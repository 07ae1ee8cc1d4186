#include "world/statement_cache.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include "world/connection_limits.hpp"

namespace opsgym {
namespace {

// True while a script's statement is being prepared: the authorizer applies only then, so the engine's
// own statements (schema, bookkeeping in '_' tables) are unaffected.
thread_local bool preparing_script_statement = false;

bool is_engine_table(const char* name) { return name && name[0] == '_'; }

int authorize(void*, int action, const char* arg1, const char*, const char*, const char* trigger) {
  if (!preparing_script_statement) return SQLITE_OK;
  // The environment's own triggers (its schema, not the script) may keep '_' tables such as search
  // indexes up to date.
  if (trigger && (action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE)) return SQLITE_OK;
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      // Connecting a virtual table (a search index) re-parses its declaration, which asks to write the
      // schema table; SQLite itself refuses any real write to it from a statement.
      if (arg1 && (std::strcmp(arg1, "sqlite_master") == 0 || std::strcmp(arg1, "sqlite_schema") == 0)) return SQLITE_OK;
      return is_engine_table(arg1) || (arg1 && std::strncmp(arg1, "sqlite_", 7) == 0) ? SQLITE_DENY
                                                                                       : SQLITE_OK;
    case SQLITE_PRAGMA:  // read-only, and asked by a search index (FTS5) when it connects
      return arg1 && std::strcmp(arg1, "data_version") == 0 ? SQLITE_OK : SQLITE_DENY;
    default:  // PRAGMA, ATTACH, DETACH, transactions, savepoints, CREATE/DROP/ALTER, ANALYZE, ...
      return SQLITE_DENY;
  }
}

}  // namespace

void install_script_authorizer(sqlite3* db) { sqlite3_set_authorizer(db, authorize, nullptr); }

void StatementCache::Finalize::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

StatementCache::StatementCache(sqlite3* db, StatementBudget& budget, Mode mode)
    : db_(db), budget_(&budget), mode_(mode) {}
StatementCache::~StatementCache() = default;

sqlite3_stmt* StatementCache::find(std::string_view sql) {
  Recent& recent = recent_[(reinterpret_cast<uintptr_t>(sql.data()) >> 4) % kRecent];
  if (recent.address == sql.data() && recent.entry->first == sql) return recent.entry->second.get();
  const auto it = statements_.find(sql);
  if (it == statements_.end()) return nullptr;
  recent = {sql.data(), it};
  return it->second.get();
}

sqlite3_stmt* StatementCache::get(std::string_view sql) {
  budget_->start();
  if (sqlite3_stmt* stmt = find(sql)) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return stmt;
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  preparing_script_statement = mode_ == Mode::script;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, &tail);
  preparing_script_statement = false;
  if (rc != SQLITE_OK) {
    std::string message = sqlite_error_text(db_, rc);
    sqlite3_finalize(stmt);
    if (rc == SQLITE_AUTH) message = "not allowed in a script (only plain reads and writes of tables)";
    throw std::runtime_error("SQL error: " + message + " in: " + std::string(sql));
  }
  if (!stmt) throw std::runtime_error("SQL error: empty statement");
  for (const char* p = tail; p && *p; ++p) {
    if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') {
      sqlite3_finalize(stmt);
      throw std::runtime_error("SQL error: one statement per call, got more in: " + std::string(sql));
    }
  }
  // Tools may build their SQL from the filters given, so the number of distinct statements is open-ended,
  // and a World lives through many resets: start afresh rather than grow without bound. A statement
  // still being stepped (a script's finalizer may query in the middle of another query) stays.
  if (statements_.size() >= kMaxStatements) {
    for (auto it = statements_.begin(); it != statements_.end();)
      it = sqlite3_stmt_busy(it->second.get()) ? std::next(it) : statements_.erase(it);
    forget_recent();
  }
  statements_.emplace(std::string(sql), std::unique_ptr<sqlite3_stmt, Finalize>(stmt));  // may rehash
  forget_recent();
  return stmt;
}

void StatementCache::clear() {
  statements_.clear();
  forget_recent();
}

void StatementCache::forget_recent() {
  for (Recent& recent : recent_) recent.address = nullptr;
}

}  // namespace opsgym
