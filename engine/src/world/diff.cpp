// Row-level differences between two states of a World, using SQLite's session extension: it compares
// tables by primary key and yields a changeset that we decode into RowChange values.
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

#include "opsgym/world.hpp"
#include "world/change_tracker.hpp"
#include "world/connection_limits.hpp"
#include "world/sqlite_values.hpp"

namespace opsgym {
namespace {

struct SessionDeleter {
  void operator()(sqlite3_session* session) const { sqlite3session_delete(session); }
};
struct IterDeleter {
  void operator()(sqlite3_changeset_iter* iter) const { sqlite3changeset_finalize(iter); }
};

// Attaches `before` beside main for the duration of a diff.
class AttachedSnapshot {
 public:
  AttachedSnapshot(World& world, const Snapshot& before) : world_(world) {
    world_.exec_script("ATTACH ':memory:' AS _before");
    const auto size = static_cast<sqlite3_int64>(before->size());
    auto* bytes = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
    if (!bytes) throw std::bad_alloc();
    std::memcpy(bytes, before->data(), before->size());
    if (sqlite3_deserialize(world_.handle(), "_before", bytes, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
      std::string message = sqlite3_errmsg(world_.handle());
      world_.exec_script("DETACH _before");
      throw std::runtime_error("cannot load the earlier World for a diff: " + message);
    }
  }
  ~AttachedSnapshot() {
    try {
      world_.exec_script("DETACH _before");
    } catch (...) {
    }
  }

 private:
  World& world_;
};

struct StatementDeleter {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

// A table's columns in order, read from a statement prepared and never run: a sixth of the cost of
// pragma_table_info, which the diff paid for every table it touched on every verify.
std::vector<std::string> column_names(sqlite3* db, const std::string& table) {
  std::string sql = "SELECT * FROM \"";
  for (const char c : table) sql += c == '"' ? std::string("\"\"") : std::string(1, c);
  sql += '"';
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
    throw_sqlite(db, "cannot read the columns of " + table);
  std::unique_ptr<sqlite3_stmt, StatementDeleter> stmt(raw);
  std::vector<std::string> names;
  for (int c = 0; c < sqlite3_column_count(raw); ++c) names.emplace_back(sqlite3_column_name(raw, c));
  return names;
}

// The columns a changeset holds where SELECT * shows others too (generated columns).
std::vector<std::string> stored_column_names(const World& world, const std::string& table) {
  std::vector<std::string> names;
  for (const auto& row : world.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", Json::array({table})))
    names.push_back(row["name"]);
  return names;
}

Diff decode_changeset(const World& world, int size, void* data) {
  sqlite3_changeset_iter* raw = nullptr;
  if (sqlite3changeset_start(&raw, size, data) != SQLITE_OK) throw std::runtime_error("corrupt changeset");
  std::unique_ptr<sqlite3_changeset_iter, IterDeleter> iter(raw);
  std::map<std::string, std::vector<std::string>> columns_of;
  Diff diff;
  while (sqlite3changeset_next(iter.get()) == SQLITE_ROW) {
    const char* table = nullptr;
    int columns = 0, op = 0, indirect = 0;
    sqlite3changeset_op(iter.get(), &table, &columns, &op, &indirect);
    unsigned char* pk_flags = nullptr;
    sqlite3changeset_pk(iter.get(), &pk_flags, &columns);
    auto& names = columns_of[table];
    if (names.empty()) names = column_names(world.handle(), table);
    if (static_cast<int>(names.size()) != columns) names = stored_column_names(world, table);
    RowChange change;
    change.table = table;
    change.op = op == SQLITE_INSERT ? "insert" : op == SQLITE_DELETE ? "delete" : "update";
    change.key = Json::object();
    change.before = Json::object();
    change.after = Json::object();
    for (int c = 0; c < columns; ++c) {
      sqlite3_value* old_value = nullptr;
      sqlite3_value* new_value = nullptr;
      if (op != SQLITE_INSERT) sqlite3changeset_old(iter.get(), c, &old_value);
      if (op != SQLITE_DELETE) sqlite3changeset_new(iter.get(), c, &new_value);
      if (pk_flags[c]) change.key[names[c]] = value_to_json(op == SQLITE_INSERT ? new_value : old_value);
      if (op == SQLITE_UPDATE) {
        if (!new_value) continue;  // column unchanged
        change.before[names[c]] = value_to_json(old_value);
        change.after[names[c]] = value_to_json(new_value);
      } else if (op == SQLITE_INSERT) {
        change.after[names[c]] = value_to_json(new_value);
      } else {
        change.before[names[c]] = value_to_json(old_value);
      }
    }
    diff.changes.push_back(std::move(change));
  }
  std::sort(diff.changes.begin(), diff.changes.end(), [](const RowChange& a, const RowChange& b) {
    return a.table != b.table ? a.table < b.table : a.key < b.key;
  });
  return diff;
}

}  // namespace

Diff World::diff_from(const Snapshot& before) const {
  if (!before) throw std::invalid_argument("World::diff_from: null snapshot");
  if (before != changes_->origin()) return compare_tables(before);
  std::string changeset = tracked_changes();
  return decode_changeset(*this, static_cast<int>(changeset.size()), changeset.data());
}

Diff World::compare_tables(const Snapshot& before) const {
  auto& self = const_cast<World&>(*this);  // attaching a scratch schema leaves the World's state as it was
  AttachedSnapshot attached(self, before);
  sqlite3_session* raw = nullptr;
  if (sqlite3session_create(db_, "main", &raw) != SQLITE_OK) throw_sqlite(db_, "cannot create a session");
  std::unique_ptr<sqlite3_session, SessionDeleter> session(raw);
  for (const auto& table : tables()) {
    budget_->start();
    char* error = nullptr;
    if (sqlite3session_attach(session.get(), table.c_str()) != SQLITE_OK ||
        sqlite3session_diff(session.get(), "_before", table.c_str(), &error) != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      throw std::runtime_error("cannot diff table " + table + ": " + message);
    }
  }
  int size = 0;
  void* data = nullptr;
  if (sqlite3session_changeset(session.get(), &size, &data) != SQLITE_OK) throw_sqlite(db_, "changeset");
  std::unique_ptr<void, decltype(&sqlite3_free)> owned(data, sqlite3_free);
  return decode_changeset(*this, size, data);
}

std::string World::tracked_changes() const {
  budget_->start();
  return changes_->changeset();
}

Json RowChange::to_json() const {
  return Json{{"table", table}, {"op", op}, {"key", key}, {"before", before}, {"after", after}};
}

Json Diff::to_json() const {
  Json out = Json::array();
  for (const auto& change : changes) out.push_back(change.to_json());
  return out;
}

}  // namespace opsgym
