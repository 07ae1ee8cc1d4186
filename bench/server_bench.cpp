// Load generator for the HTTP gym API: 64 concurrent episodes on keep-alive loopback connections.
// Reports steps per second and p50/p90/p99/max latency per request, the CPU all threads spent per step,
// and what the same step cost in-process just before (in_process_us: how fast the machine is right then).
//   opsgym-bench --benchmark_filter=HttpGym
// HttpGymSteps steps with the task's first reference call, HttpGymReadSteps with get_incident (see Call),
// both as fast as the server answers (closed loop: the throughput it can take):
// .../64/1: each episode on its own connection, one step per request (an agent's loop).
// .../64/8: eight connections, each stepping eight episodes per POST /v1/batch (a vectorised trainer).
// ...AtRate/64/R: 64 connections offering R steps/s between them, one step per request (open loop: the
// latency at a given load, counted from when each request was due; see Driver). There send_late_p99_us
// and send_late_max_us tell how late the generator sent what it held until due: its own share of p99.
// Environment: OPSGYM_BENCH_TASK (default: the first task), OPSGYM_BENCH_SECONDS (default 5),
// OPSGYM_BENCH_SERVER_THREADS (default 2), OPSGYM_BENCH_CALL (a {"tool", "args"} object HttpGymSteps
// steps with instead of the task's first reference call), OPSGYM_BENCH_PIN (default 1: the server's
// threads pinned one to a CPU, and the generator on one thread per server thread, pinned beside it, so
// that each CPU takes turns between a server thread and the client of that thread's connections; 0:
// nothing pinned), OPSGYM_BENCH_CLIENT_THREADS (unpinned only; default 1: one thread drives every
// connection, as one trainer process would; with 2, connection i is driven by thread i mod 2, which the
// server's round-robin also gives to its thread i mod 2), OPSGYM_BENCH_CLIENT_POLICY (default batch, or
// normal: the load generator's scheduling policy, see client_policy); OPSGYM_HOME picks the catalog.
// Every 20 steps an episode is reset (itsm-001 allows 20 calls; Episode::step refuses the 21st); resets
// are not counted.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_env.hpp"
#include "opsgym/catalog.hpp"
#include "opsgym/episode.hpp"
#include "server/app.hpp"
#include "server/cpu_affinity.hpp"
#include "server/http_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
// The steps an episode takes before it is reset: itsm-001, the task measured, allows 20 calls.
constexpr int kStepsPerEpisode = 20;
using opsgym::server::Json;

class Handler : public opsgym::server::HttpHandler {
 public:
  explicit Handler(opsgym::server::App& app) : app_(app) {}
  opsgym::server::HttpResponse handle(const opsgym::server::HttpRequest& r) override { return app_.handle(r); }
  std::unique_ptr<opsgym::server::WebSocketSession> open_websocket(const opsgym::server::HttpRequest& r,
                                                                   opsgym::server::HttpResponse& reject) override {
    return app_.open_websocket(r, reject);
  }

 private:
  opsgym::server::App& app_;
};

using opsgym::bench::env_or;

struct Connection {
  int fd = -1;
  std::string step_request;  // one step, or one batch of steps for all of the connection's episodes
  std::string reset_requests;  // a reset of each of its episodes, pipelined
  int steps_per_request = 1;
  int resets_pending = 0;
  std::string in;
  Clock::time_point due;  // when the request in flight was due (closed loop: when it was sent)
  int rounds_since_reset = 0;
};

int connect_loopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

std::string http_post(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

void send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<size_t>(n);
  }
}

// Occurrences of `needle` in `text`. memmem, not std::string::find: that stops at every '"' of the JSON.
int count_of(std::string_view text, std::string_view needle) {
  int n = 0;
  for (const char* at = text.data(); const void* hit = ::memmem(at, static_cast<size_t>(text.data() + text.size() - at),
                                                                needle.data(), needle.size());
       at = static_cast<const char*>(hit) + needle.size())
    ++n;
  return n;
}

// Returns the status of one complete response at the front of `in` and removes it, or 0 if incomplete.
// With `errors` given, it gets the number of error objects in the body: a failed call in a batch answered
// 200, or a tool error (both would mean the benchmark measures something other than the call it names).
int take_response(std::string& in, int* errors) {
  const size_t end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  const std::string_view head(in.data(), end);
  size_t cl = head.find("Content-Length: ");
  if (cl == std::string_view::npos) cl = head.find("content-length: ");
  const size_t length = cl == std::string_view::npos ? 0 : std::strtoul(in.c_str() + cl + 16, nullptr, 10);
  if (in.size() < end + 4 + length) return 0;
  const int status = std::atoi(in.c_str() + 9);
  if (errors) *errors = count_of(std::string_view(in).substr(end + 4, length), "\"error\":{");
  in.erase(0, end + 4 + length);
  return status;
}

// What the load generator steps with: the task's first reference call (a realistic first step; for
// itsm-001, search_users), or get_incident on an open incident, the read step whose in-process cost
// DESIGN.md budgets (BM_ReadStep in engine_bench.cpp), so the gym API's own cost shows on top of it.
enum class Call { reference, read };

// The call as {tool, args}, or an error message.
std::pair<std::string, Json> bench_call(const std::shared_ptr<const opsgym::Catalog>& catalog,
                                        const std::shared_ptr<const opsgym::Task>& task, Call kind, std::string& error) {
  if (kind == Call::read) {
    opsgym::Episode probe(catalog->environment(task->environment), task);
    Json open;
    try {
      open = probe.world().query(
          "SELECT number FROM incidents WHERE state IN ('new', 'in_progress', 'on_hold') ORDER BY id LIMIT 1");
    } catch (const std::exception& e) {
      error = std::string("the task's World has no incidents to read: ") + e.what();
      return {};
    }
    if (open.empty()) {
      error = "the task's World has no open incident to read";
      return {};
    }
    return {"get_incident", Json{{"number", open.at(0)["number"]}}};
  }
  std::string tool = task->reference.empty() ? "" : task->reference.front().tool;
  Json args = task->reference.empty() ? Json::object() : task->reference.front().args;
  if (const char* call = std::getenv("OPSGYM_BENCH_CALL"); call && *call) {
    Json parsed = Json::parse(call);
    tool = parsed.at("tool").get<std::string>();
    args = parsed.value("args", Json::object());
  }
  if (tool.empty() || args.dump().find("${") != std::string::npos)
    error = "the task's first reference call is missing or refers to earlier results";
  return {tool, args};
}

// The load generator shares the server's two vCPUs (loopback only), where agents and trainers would
// run on other machines. By default it runs as SCHED_BATCH: its wake-ups then do not preempt a server
// thread in the middle of a step, which measured slower (the step went on with cold caches). It is still
// scheduled fairly, and reading an answer later only adds to the latency it measures.
// OPSGYM_BENCH_CLIENT_POLICY=normal measures with a preempting client instead. -1 for another value.
int client_policy() {
  const std::string name = env_or("OPSGYM_BENCH_CLIENT_POLICY", "batch");
  return name == "batch" ? SCHED_BATCH : name == "normal" ? SCHED_OTHER : -1;
}

// Gives the calling thread a policy, and back its own afterwards.
class ThreadPolicy {
 public:
  explicit ThreadPolicy(int policy) : old_(::sched_getscheduler(0)) {
    ::sched_getparam(0, &old_param_);
    const sched_param none{};
    ::sched_setscheduler(0, policy, &none);  // no privilege needed between SCHED_OTHER and SCHED_BATCH
  }
  ~ThreadPolicy() { ::sched_setscheduler(0, old_, &old_param_); }
  ThreadPolicy(const ThreadPolicy&) = delete;
  ThreadPolicy& operator=(const ThreadPolicy&) = delete;

 private:
  int old_;
  sched_param old_param_{};
};

// One thread of the load generator: its connections, each with one request in flight, and what it
// measured between `start` and `stop`.
//
// Closed loop (no interval): a connection sends its next request as soon as its answer is in, so the
// server is saturated and latency is mostly queueing (64 in flight / throughput, by Little's law).
// Open loop (an interval): request k of a connection is due at its first due time + k * interval
// whenever the answers come, as a fixed offered load, and latency counts from the due time rather than
// from the send, so a server that falls behind cannot hide it by slowing the client down (coordinated
// omission, which wrk2 corrects the same way). A connection still has one request in flight: an
// episode's next step waits for the answer to its last.
class Driver {
 public:
  Driver(Clock::duration interval, int policy) : interval_(interval), policy_(policy), epoll_(::epoll_create1(0)) {
    latencies_us.reserve(2'000'000);
    send_lateness_us.reserve(2'000'000);
  }
  ~Driver() { ::close(epoll_); }
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  void add(Connection& c) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &c;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
    connections_.push_back(&c);
  }

  // Each connection's first request goes out at its `due` (closed loop: at once).
  void run(Clock::time_point start, Clock::time_point stop) {
    const ThreadPolicy policy(policy_);
    for (Connection* c : connections_) send_step_when_due(*c, Clock::now());
    std::vector<epoll_event> events(std::max<size_t>(1, connections_.size()));
    bool running = true;
    while (running) {
      const int n = ::epoll_pwait2(epoll_, events.data(), static_cast<int>(events.size()), wait_limit(), nullptr);
      if (n < 0 && errno != EINTR) throw std::runtime_error("epoll_pwait2 failed");
      const auto now = Clock::now();
      if (now >= stop) running = false;
      for (int k = 0; k < n; ++k) answered(*static_cast<Connection*>(events[k].data.ptr), now, start, stop, running);
      while (running && !waiting_.empty() && waiting_.front()->due <= now) {
        std::pop_heap(waiting_.begin(), waiting_.end(), later);
        Connection& c = *waiting_.back();
        waiting_.pop_back();
        const auto sent = Clock::now();
        if (sent >= start && sent < stop)
          send_lateness_us.push_back(std::chrono::duration<double, std::micro>(sent - c.due).count());
        send_all(c.fd, c.step_request);
      }
    }
  }

  std::vector<double> latencies_us;
  // Open loop: how late the generator itself sent the requests it held until their due time (its timer
  // and scheduling, on the vCPUs it shares with the server), a part of latencies_us the server cannot help.
  std::vector<double> send_lateness_us;
  long long steps = 0, errors = 0, call_errors = 0;

 private:
  static bool later(const Connection* a, const Connection* b) { return a->due > b->due; }

  // Until the next due request (open loop), or a second (closed loop, where only answers matter).
  const timespec* wait_limit() {
    if (waiting_.empty()) {
      limit_ = {1, 0};
    } else {
      const auto left = std::max(Clock::duration::zero(), waiting_.front()->due - Clock::now());
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      limit_ = {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    }
    return &limit_;
  }

  // Closed loop: now. Open loop: at c.due, which may have passed already (the server fell behind).
  void send_step_when_due(Connection& c, Clock::time_point now) {
    if (interval_ == Clock::duration::zero()) c.due = now;
    if (c.due <= now) {
      send_all(c.fd, c.step_request);
      return;
    }
    waiting_.push_back(&c);
    std::push_heap(waiting_.begin(), waiting_.end(), later);
  }

  // Reads what the server sent on `c`, and sends the next request for every complete answer.
  void answered(Connection& c, Clock::time_point now, Clock::time_point start, Clock::time_point stop, bool running) {
    const ssize_t got = ::recv(c.fd, buffer_, sizeof buffer_, 0);
    if (got <= 0) throw std::runtime_error("the server closed a benchmark connection");
    c.in.append(buffer_, static_cast<size_t>(got));
    int status, failed_calls = 0;
    // A reset's answer is not scanned for errors: it is not a measured call, and it holds the whole
    // observation (37 KB for itsm), which would load the client for nothing.
    while ((status = take_response(c.in, c.resets_pending > 0 ? nullptr : &failed_calls)) != 0) {
      if (c.resets_pending > 0) {
        if (--c.resets_pending > 0) continue;
        c.rounds_since_reset = 0;
      } else {
        if (now >= start && now < stop) {
          latencies_us.push_back(std::chrono::duration<double, std::micro>(now - c.due).count());
          steps += c.steps_per_request;
          if (status != 200) ++errors;
          call_errors += failed_calls;
        }
        ++c.rounds_since_reset;
        c.due += interval_;
      }
      if (!running) continue;
      if (c.rounds_since_reset >= kStepsPerEpisode) {  // a reset goes out at once, untimed; the schedule goes on
        c.resets_pending = c.steps_per_request;
        send_all(c.fd, c.reset_requests);
      } else {
        send_step_when_due(c, Clock::now());
      }
    }
  }

  Clock::duration interval_;
  int policy_;
  int epoll_;
  std::vector<Connection*> connections_;
  std::vector<Connection*> waiting_;  // open loop: answered connections until their next due time (a min-heap)
  timespec limit_{};
  char buffer_[65536];
};

// The machine's speed moves by half within minutes on this VM, so each run also measures, just before
// its load, the same call stepped in-process over as many episodes in turn (no HTTP, no other thread):
// the mean microseconds a step costs there and then. Set beside cpu_us_per_step, it shows what the gym
// API adds, and it tells a slow minute from a slower server.
double in_process_step_us(const std::shared_ptr<const opsgym::Catalog>& catalog, const std::string& task_id,
                          const std::string& tool, const Json& args, int episodes) {
  auto task = catalog->task(task_id);
  std::vector<opsgym::Episode> worlds;
  for (int i = 0; i < episodes; ++i) worlds.emplace_back(catalog->environment(task->environment), task);
  constexpr int kRounds = kStepsPerEpisode;  // as over HTTP: each episode is reset after that many steps
  Clock::duration stepping{};
  for (int pass = 0; pass < 2; ++pass) {  // the first pass warms up
    const auto started = Clock::now();
    for (int round = 0; round < kRounds; ++round)
      for (auto& episode : worlds) benchmark::DoNotOptimize(episode.step(tool, args));
    if (pass == 1) stepping = Clock::now() - started;
    for (auto& episode : worlds) episode.reset();
  }
  return std::chrono::duration<double, std::micro>(stepping).count() / (kRounds * episodes);
}

// CPU time of every thread of the process (server and load generator) between two moments.
class ProcessCpuMeter {
 public:
  ProcessCpuMeter(Clock::time_point from, Clock::time_point to)
      : thread_([this, from, to] {
          std::this_thread::sleep_until(from);
          const double start = now_s();
          std::this_thread::sleep_until(to);
          seconds_ = now_s() - start;
        }) {}
  ~ProcessCpuMeter() {
    if (thread_.joinable()) thread_.join();
  }
  ProcessCpuMeter(const ProcessCpuMeter&) = delete;
  ProcessCpuMeter& operator=(const ProcessCpuMeter&) = delete;
  double seconds() {
    thread_.join();
    return seconds_;
  }

 private:
  static double now_s() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  double seconds_ = 0;
  std::thread thread_;
};

// Percentiles of a sample (0 for an empty one); at(1.0) is the largest value.
class Percentiles {
 public:
  explicit Percentiles(std::vector<double> values) : sorted_(std::move(values)) { std::sort(sorted_.begin(), sorted_.end()); }
  double at(double p) const {
    return sorted_.empty() ? 0.0 : sorted_[std::min(sorted_.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted_.size())))];
  }

 private:
  std::vector<double> sorted_;
};

// How hard the load generator drives the server.
struct Load {
  int episodes = 64;
  int steps_per_request = 1;  // 1 uses the step route; more use /v1/batch with that many episodes per request
  double offered_steps_per_s = 0;  // 0: closed loop (as fast as the server answers); else open loop
};

void run_load(benchmark::State& state, Call kind, Load load) {
  const int episodes = load.episodes;
  const int per_request = load.steps_per_request;
  auto catalog = std::make_shared<const opsgym::Catalog>(opsgym::Catalog::load_default());
  if (catalog->tasks().empty()) {
    state.SkipWithError("no task in the catalog (set OPSGYM_HOME)");
    return;
  }
  std::string task_id = env_or("OPSGYM_BENCH_TASK", catalog->tasks().front()->id);
  auto task = catalog->task(task_id);
  std::string error;
  auto [tool, args] = bench_call(catalog, task, kind, error);
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const double seconds = opsgym::bench::bench_seconds();
  const int policy = client_policy();
  if (policy < 0) {
    state.SkipWithError("OPSGYM_BENCH_CLIENT_POLICY is batch or normal");
    return;
  }

  const double in_process_us = in_process_step_us(catalog, task_id, tool, args, episodes);

  opsgym::server::AppOptions options;
  options.registry.max_live = static_cast<size_t>(episodes) + 8;
  opsgym::server::App app(catalog, options);
  Handler handler(app);
  opsgym::server::HttpServerOptions http;
  http.threads = std::stoi(env_or("OPSGYM_BENCH_SERVER_THREADS", "2"));
  http.pin_threads = env_or("OPSGYM_BENCH_PIN", "1") != "0";
  opsgym::server::HttpServer server(http, handler);
  server.start();

  // Pinned: driver d runs beside server thread d, which gets the same connections (i mod threads).
  const std::vector<int> cpus = server.thread_cpus();
  const size_t client_threads =
      http.pin_threads ? cpus.size() : std::max(1, std::stoi(env_or("OPSGYM_BENCH_CLIENT_THREADS", "1")));
  std::vector<Connection> conns(static_cast<size_t>(episodes / per_request));
  // Open loop: each connection's requests one interval apart, so that all of them offer the rate.
  const auto interval = load.offered_steps_per_s > 0
                            ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                  static_cast<double>(episodes) / load.offered_steps_per_s))
                            : Clock::duration::zero();
  std::deque<Driver> drivers;
  for (size_t d = 0; d < client_threads; ++d) drivers.emplace_back(interval, policy);
  std::string step_body = Json{{"tool", tool}, {"args", args}}.dump();
  for (size_t i = 0; i < conns.size(); ++i) {
    Json calls = Json::array();
    for (int e = 0; e < per_request; ++e) {
      auto live = app.registry().add(app.factory().create(task_id), opsgym::server::Frontend::gym);
      calls.push_back({{"episode_id", live->id}, {"tool", tool}, {"args", args}});
      conns[i].reset_requests += http_post("/v1/episodes/" + live->id + "/reset", "{}");
      if (per_request == 1) conns[i].step_request = http_post("/v1/episodes/" + live->id + "/step", step_body);
    }
    if (per_request > 1) conns[i].step_request = http_post("/v1/batch", Json{{"calls", calls}}.dump());
    conns[i].steps_per_request = per_request;
    conns[i].fd = connect_loopback(server.port());
    drivers[i % drivers.size()].add(conns[i]);  // the server deals connections to its threads alike
  }

  double measured_s = 0, cpu_s = 0;
  for (auto _ : state) {
    const auto first_due = Clock::now();
    const auto start = first_due + std::chrono::milliseconds(500);  // after a warm-up
    const auto stop = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    // The open loop's first requests spread evenly over one interval.
    for (size_t i = 0; i < conns.size(); ++i)
      conns[i].due = first_due + interval * static_cast<Clock::rep>(i) / static_cast<Clock::rep>(conns.size());
    ProcessCpuMeter cpu(start, stop);
    const auto pin = [&](pthread_t thread, size_t d) {
      if (!cpus.empty()) opsgym::server::set_thread_cpus(thread, {cpus[d]});
    };
    std::vector<std::thread> others;
    for (size_t d = 1; d < drivers.size(); ++d) {
      others.emplace_back([&, d] { drivers[d].run(start, stop); });
      pin(others.back().native_handle(), d);
    }
    const std::vector<int> own_cpus = opsgym::server::allowed_cpus();  // the next benchmark runs here too
    pin(pthread_self(), 0);
    drivers[0].run(start, stop);
    opsgym::server::set_thread_cpus(pthread_self(), own_cpus);
    for (auto& t : others) t.join();
    measured_s = std::chrono::duration<double>(stop - start).count();
    cpu_s = cpu.seconds();
  }
  for (auto& c : conns) ::close(c.fd);
  server.stop();

  std::vector<double> latencies_us, send_lateness_us;
  long long steps = 0, errors = 0, call_errors = 0;
  for (const auto& d : drivers) {
    latencies_us.insert(latencies_us.end(), d.latencies_us.begin(), d.latencies_us.end());
    send_lateness_us.insert(send_lateness_us.end(), d.send_lateness_us.begin(), d.send_lateness_us.end());
    steps += d.steps;
    errors += d.errors;
    call_errors += d.call_errors;
  }
  const Percentiles latency(std::move(latencies_us));
  state.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(steps) / measured_s);
  state.counters["p50_us"] = latency.at(0.50);  // per request (a batch answers all its steps at once)
  state.counters["p90_us"] = latency.at(0.90);
  state.counters["p99_us"] = latency.at(0.99);
  state.counters["max_us"] = latency.at(1.0);
  if (load.offered_steps_per_s > 0) {
    const Percentiles lateness(std::move(send_lateness_us));
    state.counters["send_late_p99_us"] = lateness.at(0.99);
    state.counters["send_late_max_us"] = lateness.at(1.0);
  }
  state.counters["non_200"] = static_cast<double>(errors);
  state.counters["failed_calls"] = static_cast<double>(call_errors);
  // Of the two vCPUs, per step measured: the server's threads and the load generator together.
  state.counters["cpu_us_per_step"] = steps > 0 ? cpu_s * 1e6 / static_cast<double>(steps) : 0.0;
  state.counters["in_process_us"] = in_process_us;
  state.SetLabel(task_id + " " + tool);
}

// Closed loop: range(0) episodes, range(1) steps per request.
Load saturating(const benchmark::State& state) {
  return {static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), 0};
}
// Open loop: range(0) episodes, range(1) steps per second offered, one step per request.
Load offered(const benchmark::State& state) {
  return {static_cast<int>(state.range(0)), 1, static_cast<double>(state.range(1))};
}

void BM_HttpGymSteps(benchmark::State& state) { run_load(state, Call::reference, saturating(state)); }
void BM_HttpGymReadSteps(benchmark::State& state) { run_load(state, Call::read, saturating(state)); }
void BM_HttpGymStepsAtRate(benchmark::State& state) { run_load(state, Call::reference, offered(state)); }
void BM_HttpGymReadStepsAtRate(benchmark::State& state) { run_load(state, Call::read, offered(state)); }

// 64/1: 64 agents' loops; 64/8: a vectorised trainer; 1/1: one agent alone (the round trip unloaded).
BENCHMARK(BM_HttpGymSteps)->Args({64, 1})->Args({64, 8})->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HttpGymReadSteps)->Args({64, 1})->Args({64, 8})->Args({1, 1})->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
// Open loop, 64 agents' loops offering a fixed load, one step per request: latency against load, up to
// the budget's 20,000 steps/s.
BENCHMARK(BM_HttpGymStepsAtRate)->Args({64, 10000})->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HttpGymReadStepsAtRate)->Args({64, 5000})->Args({64, 10000})->Args({64, 15000})->Args({64, 20000})->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
