#pragma once
// Prepared statements keyed by SQL text, one cache per connection and caller. Scripts and the engine's
// bookkeeping run the same few statements thousands of times; preparing each once keeps a tool call in
// microseconds. A script cache prepares in "script mode": the connection's authorizer refuses what
// scripts may not do. An engine cache prepares with full rights.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace opsgym {

class StatementBudget;

class StatementCache {
 public:
  enum class Mode { script, engine };
  // `budget` is the connection's (connection_limits.hpp): every statement handed out starts it afresh.
  StatementCache(sqlite3* db, StatementBudget& budget, Mode mode = Mode::script);
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // A reset statement with cleared bindings, its run's budget whole. Throws std::runtime_error with
  // SQLite's message.
  sqlite3_stmt* get(std::string_view sql);
  void clear();
  size_t size() const { return statements_.size(); }

  static constexpr size_t kMaxStatements = 512;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* stmt) const;
  };
  // Lookups by string_view: a cache hit (every statement of every call) copies no SQL text.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Statements = std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalize>, TextHash, std::equal_to<>>;
  sqlite3_stmt* find(std::string_view sql);
  void forget_recent();  // after the map changed: its iterators may be gone

  sqlite3* db_;
  StatementBudget* budget_;
  Mode mode_;
  Statements statements_;
  // Scripts pass the same Lua string constants call after call: a slot keyed by the text's address
  // finds its statement without hashing the whole SQL (the text is still compared, since an address
  // can be reused by other text).
  struct Recent {
    const char* address = nullptr;
    Statements::const_iterator entry;
  };
  static constexpr size_t kRecent = 64;
  Recent recent_[kRecent];
};

// Installs the authorizer that keeps scripts to plain reads and writes of environment tables:
// no PRAGMA, ATTACH, transactions or schema changes, no writes to the engine's '_' tables (except by the
// environment's own triggers, which may keep private '_' tables such as search indexes).
void install_script_authorizer(sqlite3* db);

}  // namespace opsgym
