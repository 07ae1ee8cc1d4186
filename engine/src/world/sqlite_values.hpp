#pragma once
// Moving values between JSON and SQLite statements.
#include <sqlite3.h>

#include <string>

#include "opsgym/world.hpp"

namespace opsgym {

// Binds a JSON array (positional ?) or object (:name) of parameters. Throws on a value SQL can't hold.
void bind_json_params(sqlite3_stmt* stmt, const Json& params);
Json column_to_json(sqlite3_stmt* stmt, int column);
Json value_to_json(sqlite3_value* value);
// Throws std::runtime_error with the connection's message unless rc is one of the ok codes.
[[noreturn]] void throw_sqlite(sqlite3* db, const std::string& context);

}  // namespace opsgym
