#pragma once
// Starts `opsgym serve` (or any opsgym subcommand) as a child process for end-to-end tests: on port 0,
// with OPSGYM_HOME at the server test fixture, reading the bound port from its first line of output.
// The destructor stops it with SIGTERM. Test support only.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace opsgym::test {

inline std::string opsgym_binary() { return std::string(OPSGYM_BINARY_DIR) + "/engine/opsgym"; }
inline std::string server_fixture_home() { return std::string(OPSGYM_SOURCE_DIR) + "/tests/server/fixtures"; }

class ServerProcess {
 public:
  // Runs `opsgym serve --port 0 <extra…>` with OPSGYM_HOME=`home`; waits for "listening on".
  explicit ServerProcess(std::vector<std::string> extra = {}, std::string home = server_fixture_home()) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      ::setenv("OPSGYM_HOME", home.c_str(), 1);
      ::unsetenv("OPSGYM_TOKEN");
      std::vector<std::string> words = {opsgym_binary(), "serve", "--port", "0"};
      words.insert(words.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& w : words) argv.push_back(w.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = out[0];
    std::string line = read_line(60000);
    auto at = line.find("listening on http://");
    if (at == std::string::npos) {
      stop();
      throw std::runtime_error("opsgym serve did not start; it printed: '" + line + "'");
    }
    auto colon = line.find(':', at + 20);
    port_ = static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { stop(); }

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running() {
    if (pid_ <= 0) return false;
    int status;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
  }
  // Sends SIGTERM and waits; returns the exit status (or -1).
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_ >= 0) ::close(out_);
    out_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  std::string read_line(int timeout_ms) {
    std::string line;
    char c;
    while (true) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return line;
      if (::read(out_, &c, 1) != 1 || c == '\n') return line;
      line.push_back(c);
    }
  }

  pid_t pid_ = -1;
  int out_ = -1;
  uint16_t port_ = 0;
};

}  // namespace opsgym::test
