#pragma once
// Records, as they happen, the net changes to a World's environment tables since it was restored from a
// snapshot (its origin). SQLite's session extension does the recording through the preupdate hook and
// nets out rolled-back savepoints, updates undone by later updates, and rows inserted then deleted, so
// the changes of an episode cost O(rows changed) to read instead of a compare of every table.
#include <string>

#include "opsgym/world.hpp"

struct sqlite3_session;

namespace opsgym {

class ChangeTracker {
 public:
  ChangeTracker() = default;
  ChangeTracker(const ChangeTracker&) = delete;
  ChangeTracker& operator=(const ChangeTracker&) = delete;
  ~ChangeTracker() { stop(); }

  // Starts recording on `db` (whose state is `origin` plus the changes in `inherited`, a changeset).
  void start(sqlite3* db, Snapshot origin, std::string inherited = {});
  // Stops recording; call before the connection's state is replaced or it closes.
  void stop();

  // The state recording started from, or null if not recording.
  const Snapshot& origin() const { return origin_; }
  // The net changes since `origin` as one changeset.
  std::string changeset() const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_session* session_ = nullptr;
  Snapshot origin_;
  std::string inherited_;
};

}  // namespace opsgym
