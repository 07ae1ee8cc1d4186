// `opsgym serve`: the HTTP gym API, MCP over streamable HTTP and the OpenEnv routes on one port.
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <thread>
#include <vector>

#include <sys/resource.h>

#include "cli/command.hpp"
#include "opsgym/catalog.hpp"
#include "server/app.hpp"
#include "server/http_server.hpp"

namespace opsgym::cli {
namespace {

class AppHandler : public server::HttpHandler {
 public:
  explicit AppHandler(server::App& app) : app_(app) {}
  server::HttpResponse handle(const server::HttpRequest& r) override { return app_.handle(r); }
  std::unique_ptr<server::WebSocketSession> open_websocket(const server::HttpRequest& r,
                                                           server::HttpResponse& reject) override {
    return app_.open_websocket(r, reject);
  }

 private:
  server::App& app_;
};

// Many concurrent clients each hold a socket: lift the soft descriptor limit to the hard one.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int run_serve(const Args& args) {
  std::string host = args.get_or("host", "127.0.0.1");
  long long port = args.get_int("port", 8080);
  if (port < 0 || port > 65535) throw UsageError("--port must be between 0 and 65535");
  std::string token = args.get_or("token", "");
  if (token.empty())
    if (const char* env = std::getenv("OPSGYM_TOKEN")) token = env;
  bool loopback = server::is_loopback_address(host);
  if (!loopback && token.empty())
    throw UsageError("listening on " + host + " needs a bearer token (--token or OPSGYM_TOKEN); without one the "
                     "server binds to loopback only");
  long long threads = args.get_int("threads", std::max(2u, std::thread::hardware_concurrency()));
  long long max_episodes = args.get_int("max-episodes", 1024);
  long long idle = args.get_int("idle-timeout", 600);
  long long body_limit = args.get_int("body-limit", 4 << 20);
  long long max_connections = args.get_int("max-connections", 10'000);
  if (threads < 1 || threads > 256) throw UsageError("--threads must be between 1 and 256");
  if (max_episodes < 1) throw UsageError("--max-episodes must be at least 1");
  if (idle < 0) throw UsageError("--idle-timeout must be 0 (never) or a number of seconds");
  if (body_limit < 1024) throw UsageError("--body-limit must be at least 1024 bytes");
  if (max_connections < 1) throw UsageError("--max-connections must be at least 1");

  server::AppOptions options;
  options.token = token;
  options.loopback_host_check = loopback && token.empty();
  options.registry.max_live = static_cast<size_t>(max_episodes);
  options.registry.idle_timeout = std::chrono::seconds(idle);
  options.results_dir = args.get_or("results", "");

  auto catalog = std::make_shared<const Catalog>(Catalog::load_default());
  for (const auto& e : catalog->errors())
    std::cerr << "warning: environment " << e.environment << " did not load: " << e.message << "\n";

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  raise_open_file_limit();

  server::App app(catalog, options);
  AppHandler handler(app);
  server::HttpServerOptions http;
  http.host = host;
  http.port = static_cast<uint16_t>(port);
  http.threads = static_cast<int>(threads);
  http.pin_threads = args.has("pin-threads");
  http.body_limit = static_cast<size_t>(body_limit);
  http.max_connections = static_cast<size_t>(max_connections);
  server::HttpServer srv(http, handler);
  if (idle > 0) app.registry().start_reaper(std::chrono::milliseconds(std::min<long long>(idle * 1000 / 4 + 1, 5000)));
  srv.start();
  const std::vector<int> cpus = srv.thread_cpus();
  if (std::find(cpus.begin(), cpus.end(), -1) != cpus.end())
    std::cerr << "warning: the kernel refused to pin a server thread to a CPU; it runs unpinned\n";
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "opsgym serve: listening on http://" << shown_host << ":" << srv.port() << " ("
            << catalog->tasks().size() << " tasks, " << threads << (http.pin_threads ? " pinned threads" : " threads")
            << (token.empty() ? "" : ", bearer token required") << ")" << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::cout << "opsgym serve: stopping" << std::endl;
  srv.stop();
  return 0;
}

}  // namespace

OPSGYM_COMMAND({"serve",
                "serve [--host H] [--port P] [--token T] [--threads N] [--max-episodes N] [--idle-timeout S] "
                "[--results DIR] [--body-limit BYTES] [--max-connections N] [--pin-threads]",
                "Serve the HTTP gym API, MCP (streamable HTTP at /mcp) and OpenEnv routes",
                {"pin-threads"},
                run_serve});

}  // namespace opsgym::cli
