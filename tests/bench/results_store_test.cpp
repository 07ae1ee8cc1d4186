#include <catch2/catch.hpp>

#include <fstream>

#include "bench/results_store.hpp"

using namespace opsgym::bench;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("opsgym-store-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Json line(const std::string& task, int trial, const std::string& outcome) {
  Json l = {{"task", task}, {"environment", "e"}, {"trial", trial}, {"feasible", true}, {"outcome", outcome}};
  if (outcome == "finished") {
    l["answer"] = {{"text", "x"}, {"status", "done"}};
    l["score"] = {{"success", true}, {"partial", 1.0}, {"violations", 0}, {"unexpected_changes", 0}, {"verifier_fault", ""}};
  }
  return l;
}

}  // namespace

TEST_CASE("Episode lines are appended and read back, the latest line per trial winning") {
  fs::path dir = fresh_dir("latest");
  write_manifest(dir, {{"agent", "noop"}, {"k", 2}});
  {
    EpisodeWriter writer(dir);
    writer.append(line("t-2", 1, "finished"));
    writer.append(line("t-1", 1, "infra_error"));
    writer.append(line("t-1", 1, "finished"));
  }
  StoredRun run = load_run(dir);
  CHECK(run.manifest["agent"] == "noop");
  REQUIRE(run.lines.size() == 2);
  CHECK(run.lines[0]["task"] == "t-1");  // sorted by task, then trial
  CHECK(run.lines[0]["outcome"] == "finished");
  CHECK(run.warnings.empty());
}

TEST_CASE("A line cut off by a crash is skipped with a warning and the next append starts a new line") {
  fs::path dir = fresh_dir("cut");
  write_manifest(dir, {{"agent", "noop"}});
  {
    std::ofstream out(episodes_path(dir));
    out << line("t-1", 1, "finished").dump() << "\n" << R"({"task":"t-2","tri)";
  }
  {
    EpisodeWriter writer(dir);
    writer.append(line("t-3", 1, "finished"));
  }
  StoredRun run = load_run(dir);
  CHECK(run.lines.size() == 2);
  REQUIRE(run.warnings.size() == 1);
  CHECK_THAT(run.warnings[0], Catch::Contains("episodes.jsonl:2"));
}

TEST_CASE("A line missing a field reports are built from is skipped with the field named") {
  fs::path dir = fresh_dir("field");
  write_manifest(dir, {{"agent", "noop"}});
  {
    std::ofstream out(episodes_path(dir));
    Json bad = line("t-1", 1, "finished");
    bad.erase("score");
    out << bad.dump() << "\n";
  }
  StoredRun run = load_run(dir);
  CHECK(run.lines.empty());
  REQUIRE(run.warnings.size() == 1);
  CHECK_THAT(run.warnings[0], Catch::Contains("'score'"));
}

TEST_CASE("A folder without run.json is not a run") {
  fs::path dir = fresh_dir("none");
  CHECK_THROWS_WITH(load_run(dir), Catch::Contains("no run.json"));
}

TEST_CASE("Rewriting episodes keeps the previous file") {
  fs::path dir = fresh_dir("rewrite");
  write_manifest(dir, {{"agent", "noop"}});
  {
    EpisodeWriter writer(dir);
    writer.append(line("t-1", 1, "finished"));
  }
  rewrite_episodes(dir, {line("t-9", 1, "finished")});
  CHECK(load_run(dir).lines[0]["task"] == "t-9");
  fs::path prev = episodes_path(dir);
  prev += ".prev";
  std::ifstream in(prev);
  std::string first;
  std::getline(in, first);
  CHECK(Json::parse(first)["task"] == "t-1");
}

TEST_CASE("Episodes without run.json, as opsgym serve writes them, are read with k inferred") {
  fs::path dir = fresh_dir("served");
  {
    std::ofstream out(episodes_path(dir));
    out << line("t-1", 0, "finished").dump() << "\n"
        << line("t-1", 1, "finished").dump() << "\n"
        << line("t-1", 2, "finished").dump() << "\n"
        << line("t-2", 0, "finished").dump() << "\n";
  }
  StoredRun run = load_run(dir);
  CHECK(run.lines.size() == 4);
  CHECK(run.manifest["k"] == 3);
  CHECK(run.manifest["agent"] == "(not recorded)");
}
