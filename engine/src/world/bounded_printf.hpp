#pragma once
// SQL's printf() and format() with their width and precision bounded. SQLite's own stops writing at the
// value size limit but still runs its loop to the end of the width or precision asked for, inside one
// step no progress handler sees: printf('%.*c', 900000000, 'x') held a thread for seconds (minutes and
// 1.8 GB before the size limit). These refuse a width or precision past SqlLimits::kMaxValueBytes with
// "string or blob too big" and format the rest with SQLite's printf, unchanged.
struct sqlite3;

namespace opsgym {

void install_bounded_printf(sqlite3* db);

}  // namespace opsgym
