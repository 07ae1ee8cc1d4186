#include "opsgym/world.hpp"

#include <algorithm>

#include <sqlite3.h>

#include <cstring>
#include <stdexcept>

#include "world/engine_tables.hpp"
#include "world/sqlite_values.hpp"
#include "world/statement_cache.hpp"

namespace opsgym {
namespace {

sqlite3* open_memory_database() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open an in-memory database: " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  // Referential integrity is part of what an agent must respect.
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  install_script_authorizer(db);
  return db;
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
      throw_sqlite(db, "SQL error in '" + std::string(sql) + "'");
    if (!stmt) throw std::runtime_error("SQL error: empty statement");
  }
  ~Statement() { sqlite3_finalize(stmt); }
};

}  // namespace

World::World() : db_(open_memory_database()), statements_(std::make_unique<StatementCache>(db_)) {
  exec_script(kEngineTablesSql);
}

World::World(const Snapshot& snapshot)
    : db_(open_memory_database()), statements_(std::make_unique<StatementCache>(db_)) {
  restore(snapshot);
}

World::World(World&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), statements_(std::move(other.statements_)) {}

World& World::operator=(World&& other) noexcept {
  if (this != &other) {
    statements_.reset();
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    statements_ = std::move(other.statements_);
  }
  return *this;
}

World::~World() {
  statements_.reset();  // statements must be finalized before the connection closes
  sqlite3_close(db_);
}

void World::restore(const Snapshot& snapshot) {
  if (!snapshot) throw std::invalid_argument("World::restore: null snapshot");
  const auto size = static_cast<sqlite3_int64>(snapshot->size());
  auto* bytes = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
  if (!bytes) throw std::bad_alloc();
  std::memcpy(bytes, snapshot->data(), snapshot->size());
  // SQLite takes ownership of the copy and may grow it as the episode writes.
  int rc = sqlite3_deserialize(db_, "main", bytes, size, size,
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) throw_sqlite(db_, "cannot restore a World snapshot");
}

Snapshot World::snapshot() const {
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
  if (!bytes) throw std::runtime_error("cannot serialize the World (out of memory)");
  auto image = std::make_shared<std::string>(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
  sqlite3_free(bytes);
  return image;
}

World World::fork() const { return World(snapshot()); }

void World::exec_script(std::string_view sql) {
  // Statement by statement, so an error can name the statement and its line.
  const std::string text(sql);
  const char* next = text.c_str();
  while (*next) {
    const char* start = next;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, start, -1, &stmt, &next);
    if (rc == SQLITE_OK && stmt) {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
      const std::string message = sqlite3_errmsg(db_);
      sqlite3_finalize(stmt);
      const auto offset = static_cast<size_t>(start - text.c_str());
      size_t begin = text.find_first_not_of(" \t\r\n", offset);
      if (begin == std::string::npos) begin = offset;
      const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n');
      std::string statement = text.substr(begin, 60);
      std::replace(statement.begin(), statement.end(), '\n', ' ');
      throw std::runtime_error("line " + std::to_string(line) + ": " + message + " (in: " + statement + "...)");
    }
    sqlite3_finalize(stmt);
  }
}

Json World::query(std::string_view sql, const Json& params) const {
  Statement statement(db_, sql);
  bind_json_params(statement.stmt, params);
  Json rows = Json::array();
  const int columns = sqlite3_column_count(statement.stmt);
  int rc;
  while ((rc = sqlite3_step(statement.stmt)) == SQLITE_ROW) {
    Json row = Json::object();
    for (int c = 0; c < columns; ++c) row[sqlite3_column_name(statement.stmt, c)] = column_to_json(statement.stmt, c);
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) throw_sqlite(db_, "SQL error in '" + std::string(sql) + "'");
  return rows;
}

int64_t World::execute(std::string_view sql, const Json& params) {
  Statement statement(db_, sql);
  bind_json_params(statement.stmt, params);
  int rc;
  while ((rc = sqlite3_step(statement.stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) throw_sqlite(db_, "SQL error in '" + std::string(sql) + "'");
  return sqlite3_changes64(db_);
}

std::vector<std::string> World::tables() const {
  std::vector<std::string> names;
  for (const auto& row : query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '\\_%' "
                               "ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
    names.push_back(row["name"]);
  return names;
}

std::vector<std::string> World::primary_key(const std::string& table) const {
  std::vector<std::pair<int64_t, std::string>> keyed;
  for (const auto& row : query("SELECT name, pk FROM pragma_table_info(?)", Json::array({table})))
    if (row["pk"].get<int64_t>() > 0) keyed.emplace_back(row["pk"].get<int64_t>(), row["name"]);
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> names;
  for (auto& [order, name] : keyed) names.push_back(std::move(name));
  return names;
}

World::Savepoint::Savepoint(World& world) : world_(&world) { world_->exec_script("SAVEPOINT opsgym_call"); }

World::Savepoint::~Savepoint() {
  if (open_) {
    try {
      rollback();
    } catch (...) {  // a destructor must not throw; the connection reports the fault on next use
    }
  }
}

void World::Savepoint::release() {
  open_ = false;
  world_->exec_script("RELEASE opsgym_call");
}

void World::Savepoint::rollback() {
  open_ = false;
  world_->exec_script("ROLLBACK TO opsgym_call; RELEASE opsgym_call");
}

}  // namespace opsgym
