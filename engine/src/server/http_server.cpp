// Boost.Asio and Beast's sockets live here and nowhere else (Beast's parser also in http_request_reader.cpp).
#include <utility>  // before Asio: Boost 1.74 + GCC 12 + C++20 otherwise miss std::exchange

#include "server/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/api_error.hpp"
#include "server/connection_table.hpp"
#include "server/cpu_affinity.hpp"
#include "server/http_request_reader.hpp"

namespace opsgym::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using BeastRequest = http::request<http::string_body>;

std::string lower(beast::string_view s) {
  std::string out(s.data(), s.size());
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Takes the body over rather than copying it (a batch of steps is kilobytes).
HttpRequest to_request(BeastRequest& req, const std::string& remote) {
  HttpRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name = lower(field.name_string());
    auto [it, inserted] = r.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  r.body = std::move(req.body());
  r.remote = remote;
  return r;
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Each connection is a file descriptor; the SQLite databases, logs and results file need some too.
constexpr size_t kDescriptorsKeptFree = 256;

size_t effective_max_connections(size_t wanted) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY) return wanted;
  const size_t usable = files.rlim_cur > kDescriptorsKeptFree * 2 ? files.rlim_cur - kDescriptorsKeptFree : files.rlim_cur / 2;
  return std::min(wanted, usable);
}

// 1xx, 204 and 304 answers have no body, nor a Content-Length (RFC 9110, 8.6).
bool status_has_body(int status) { return status / 100 != 1 && status != 204 && status != 304; }

// The status line and headers of an answer, in the form Beast's serializer gives them. Written by hand:
// Beast's serializer walks its field list through nested buffer views, which cost a server thread about
// 5 % of its time at one read step per request. HTTP/1.0 closes unless told to keep alive, HTTP/1.1 stays
// open unless told to close. Every header value comes from the server itself, never from a request.
std::string response_head(const HttpResponse& response, unsigned version, bool keep_alive) {
  const beast::string_view reason = http::obsolete_reason(static_cast<http::status>(response.status));
  std::string head;
  head.reserve(128);
  head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  head.append(reason.data(), reason.size());
  head += "\r\nServer: opsgym\r\n";
  if (!response.content_type.empty()) head += "Content-Type: " + response.content_type + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  if (status_has_body(response.status)) head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (version == 10 && keep_alive) head += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

class WebSocketConnection : public std::enable_shared_from_this<WebSocketConnection> {
 public:
  WebSocketConnection(beast::tcp_stream&& stream, ConnectionTable::Slot slot, std::unique_ptr<WebSocketSession> session,
                      size_t message_limit)
      : ws_(std::move(stream)), slot_(std::move(slot)), session_(std::move(session)) {
    slot_.pin();
    ws_.read_message_max(message_limit);
  }
  ~WebSocketConnection() { end(); }

  void run(BeastRequest request) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->end();
      self->read();
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return end();  // closed by the peer, timed out, or a protocol error (Beast answers it)
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    WebSocketSession::Reply reply = session_->on_message(text);
    closing_ = reply.close;
    if (reply.text.empty()) return after_write({});
    out_ = std::move(reply.text);
    ws_.text(true);
    ws_.async_write(net::buffer(out_), [self = shared_from_this()](beast::error_code e, size_t) { self->after_write(e); });
  }

  void after_write(beast::error_code ec) {
    if (ec) return end();
    if (!closing_) return read();
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) { self->end(); });
  }

  void end() {
    if (session_) {
      session_->on_close();
      session_.reset();
    }
  }

  websocket::stream<beast::tcp_stream> ws_;
  ConnectionTable::Slot slot_;  // counted, never evicted: the session owns an episode
  std::unique_ptr<WebSocketSession> session_;
  beast::flat_buffer buffer_;
  std::string out_;
  bool closing_ = false;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(tcp::socket&& socket, ConnectionTable::Slot slot, HttpHandler& handler,
                 const HttpServerOptions& options)
      : stream_(std::move(socket)),
        slot_(std::move(slot)),
        handler_(handler),
        options_(options),
        reader_(options.body_limit, options.header_limit) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  void run() {
    // Eviction closes the socket on the connection's own thread, and only while it still waits for a
    // request: one that began serving meanwhile finishes its answer.
    slot_.set_evict([weak = weak_from_this(), executor = stream_.get_executor()] {
      net::post(executor, [weak] {
        if (auto self = weak.lock(); self && !self->serving_) self->shut_down();
      });
    });
    // The socket belongs to another thread's io_context: start reading there.
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  // One request: framed by reader_ from what its buffer holds (every parser failure an answer on this
  // connection, see http_request_reader.hpp), more read only when it needs more.
  void read() {
    serving_ = false;
    slot_.waiting(steady_ms());
    reader_.start();
    stream_.expires_after(options_.keep_alive_timeout);
    parse();
  }

  void parse() {
    const HttpRequestReader::Outcome outcome = reader_.parse();
    if (outcome != HttpRequestReader::Outcome::need_more) return act_on(outcome);
    beast::flat_buffer& buffer = reader_.buffer();
    stream_.async_read_some(buffer.prepare(beast::read_size(buffer, 65536)),
                            [self = shared_from_this()](beast::error_code e, size_t n) {
                              self->reader_.buffer().commit(n);
                              self->on_read_some(e);
                            });
  }

  void on_read_some(beast::error_code ec) {
    if (ec == net::error::eof) return act_on(reader_.end_of_input());
    if (ec) return shut_down();  // timeout, reset, aborted: no one to answer
    parse();
  }

  void act_on(HttpRequestReader::Outcome outcome) {
    switch (outcome) {
      case HttpRequestReader::Outcome::request: return serve();
      case HttpRequestReader::Outcome::refused: {
        const HttpRequestReader::Refusal& refusal = reader_.refusal();
        return refuse(refusal.status, refusal.code, refusal.message);
      }
      case HttpRequestReader::Outcome::closed:
      case HttpRequestReader::Outcome::need_more: return shut_down();
    }
  }

  // The client may still be sending: answer, then drain what it sends, so the answer is not lost to a
  // connection reset.
  void refuse(int status, const std::string& code, const std::string& message) {
    drain_ = true;
    send(error_response(status, code, message), 11, false);
  }

  void serve() {
    serving_ = true;
    slot_.busy();
    drain_ = false;
    BeastRequest request = reader_.take_request();
    HttpRequest plain = to_request(request, remote_);
    if (websocket::is_upgrade(request)) {
      HttpResponse reject;
      auto session = handler_.open_websocket(plain, reject);
      if (session) {
        std::make_shared<WebSocketConnection>(std::move(stream_), std::move(slot_), std::move(session),
                                              options_.body_limit)
            ->run(std::move(request));
        return;
      }
      return send(std::move(reject), request.version(), false);
    }
    HttpResponse response = handler_.handle(plain);
    const bool keep_alive = request.keep_alive() && !response.close;
    send(std::move(response), request.version(), keep_alive);
  }

  // The answer is written once the handlers already queued have run, not at once: a thread handles
  // every request it has read, then sends their answers together. Writing at once interleaved each
  // step with its send's kernel work (loopback TCP, waking the client), which left the next step's
  // SQLite and Lua code cold: 64 episodes one step per request went from 20,000-23,000 to
  // 25,000-31,000 steps/s on 2 cores. With nothing else queued it is written right away.
  void send(HttpResponse response, unsigned version, bool keep_alive) {
    head_ = response_head(response, version, keep_alive);
    body_ = status_has_body(response.status) ? std::move(response.body) : std::string();
    net::post(stream_.get_executor(), [self = shared_from_this(), keep_alive] {
      const std::array<net::const_buffer, 2> buffers{net::buffer(self->head_), net::buffer(self->body_)};
      net::async_write(self->stream_, buffers, [self, keep_alive](beast::error_code ec, size_t) {
        if (!ec && self->drain_) return self->drain();
        if (ec || !keep_alive) return self->shut_down();
        self->read();
      });
    });
  }

  // Reads and discards until the client closes (or a few seconds pass), after our side is shut.
  void drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    drain_some();
  }
  void drain_some() {
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->shut_down();
      self->drain_some();
    });
  }

  void shut_down() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  ConnectionTable::Slot slot_;
  HttpHandler& handler_;
  const HttpServerOptions& options_;
  HttpRequestReader reader_;
  std::string head_, body_;  // the answer being written
  std::string remote_;
  bool drain_ = false;
  bool serving_ = false;  // a request is being answered: not to be evicted
  std::array<char, 16384> discard_{};
};

// Runs a thread's connections until the server stops. The handlers catch what they can foresee; an
// exception that still escapes one ends only the connection it belonged to (its handler and with it the
// connection are gone once the exception has left run()), never the process. Asio lets run() resume.
void run_guarded(net::io_context& context) {
  for (;;) {
    try {
      context.run();
      return;
    } catch (const std::exception& e) {
      std::cerr << "opsgym serve: a connection ended on an unexpected error: " << e.what() << "\n";
    } catch (...) {
      std::cerr << "opsgym serve: a connection ended on an unexpected error\n";
    }
  }
}

}  // namespace

// One io_context per thread, connections dealt out round-robin: a connection lives on one thread, so
// it needs no strand, and the threads share no scheduler lock (measurably faster than one shared
// io_context with a strand per connection).
struct HttpServer::Impl {
  explicit Impl(HttpServerOptions opts, HttpHandler& h) : options(std::move(opts)), handler(h) {
    int n = options.threads < 1 ? 1 : options.threads;
    for (int i = 0; i < n; ++i) contexts.push_back(std::make_unique<net::io_context>(1));
    acceptor.emplace(*contexts[0]);
    retry.emplace(*contexts[0]);
  }

  net::io_context& next_context() { return *contexts[next++ % contexts.size()]; }

  void accept() {
    acceptor->async_accept(next_context(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
      if (ec) {
        // Out of file descriptors or similar: wait a moment instead of spinning, keep serving the rest.
        std::cerr << "opsgym serve: accept failed: " << ec.message() << "\n";
        retry->expires_after(std::chrono::milliseconds(50));
        retry->async_wait([this](beast::error_code) { accept(); });
        return;
      }
      beast::error_code opt_ec;
      socket.set_option(tcp::no_delay(true), opt_ec);  // small responses must not wait for Nagle
      if (!connections.make_room()) {  // at the cap and every connection busy: this one cannot be served
        socket.close(opt_ec);
        return accept();
      }
      std::make_shared<HttpConnection>(std::move(socket), connections.add(), handler, options)->run();
      accept();
    });
  }

  HttpServerOptions options;
  HttpHandler& handler;
  ConnectionTable connections{effective_max_connections(options.max_connections)};
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<std::unique_ptr<net::executor_work_guard<net::io_context::executor_type>>> work;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> retry;
  std::vector<std::thread> threads;
  std::vector<int> thread_cpus;  // with pin_threads: where each thread runs
  size_t next = 0;
  bool stopped = false;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host == "localhost" ? "127.0.0.1" : impl_->options.host, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + impl_->options.host + "': not an IP address");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = *impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) +
                             ": " + ec.message());
}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor->local_endpoint(ec).port();
}

void HttpServer::start() {
  impl_->accept();
  const std::vector<int> cpus = impl_->options.pin_threads ? allowed_cpus() : std::vector<int>{};
  for (size_t i = 0; i < impl_->contexts.size(); ++i) {
    net::io_context& context = *impl_->contexts[i];
    // Threads without connections yet must not return from run() for lack of work.
    impl_->work.push_back(std::make_unique<net::executor_work_guard<net::io_context::executor_type>>(context.get_executor()));
    auto& thread = impl_->threads.emplace_back([&context] { run_guarded(context); });
    if (cpus.empty()) continue;
    const int cpu = cpus[i % cpus.size()];
    impl_->thread_cpus.push_back(set_thread_cpus(thread.native_handle(), {cpu}) ? cpu : -1);
  }
}

std::vector<int> HttpServer::thread_cpus() const { return impl_->thread_cpus; }

void HttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  net::post(impl_->acceptor->get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor->close(ec);
  });
  for (auto& context : impl_->contexts) context->stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
}

}  // namespace opsgym::server
