#pragma once
// Copy-on-write Worlds. Every episode of a task starts from the same image, so instead of a copy each,
// its Worlds map one shared copy of the image privately (MAP_PRIVATE over a memfd): the kernel copies a
// 4 KiB page only when an episode first writes it. An idle episode costs the pages it changed, not the
// whole image, and the pages episodes only read are the same memory for all of them, in the CPU caches
// too. Linux only; where the system cannot map (no memfd, an address-space limit) callers copy instead.
#include <cstddef>
#include <memory>
#include <string>

namespace opsgym {

class ImageMapping {
 public:
  // Room a World mapped this way has to grow into: SQLite's own limit for an in-memory database (1 GiB).
  // Address space only; nothing is allocated until written.
  static constexpr size_t kCapacity = size_t{1} << 30;

  // A private, writable mapping of `image` followed by zeros up to kCapacity, or null if the image is
  // larger than that or the system refuses. Thread-safe; one shared file per image while it lives.
  static std::unique_ptr<ImageMapping> of(const std::shared_ptr<const std::string>& image);

  ImageMapping(const ImageMapping&) = delete;
  ImageMapping& operator=(const ImageMapping&) = delete;
  ~ImageMapping();

  // kCapacity bytes.
  unsigned char* data() const { return static_cast<unsigned char*>(data_); }

 private:
  explicit ImageMapping(void* data) : data_(data) {}
  void* data_;
};

}  // namespace opsgym
