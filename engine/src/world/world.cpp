#include "opsgym/world.hpp"

#include <algorithm>
#include <atomic>

#include <sqlite3.h>

#include <cstring>
#include <stdexcept>
#include <utility>

#include "world/bounded_printf.hpp"
#include "world/change_tracker.hpp"
#include "world/connection_limits.hpp"
#include "world/engine_tables.hpp"
#include "world/image_mapping.hpp"
#include "world/sqlite_values.hpp"
#include "world/statement_cache.hpp"

namespace opsgym {
namespace {

// Episodes run on many threads, each on its own connection. SQLite's memory statistics take one global
// mutex on every allocation, which serialises those threads; we never read the statistics. This must
// run before SQLite initialises; if the host process initialised it first, the call fails harmlessly.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

sqlite3* open_memory_database() {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open an in-memory database: " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  // Plans must not depend on bound values: otherwise a statement with a bound LIKE pattern (every text
  // search) is re-prepared on each run, since its plan might change with the pattern.
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, nullptr);
  // Referential integrity is part of what an agent must respect.
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  // A World that maps its snapshot (image_mapping.hpp) is read in place instead of through copies in
  // SQLite's page cache, so pages no episode wrote stay shared. Copied Worlds cannot be read so and
  // ignore it.
  sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", nullptr, nullptr, nullptr);
  install_script_authorizer(db);
  apply_connection_limits(db);
  install_bounded_printf(db);
  return db;
}

// A cached statement, reset when done with so it holds no read transaction open.
struct CachedStatement {
  sqlite3_stmt* stmt;
  CachedStatement(StatementCache& cache, std::string_view sql) : stmt(cache.get(sql)) {}
  ~CachedStatement() { sqlite3_reset(stmt); }
};

// The page size an SQLite image states in its header (bytes 16-17, big-endian; 1 means 65536).
int image_page_size(const unsigned char* image, size_t size) {
  if (size < 18) return 0;
  const int stated = (image[16] << 8) | image[17];
  return stated == 1 ? 65536 : stated;
}

// Data versions come from one counter, so that no two Worlds ever show the same one.
uint64_t next_data_version() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

World::World() : World(Unloaded{}) { exec_script(kEngineTablesSql); }

World::World(Unloaded)
    : db_(open_memory_database()),
      budget_(std::make_unique<StatementBudget>(db_)),
      statements_(std::make_unique<StatementCache>(db_, *budget_)),
      engine_statements_(std::make_unique<StatementCache>(db_, *budget_, StatementCache::Mode::engine)),
      changes_(std::make_unique<ChangeTracker>()),
      data_version_(next_data_version()) {}

World::World(const Snapshot& snapshot) : World(Unloaded{}) { restore(snapshot); }

World::World(World&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      budget_(std::move(other.budget_)),
      mapping_(std::move(other.mapping_)),
      statements_(std::move(other.statements_)),
      engine_statements_(std::move(other.engine_statements_)),
      changes_(std::move(other.changes_)),
      undo_ready_(std::exchange(other.undo_ready_, false)),
      data_version_(other.data_version_) {}

World& World::operator=(World&& other) noexcept {
  if (this != &other) {
    statements_.reset();
    engine_statements_.reset();
    changes_.reset();
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    budget_ = std::move(other.budget_);    // after the close: the connection's progress handler points to it
    mapping_ = std::move(other.mapping_);  // after the close: the connection read from it
    statements_ = std::move(other.statements_);
    engine_statements_ = std::move(other.engine_statements_);
    changes_ = std::move(other.changes_);
    undo_ready_ = std::exchange(other.undo_ready_, false);
    data_version_ = other.data_version_;
  }
  return *this;
}

World::~World() {
  // Statements and the change session must go before the connection closes.
  statements_.reset();
  engine_statements_.reset();
  changes_.reset();
  sqlite3_close(db_);
}

void World::note_change() { data_version_ = next_data_version(); }

void World::restore(const Snapshot& snapshot) {
  if (!snapshot) throw std::invalid_argument("World::restore: null snapshot");
  note_change();
  if (undo_ready_ && snapshot == changes_->origin() && !sqlite3_get_autocommit(db_)) {
    // Back to the state this World was restored from: roll back instead of reloading. The journal puts
    // back only the pages that changed, byte for byte, and the schema and prepared statements stay valid.
    run_statement("ROLLBACK");
    run_statement("BEGIN");
    changes_->start(db_, snapshot);
    return;
  }
  end_undo_transaction("ROLLBACK");
  changes_->stop();
  load_snapshot(snapshot);
  changes_->start(db_, snapshot);
  // Everything from here to the next restore runs in one transaction, so that restore can undo it.
  run_statement("BEGIN");
  undo_ready_ = true;
}

void World::end_undo_transaction(std::string_view how) const {
  if (undo_ready_ && !sqlite3_get_autocommit(db_)) run_statement(how);
  undo_ready_ = false;
}

void World::deserialize(unsigned char* data, size_t size, size_t capacity, unsigned flags) {
  // Deserializing frees the parsed schema, but a statement prepared against the same schema cookie is
  // not re-prepared and would keep pointers into the freed tables (the change session's preupdate hook
  // reads them): finalize every statement first.
  statements_->clear();
  engine_statements_->clear();
  int rc = sqlite3_deserialize(db_, "main", data, static_cast<sqlite3_int64>(size),
                               static_cast<sqlite3_int64>(capacity), flags);
  if (rc != SQLITE_OK) throw_sqlite(db_, "cannot restore a World snapshot");
  // The image comes with a new pager, which knows nothing of the World's size limit.
  apply_world_size_limit(db_, image_page_size(data, size));
}

void World::load_image(const unsigned char* image, size_t size) {
  // Room to grow: an episode's first new page would otherwise make SQLite reallocate (and copy) the
  // whole image to twice its size.
  const size_t capacity = size + size / 4 + 64 * 1024;
  auto* bytes = static_cast<unsigned char*>(sqlite3_malloc64(capacity));
  if (!bytes) throw std::bad_alloc();
  std::memcpy(bytes, image, size);
  // SQLite takes ownership of the copy and may grow it as the episode writes.
  deserialize(bytes, size, capacity, SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  mapping_.reset();  // the connection has let go of the previous image
}

void World::load_snapshot(const Snapshot& snapshot) {
  auto mapping = ImageMapping::of(snapshot);
  if (!mapping) return load_image(reinterpret_cast<const unsigned char*>(snapshot->data()), snapshot->size());
  // A fixed buffer (not resizeable): SQLite writes into the mapping in place, so the kernel copies only
  // the pages written, and it can read pages in place (mmap_size). It takes the buffer only on success;
  // until then the connection may still read the old one, so that is released only afterwards.
  deserialize(mapping->data(), snapshot->size(), ImageMapping::kCapacity, 0);
  mapping_ = std::move(mapping);
}

Snapshot World::snapshot() const {
  // Serializing reads the committed image: commit first (the next restore then reloads the image).
  end_undo_transaction("COMMIT");
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
  if (!bytes) throw std::runtime_error("cannot serialize the World (out of memory)");
  auto image = std::make_shared<std::string>(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
  sqlite3_free(bytes);
  return image;
}

bool World::same_bytes_as(const World& other) const {
  end_undo_transaction("COMMIT");
  other.end_undo_transaction("COMMIT");
  sqlite3_int64 size = 0, other_size = 0;
  const unsigned char* image = sqlite3_serialize(db_, "main", &size, SQLITE_SERIALIZE_NOCOPY);
  const unsigned char* other_image = sqlite3_serialize(other.db_, "main", &other_size, SQLITE_SERIALIZE_NOCOPY);
  if (!image || !other_image) return *snapshot() == *other.snapshot();  // built in place: no one buffer
  return size == other_size && std::memcmp(image, other_image, static_cast<size_t>(size)) == 0;
}

World World::fork() const {
  end_undo_transaction("COMMIT");
  sqlite3_int64 size = 0;
  // A restored World lives in one buffer that can be copied straight into the fork (one copy, not three).
  const unsigned char* image = sqlite3_serialize(db_, "main", &size, SQLITE_SERIALIZE_NOCOPY);
  if (!image) return World(snapshot());  // built in place, never restored: no one buffer, no origin
  World copy{Unloaded{}};
  copy.load_image(image, static_cast<size_t>(size));
  // The copy's changes continue from this World's origin, so its diff from the base stays cheap.
  if (changes_->origin()) copy.changes_->start(copy.db_, changes_->origin(), tracked_changes());
  return copy;
}

void World::exec_script(std::string_view sql) {
  note_change();
  // Statement by statement, so an error can name the statement and its line.
  const std::string text(sql);
  const char* next = text.c_str();
  while (*next) {
    const char* start = next;
    sqlite3_stmt* stmt = nullptr;
    budget_->start();
    int rc = sqlite3_prepare_v2(db_, start, -1, &stmt, &next);
    if (rc == SQLITE_OK && stmt) {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
      const std::string message = sqlite_error_text(db_, rc);
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
  CachedStatement statement(*engine_statements_, sql);
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

const Json& World::no_params() {
  static const Json none = Json::array();
  return none;
}

int64_t World::execute(std::string_view sql, const Json& params) {
  note_change();
  return record(sql, params);
}

int64_t World::record(std::string_view sql, const Json& params) {
  CachedStatement statement(*engine_statements_, sql);
  bind_json_params(statement.stmt, params);
  int rc;
  while ((rc = sqlite3_step(statement.stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) throw_sqlite(db_, "SQL error in '" + std::string(sql) + "'");
  return sqlite3_changes64(db_);
}

void World::run_statement(std::string_view sql) const {
  CachedStatement statement(*engine_statements_, sql);
  if (sqlite3_step(statement.stmt) != SQLITE_DONE) throw_sqlite(db_, "SQL error in '" + std::string(sql) + "'");
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

// Through record() (cached engine statements), so the three statements are prepared once per World, not on
// every tool call; a rollback goes through execute(), since putting the data back is a change of it.
World::Savepoint::Savepoint(World& world) : world_(&world) { world_->record("SAVEPOINT opsgym_call"); }

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
  world_->record("RELEASE opsgym_call");
}

void World::Savepoint::rollback() {
  open_ = false;
  world_->execute("ROLLBACK TO opsgym_call");  // a change of the data too
  world_->record("RELEASE opsgym_call");
}

}  // namespace opsgym
