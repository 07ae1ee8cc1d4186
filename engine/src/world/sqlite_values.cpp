#include "world/sqlite_values.hpp"

#include <stdexcept>

#include "world/connection_limits.hpp"

namespace opsgym {
namespace {

void bind_one(sqlite3_stmt* stmt, int index, const Json& value) {
  int rc = SQLITE_OK;
  switch (value.type()) {
    case Json::value_t::null: rc = sqlite3_bind_null(stmt, index); break;
    case Json::value_t::boolean: rc = sqlite3_bind_int(stmt, index, value.get<bool>() ? 1 : 0); break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: rc = sqlite3_bind_int64(stmt, index, value.get<int64_t>()); break;
    case Json::value_t::number_float: rc = sqlite3_bind_double(stmt, index, value.get<double>()); break;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      rc = sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      break;
    }
    default: {
      std::string text = value.dump();  // arrays and objects are stored as JSON text
      rc = sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
  }
  if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt), "bind parameter " + std::to_string(index));
}

}  // namespace

void bind_json_params(sqlite3_stmt* stmt, const Json& params) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (params.is_array()) {
    if (static_cast<int>(params.size()) != expected)
      throw std::runtime_error("SQL expects " + std::to_string(expected) + " parameters, got " +
                               std::to_string(params.size()));
    for (int i = 0; i < expected; ++i) bind_one(stmt, i + 1, params[i]);
  } else if (params.is_object()) {
    for (const auto& [name, value] : params.items()) {
      int index = sqlite3_bind_parameter_index(stmt, (":" + name).c_str());
      if (index == 0) throw std::runtime_error("SQL has no parameter :" + name);
      bind_one(stmt, index, value);
    }
  } else if (!params.is_null()) {
    throw std::runtime_error("SQL parameters must be an array or an object");
  }
}

Json column_to_json(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt, column);
    case SQLITE_FLOAT: return sqlite3_column_double(stmt, column);
    case SQLITE_TEXT:
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                         static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
    case SQLITE_BLOB:
      return std::string(static_cast<const char*>(sqlite3_column_blob(stmt, column)),
                         static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
    default: return nullptr;
  }
}

Json value_to_json(sqlite3_value* value) {
  if (!value) return nullptr;
  switch (sqlite3_value_type(value)) {
    case SQLITE_INTEGER: return sqlite3_value_int64(value);
    case SQLITE_FLOAT: return sqlite3_value_double(value);
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      return std::string(reinterpret_cast<const char*>(sqlite3_value_text(value)),
                         static_cast<size_t>(sqlite3_value_bytes(value)));
    default: return nullptr;
  }
}

void throw_sqlite(sqlite3* db, const std::string& context) {
  throw std::runtime_error(context + ": " + sqlite_error_text(db, sqlite3_extended_errcode(db)));
}

}  // namespace opsgym
