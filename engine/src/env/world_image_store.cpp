#include "env/world_image_store.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace opsgym {
namespace fs = std::filesystem;

namespace {

// Every image file starts with this, then the image: anything else is not an image of this format.
constexpr char kMagic[] = "OPSGYM-WORLD-1\n";
constexpr size_t kMagicSize = sizeof(kMagic) - 1;
constexpr const char* kSuffix = ".world";

}  // namespace

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

fs::path default_world_image_dir() {
  if (const char* dir = std::getenv("OPSGYM_WORLD_CACHE"); dir && *dir) {
    return std::string(dir) == "off" ? fs::path() : fs::path(dir);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "opsgym" / "worlds";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "opsgym" / "worlds";
  return {};
}

WorldImageStore::WorldImageStore(fs::path dir, size_t budget_bytes) : dir_(std::move(dir)), budget_bytes_(budget_bytes) {}

Snapshot WorldImageStore::load(const std::string& key) const {
  if (!enabled()) return nullptr;
  const fs::path file = dir_ / (key + kSuffix);
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return nullptr;
  const std::streamoff size = in.tellg();
  if (size <= static_cast<std::streamoff>(kMagicSize)) return nullptr;
  char magic[kMagicSize];
  in.seekg(0);
  if (!in.read(magic, kMagicSize) || std::string_view(magic, kMagicSize) != std::string_view(kMagic, kMagicSize)) {
    return nullptr;
  }
  // Read straight into the image's own string: one copy of a few megabytes, the cost of a first episode.
  auto image = std::make_shared<std::string>(static_cast<size_t>(size) - kMagicSize, '\0');
  if (!in.read(image->data(), static_cast<std::streamsize>(image->size()))) return nullptr;
  std::error_code ignored;
  fs::last_write_time(file, fs::file_time_type::clock::now(), ignored);  // a use: trimmed last
  return image;
}

void WorldImageStore::save(const std::string& key, const Snapshot& image) const {
  if (!enabled() || !image) return;
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) return;
  // A name no other writer uses (process and call), renamed over the final name once whole.
  static std::atomic<uint64_t> counter{0};
  const fs::path temp = dir_ / (key + "." + std::to_string(::getpid()) + "." + std::to_string(++counter) + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(kMagic, kMagicSize);
    out.write(image->data(), static_cast<std::streamsize>(image->size()));
    if (!out.flush()) {
      fs::remove(temp, error);
      return;
    }
  }
  fs::rename(temp, dir_ / (key + kSuffix), error);
  if (error) {
    fs::remove(temp, error);
    return;
  }
  trim();
}

void WorldImageStore::trim() const {
  struct Entry {
    fs::file_time_type used;
    fs::path file;
    uintmax_t bytes;
  };
  std::vector<Entry> entries;
  uintmax_t total = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    if (entry.path().extension() != kSuffix) continue;
    std::error_code ignored;
    const uintmax_t bytes = entry.file_size(ignored);
    if (ignored) continue;
    entries.push_back({entry.last_write_time(ignored), entry.path(), bytes});
    total += bytes;
  }
  if (total <= budget_bytes_) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
  for (const auto& entry : entries) {
    if (total <= budget_bytes_) break;
    if (fs::remove(entry.file, error)) total -= entry.bytes;
  }
}

}  // namespace opsgym
