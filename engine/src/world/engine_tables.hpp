#pragma once
// The engine's own tables, present in every World. Names start with '_' so they are never mistaken for
// an environment's tables (and scripts may read but not write them).
namespace opsgym {

inline constexpr const char* kEngineTablesSql = R"sql(
CREATE TABLE _state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  task TEXT, actor TEXT, seed INTEGER,
  now INTEGER NOT NULL DEFAULT 0,  -- simulated clock, unix seconds
  rng INTEGER NOT NULL DEFAULT 0,  -- generator state (splitmix64)
  finished INTEGER NOT NULL DEFAULT 0,
  answer TEXT, status TEXT
);
INSERT INTO _state (id) VALUES (1);
CREATE TABLE _calls (
  idx INTEGER PRIMARY KEY, tool TEXT NOT NULL, args TEXT NOT NULL,
  ok INTEGER NOT NULL, output TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE _events (
  id INTEGER PRIMARY KEY, due INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
  fired INTEGER NOT NULL DEFAULT 0, error TEXT
);
CREATE INDEX _events_due ON _events (fired, due, id);
CREATE TABLE _violations (
  id INTEGER PRIMARY KEY, call_idx INTEGER NOT NULL, rule TEXT NOT NULL, message TEXT NOT NULL,
  enforced INTEGER NOT NULL
);
)sql";

}  // namespace opsgym
