#include "world/image_mapping.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <mutex>
#include <unordered_map>

namespace opsgym {
namespace {

// A memfd holding one image, sized to ImageMapping::kCapacity (the tail is a hole: it costs nothing).
class ImageFile {
 public:
  explicit ImageFile(const std::string& image) {
    fd_ = ::memfd_create("opsgym-world", MFD_CLOEXEC);
    if (fd_ < 0) return;
    for (size_t done = 0; done < image.size();) {
      const ssize_t n = ::write(fd_, image.data() + done, image.size() - done);
      if (n <= 0) {
        close();
        return;
      }
      done += static_cast<size_t>(n);
    }
    if (::ftruncate(fd_, static_cast<off_t>(ImageMapping::kCapacity)) != 0) close();
  }
  ~ImageFile() { close(); }
  ImageFile(const ImageFile&) = delete;
  ImageFile& operator=(const ImageFile&) = delete;

  int fd() const { return fd_; }

 private:
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
};

// The file of each image still alive. A mapping keeps its file's pages after the file is closed, so an
// entry only has to live as long as its image may be mapped again.
struct Entry {
  std::weak_ptr<const std::string> image;
  std::shared_ptr<ImageFile> file;
};

std::shared_ptr<ImageFile> file_of(const std::shared_ptr<const std::string>& image) {
  static std::mutex mutex;
  static std::unordered_map<const std::string*, Entry> files;
  std::lock_guard lock(mutex);
  // While an image lives no other can have its address; once it is gone, a new image may.
  if (auto found = files.find(image.get()); found != files.end() && !found->second.image.expired())
    return found->second.file;
  for (auto it = files.begin(); it != files.end();) it = it->second.image.expired() ? files.erase(it) : std::next(it);
  auto file = std::make_shared<ImageFile>(*image);
  if (file->fd() < 0) return nullptr;
  files[image.get()] = Entry{image, file};
  return file;
}

}  // namespace

std::unique_ptr<ImageMapping> ImageMapping::of(const std::shared_ptr<const std::string>& image) {
  if (!image || image->size() >= kCapacity) return nullptr;
  auto file = file_of(image);
  if (!file) return nullptr;
  void* data = ::mmap(nullptr, kCapacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, file->fd(), 0);
  if (data == MAP_FAILED) return nullptr;
  return std::unique_ptr<ImageMapping>(new ImageMapping(data));
}

ImageMapping::~ImageMapping() { ::munmap(data_, kCapacity); }

}  // namespace opsgym
