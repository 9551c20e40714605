// peer_loop.cpp — see peer_loop.hpp.
#include "peer_loop.hpp"

#include <stdexcept>

#include "core/affinity.hpp"
#include "net/connection_ws.hpp"
#include "net/tls/tls_context.hpp"
#include "net/uring/socket_util.hpp"

namespace xtb::test_support {

std::uint16_t WsPeer::on_upgrade_request(std::string_view t) {
  target.assign(t);
  return loop->hooks().on_ws_upgrade(*this);
}

void WsPeer::on_message(net::WsOpcode, const std::uint8_t* d, std::size_t n) {
  loop->hooks().on_ws_message(*this, std::string_view(reinterpret_cast<const char*>(d), n));
}

net::WsSendStatus WsPeer::send(std::string_view text) noexcept {
  return ws->send_text(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

bool WsPeer::flush(std::atomic<std::size_t>* sent) {
  while (open && !queue.empty()) {
    if (send(queue.front()) != net::WsSendStatus::Ok) break;
    queue.pop_front();
    if (sent != nullptr) sent->fetch_add(1);
  }
  return open && !queue.empty();
}

PeerLoop::PeerLoop(const PeerLoopConfig& cfg, PeerHooks& hooks) : cfg_(cfg), hooks_(hooks) {
  std::atomic<int> ready{0};
  std::string err;
  thread_ = std::thread([this, &ready, &err] {
    set_current_thread_name(cfg_.thread_name.c_str());
    if (cfg_.cpu >= 0)
      if (auto e = pin_current_thread(cfg_.cpu)) pin_error_ = cfg_.thread_name + " pin: " + e.message;
    if (!open(err)) {
      ready.store(-1);
      return;
    }
    ready.store(1);
    run();
  });
  while (ready.load() == 0) std::this_thread::yield();
  if (ready.load() != 1) {
    thread_.join();
    throw std::runtime_error("fake peer " + cfg_.thread_name + ": " + err);
  }
}

PeerLoop::~PeerLoop() { stop(); }

void PeerLoop::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

bool PeerLoop::open(std::string& err) {
  net::LoopConfig lc;
  lc.max_conns = cfg_.max_conns;
  lc.max_timers = cfg_.max_timers;
  if (cfg_.tx_buf_size != 0) lc.tx_buf_size = cfg_.tx_buf_size;
  loop_ = net::EventLoop::create(lc, &err);
  if (!loop_) return false;
  if (!cfg_.cert_file.empty()) {
    net::TlsServerOptions so;
    so.cert_file = cfg_.cert_file;
    so.key_file = cfg_.key_file;
    tls_ = net::TlsContext::server(so, &err);
    if (!tls_) return false;
  }
  if (cfg_.websocket && !open_listener(ws_acceptor_, true, ws_port_, err)) return false;
  return !cfg_.http || open_listener(http_acceptor_, false, http_port_, err);
}

bool PeerLoop::open_listener(Acceptor& a, bool websocket, std::uint16_t& port, std::string& err) {
  a.owner = this;
  a.websocket = websocket;
  const int fd = net::make_listen_socket(net::ipv4("127.0.0.1", 0), cfg_.backlog);
  if (fd < 0) {
    err = "listen socket";
    return false;
  }
  port = net::local_port(fd);
  loop_->listen(fd, a);
  return true;
}

void PeerLoop::accept(int fd, bool websocket) {
  net::ConnectionConfig cc;
  cc.host = cfg_.thread_name;
  cc.tls = tls_ != nullptr;
  cc.plain_out_size = 1 << 20;
  if (websocket) {
    auto s = std::make_unique<WsPeer>();
    s->loop = this;
    net::WsStreamOptions o;
    o.ws.role = net::WsRole::Server;
    o.ws.ping_interval_ns = 0;
    o.out_bytes = cfg_.ws_out_bytes;
    s->ws = std::make_unique<net::WsStream>(*loop_, o, *s);
    s->conn = std::make_unique<net::Connection>(*loop_, tls_.get(), cc, *s->ws, s.get());
    s->conn->accept(fd);
    ws_.push_back(std::move(s));
  } else {
    auto s = std::make_unique<HttpSession>(*this);
    s->conn = std::make_unique<net::Connection>(*loop_, tls_.get(), cc, *s, s.get());
    s->conn->accept(fd);
    http_.push_back(std::move(s));
  }
}

bool PeerLoop::flush_ws() {
  bool pending = false;
  for (auto& s : ws_) pending = s->flush(&ws_sent_) || pending;
  return pending;
}

void PeerLoop::drop_ws() {
  for (auto& s : ws_) s->conn->stop();
}

void PeerLoop::run() {
  while (!stop_.load(std::memory_order_relaxed)) {
    hooks_.on_turn(*this);
    const bool pending = flush_ws();
    loop_->poll(pending ? 0 : hooks_.idle_wait_ns());
    std::erase_if(ws_, [](const auto& s) { return s->dead; });
    std::erase_if(http_, [](const auto& s) { return s->dead; });
    hooks_.on_turn_end(*this, pending);
  }
  for (auto& s : ws_) s->conn->stop();
  for (auto& s : http_) s->conn->stop();
  for (int i = 0; i < 20; ++i) loop_->poll(0);
  ws_.clear();
  http_.clear();
}

}  // namespace xtb::test_support
