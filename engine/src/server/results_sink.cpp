#include "server/results_sink.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "json/json_text.hpp"

namespace opsgym::server {

ResultsSink::ResultsSink(const std::filesystem::path& dir) : path_(dir / "episodes.jsonl") {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create results folder " + dir.string() + ": " + ec.message());
  file_ = std::fopen(path_.c_str(), "a");
  if (!file_) throw std::runtime_error("cannot open " + path_.string() + ": " + std::strerror(errno));
}

ResultsSink::~ResultsSink() {
  if (file_) std::fclose(file_);
}

void ResultsSink::append(nlohmann::json record) {
  std::lock_guard lock(mutex_);
  record["trial"] = trials_[record.value("task", std::string())]++;
  std::string line = json_text(record);
  line.push_back('\n');
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    throw std::runtime_error("cannot write " + path_.string() + ": " + std::strerror(errno));
}

}  // namespace opsgym::server
