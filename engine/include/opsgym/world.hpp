#pragma once
// The World: the whole state of one episode in one in-memory SQLite database. The environment's tables
// and the engine's own (names starting with '_') live side by side, so a snapshot of the World is a
// snapshot of the episode.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace opsgym {

using Json = nlohmann::json;

// Immutable serialized database image; cheap to share between threads and episodes.
using Snapshot = std::shared_ptr<const std::string>;

// One changed row. `key` holds the primary-key columns. For inserts `after` is the new row, for deletes
// `before` is the old row; for updates both hold only the columns whose value changed.
struct RowChange {
  std::string table;
  std::string op;  // "insert" | "update" | "delete"
  Json key;
  Json before;
  Json after;
  Json to_json() const;
  bool operator==(const RowChange&) const = default;
};

// Changes between two states of a World, ordered by table, then key: deterministic.
struct Diff {
  std::vector<RowChange> changes;
  Json to_json() const;
};

class StatementCache;
class StatementBudget;
class ChangeTracker;
class ImageMapping;

class World {
 public:
  // A fresh, empty in-memory database with the engine's tables.
  World();
  // A World holding exactly the state captured in `snapshot`.
  explicit World(const Snapshot& snapshot);
  World(World&&) noexcept;
  World& operator=(World&&) noexcept;
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  ~World();

  // Replaces this World's whole state with `snapshot`, reusing the connection. Restoring the snapshot
  // this World was last restored from rolls back what changed since (the fast reset path), unless a
  // snapshot() or fork() in between committed it; then the image is reloaded.
  void restore(const Snapshot& snapshot);
  Snapshot snapshot() const;
  // Whether both Worlds hold byte-identical databases (what snapshot() would give), compared in place
  // where each lives in one buffer: no copy of either.
  bool same_bytes_as(const World& other) const;
  // An independent copy of the current state.
  World fork() const;

  // Runs a script of SQL statements (schema files). Throws std::runtime_error naming the statement.
  void exec_script(std::string_view sql);
  // Runs one statement with bound parameters (a JSON array, or an object for :name parameters);
  // returns the rows as objects (column name → value). Throws on any SQLite error. Statements are
  // prepared once per World and kept, so pass values as parameters, never inside the SQL text.
  Json query(std::string_view sql, const Json& params = no_params()) const;
  // Runs one statement with bound parameters; returns the number of rows it changed. Moves data_version().
  int64_t execute(std::string_view sql, const Json& params = no_params());
  // execute() for a write to the engine's own tables only ('_' names: the call log, the clock, events),
  // which leaves data_version() as it is.
  int64_t record(std::string_view sql, const Json& params = no_params());
  // An empty parameter array made once (Json::array() allocates on every call).
  static const Json& no_params();

  // Environment tables (not starting with '_'), sorted.
  std::vector<std::string> tables() const;
  // Primary-key columns of a table, in key order. Empty if the table has none.
  std::vector<std::string> primary_key(const std::string& table) const;

  // Every row inserted, updated or deleted in environment tables between `before` and this World.
  // Both must share one schema. When `before` is the snapshot this World was restored from (or its
  // fork's), the changes recorded since then answer in O(rows changed); any other `before` is compared
  // table by table.
  Diff diff_from(const Snapshot& before) const;
  static Diff diff(const World& before, const World& after) { return after.diff_from(before.snapshot()); }

  // A savepoint that rolls back on destruction unless released: a tool call changes all or nothing.
  class Savepoint {
   public:
    explicit Savepoint(World& world);
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    ~Savepoint();
    void release();
    void rollback();

   private:
    World* world_;
    bool open_ = true;
  };

  // A number that changes whenever the environment's tables may have changed: with every script write,
  // exec_script(), execute(), rolled-back savepoint and restore. No two Worlds share one (a fork gets its own), so a
  // script may keep what it derived from the data under it (db.version()).
  uint64_t data_version() const { return data_version_; }
  // Gives the World a new data version; the bindings call it before a script's write.
  void note_change();

  sqlite3* handle() const { return db_; }
  // Prepared statements of scripts, cached per connection (internal).
  StatementCache& statements() const { return *statements_; }

 private:
  struct Unloaded {};
  explicit World(Unloaded);  // a connection with no state yet
  // Loads a copy of `bytes`; load_snapshot maps the snapshot copy-on-write where it can, else copies.
  void load_image(const unsigned char* bytes, size_t size);
  void load_snapshot(const Snapshot& snapshot);
  // Replaces the database with `size` bytes at `data` (room for `capacity`); flags as sqlite3_deserialize's.
  void deserialize(unsigned char* data, size_t size, size_t capacity, unsigned flags);
  // Ends the transaction a restore opens (COMMIT or ROLLBACK); afterwards a restore reloads the image.
  void end_undo_transaction(std::string_view how) const;
  void run_statement(std::string_view sql) const;
  Diff compare_tables(const Snapshot& before) const;
  // The changes since the origin, read by SQLite's own statements under a budget of their own: the last
  // statement's may have run out while the agent was thinking.
  std::string tracked_changes() const;

  sqlite3* db_ = nullptr;
  // Bounds each statement the connection runs in steps and time (connection_limits.hpp).
  std::unique_ptr<StatementBudget> budget_;
  std::unique_ptr<ImageMapping> mapping_;  // the memory of the database when it maps a snapshot
  std::unique_ptr<StatementCache> statements_;
  std::unique_ptr<StatementCache> engine_statements_;  // query() and execute()
  std::unique_ptr<ChangeTracker> changes_;
  // True while the transaction opened by the last restore is open: restoring the same snapshot again
  // is then a rollback (O(pages changed)) instead of a reload of the whole image.
  mutable bool undo_ready_ = false;
  uint64_t data_version_ = 0;
};

}  // namespace opsgym
