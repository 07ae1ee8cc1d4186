#include "world/change_tracker.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

#include "world/sqlite_values.hpp"

namespace opsgym {
namespace {

// Engine tables ('_' names) are the episode's bookkeeping, not changes an agent made.
int environment_tables_only(void*, const char* table) { return table[0] != '_'; }

struct ChangegroupDeleter {
  void operator()(sqlite3_changegroup* group) const { sqlite3changegroup_delete(group); }
};

std::string take_buffer(int size, void* data) {
  std::string bytes(static_cast<const char*>(data), static_cast<size_t>(size));
  sqlite3_free(data);
  return bytes;
}

}  // namespace

void ChangeTracker::start(sqlite3* db, Snapshot origin, std::string inherited) {
  stop();
  if (sqlite3session_create(db, "main", &session_) != SQLITE_OK) throw_sqlite(db, "cannot record changes");
  sqlite3session_table_filter(session_, environment_tables_only, nullptr);
  if (sqlite3session_attach(session_, nullptr) != SQLITE_OK) {
    stop();
    throw_sqlite(db, "cannot record changes");
  }
  db_ = db;
  origin_ = std::move(origin);
  inherited_ = std::move(inherited);
}

void ChangeTracker::stop() {
  if (session_) sqlite3session_delete(session_);
  session_ = nullptr;
  db_ = nullptr;
  origin_.reset();
  inherited_.clear();
}

std::string ChangeTracker::changeset() const {
  if (!session_) throw std::logic_error("ChangeTracker::changeset: not recording");
  int size = 0;
  void* data = nullptr;
  if (const int rc = sqlite3session_changeset(session_, &size, &data); rc != SQLITE_OK)
    throw std::runtime_error(std::string("cannot read the changes: ") + sqlite3_errstr(rc));
  std::string own = take_buffer(size, data);
  if (inherited_.empty()) return own;
  // A fork's changes continue its parent's: combine them so rows touched in both net out.
  sqlite3_changegroup* raw = nullptr;
  if (sqlite3changegroup_new(&raw) != SQLITE_OK) throw std::bad_alloc();
  std::unique_ptr<sqlite3_changegroup, ChangegroupDeleter> group(raw);
  auto add = [&](const std::string& bytes) {  // changegroup_add only reads its buffer
    if (!bytes.empty() && sqlite3changegroup_add(group.get(), static_cast<int>(bytes.size()),
                                                 const_cast<char*>(bytes.data())) != SQLITE_OK)
      throw std::runtime_error("cannot combine a fork's changes with its parent's");
  };
  add(inherited_);
  add(own);
  if (sqlite3changegroup_output(group.get(), &size, &data) != SQLITE_OK)
    throw std::runtime_error("cannot combine a fork's changes with its parent's");
  return take_buffer(size, data);
}

}  // namespace opsgym
