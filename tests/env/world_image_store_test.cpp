// Tasks' Worlds kept on disk between processes (env/world_image_store.hpp): a second load of the same
// environment plays a task from its image; any changed input names another image; damaged images are
// built again; the folder keeps to its budget.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "env/world_image_store.hpp"
#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::shared_ptr<const Environment> deskling_with_images(const std::filesystem::path& env_dir,
                                                        const std::filesystem::path& images, size_t budget = 1u << 30) {
  Limits limits = small_limits();
  limits.world_image_dir = images;
  limits.world_image_bytes = budget;
  return Environment::load(env_dir, kVerifierLib, limits);
}

std::vector<std::filesystem::path> images_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) out.push_back(entry.path());
  return out;
}

const Task& task_of(const Environment& env, const std::string& id) {
  for (const auto& task : env.tasks()) {
    if (task->id == id) return *task;
  }
  throw std::runtime_error("no task " + id);
}

}  // namespace

TEST_CASE("a task's World is kept on disk and a later load plays the task from that image", "[env][images]") {
  const auto images = fresh_dir("images-reuse");
  const auto first = deskling_with_images(kDeskling, images);
  const Task& task = task_of(*first, "dl-001");
  const Snapshot built = first->base_snapshot(task.seed, &task);
  const auto files = images_in(images);
  REQUIRE(files.size() == 1);  // the task's World; the seeded World under it is only built from
  CHECK(files[0].filename() == first->world_key(task.seed, &task) + ".world");

  // Put another World's image in its place: a new load must serve that one, proving it reads the disk.
  const Snapshot other = first->base_snapshot(task.seed + 1, nullptr);
  write_text(files[0], "OPSGYM-WORLD-1\n" + *other);
  const auto second = deskling_with_images(kDeskling, images);
  const Task& again = task_of(*second, "dl-001");
  CHECK(second->world_key(again.seed, &again) == first->world_key(task.seed, &task));
  CHECK(*second->base_snapshot(again.seed, &again) == *other);
  CHECK(*built != *other);
}

TEST_CASE("a changed seed script names another image, and a damaged image is built again", "[env][images]") {
  const auto images = fresh_dir("images-inputs");
  const auto env_dir = deskling_copy("images-inputs-env");
  const auto before = deskling_with_images(env_dir, images);
  const Task& task = task_of(*before, "dl-001");
  const Snapshot original = before->base_snapshot(task.seed, &task);
  const std::string key = before->world_key(task.seed, &task);

  SECTION("a changed seed") {
    write_text(env_dir / "seed.lua", read_text(env_dir / "seed.lua") + "db.insert('users', { name = 'dee', active = 1 })\n");
    const auto after = deskling_with_images(env_dir, images);
    const Task& changed = task_of(*after, "dl-001");
    CHECK(after->world_key(changed.seed, &changed) != key);
    CHECK(*after->base_snapshot(changed.seed, &changed) != *original);
    CHECK(images_in(images).size() == 2);
  }
  SECTION("a damaged image") {
    write_text(images / (key + ".world"), "not an image");
    const auto after = deskling_with_images(env_dir, images);
    const Task& same = task_of(*after, "dl-001");
    CHECK(*after->base_snapshot(same.seed, &same) == *original);
    CHECK(read_text(images / (key + ".world")) == "OPSGYM-WORLD-1\n" + *original);
  }
  SECTION("another seed of the same task is not kept on disk") {
    before->base_snapshot(task.seed + 5, &task);
    CHECK(images_in(images).size() == 1);
  }
}

TEST_CASE("the image folder keeps to its byte budget, least recently used first", "[env][images]") {
  const auto images = fresh_dir("images-budget");
  const auto probe = deskling_with_images(kDeskling, fresh_dir("images-budget-probe"));
  const Task& one = task_of(*probe, "dl-001");
  const size_t image_bytes = probe->base_snapshot(one.seed, &one)->size() + 64;
  // Room for one image, not two.
  const auto env = deskling_with_images(kDeskling, images, image_bytes + image_bytes / 2);
  const Task& first = task_of(*env, "dl-001");
  const Task& second = task_of(*env, "dl-002");
  env->base_snapshot(first.seed, &first);
  env->base_snapshot(second.seed, &second);
  const auto files = images_in(images);
  REQUIRE(files.size() == 1);
  CHECK(files[0].filename() == env->world_key(second.seed, &second) + ".world");
}

TEST_CASE("without an image folder nothing is written", "[env][images]") {
  const auto env = deskling_with_images(kDeskling, std::filesystem::path());
  const Task& task = task_of(*env, "dl-001");
  CHECK(env->base_snapshot(task.seed, &task));
  WorldImageStore none({}, 1u << 20);
  CHECK_FALSE(none.enabled());
  CHECK(none.load(env->world_key(task.seed, &task)) == nullptr);
}

TEST_CASE("the default image folder follows OPSGYM_WORLD_CACHE, then XDG_CACHE_HOME, then HOME", "[env][images]") {
  const std::string saved_cache = std::getenv("OPSGYM_WORLD_CACHE") ? std::getenv("OPSGYM_WORLD_CACHE") : "";
  const std::string saved_xdg = std::getenv("XDG_CACHE_HOME") ? std::getenv("XDG_CACHE_HOME") : "";
  ::setenv("OPSGYM_WORLD_CACHE", "/tmp/opsgym-images", 1);
  CHECK(default_world_image_dir() == "/tmp/opsgym-images");
  ::setenv("OPSGYM_WORLD_CACHE", "off", 1);
  CHECK(default_world_image_dir().empty());
  ::unsetenv("OPSGYM_WORLD_CACHE");
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  CHECK(default_world_image_dir() == "/tmp/xdg/opsgym/worlds");
  ::unsetenv("XDG_CACHE_HOME");
  CHECK(default_world_image_dir() == std::filesystem::path(std::getenv("HOME")) / ".cache" / "opsgym" / "worlds");
  if (!saved_cache.empty()) ::setenv("OPSGYM_WORLD_CACHE", saved_cache.c_str(), 1);
  if (!saved_xdg.empty()) ::setenv("XDG_CACHE_HOME", saved_xdg.c_str(), 1);
}
