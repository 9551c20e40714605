// loopback_peer.cpp — see loopback_peer.hpp.
#include "loopback_peer.hpp"

#include <algorithm>

namespace xtb::test_support {

LoopbackPeer::LoopbackPeer(const PeerConfig& cfg) {
  PeerLoopConfig lc;
  lc.cert_file = cfg.cert_file;
  lc.key_file = cfg.key_file;
  lc.thread_name = cfg.thread_name;
  loop_ = std::make_unique<PeerLoop>(lc, static_cast<PeerHooks&>(*this));
}

LoopbackPeer::~LoopbackPeer() { loop_->stop(); }

void LoopbackPeer::set_routes(RouteTable t) {
  std::lock_guard<std::mutex> g(mu_);
  routes_ = std::move(t);
}

void LoopbackPeer::route(std::string_view method, std::string_view path, Handler h) {
  std::lock_guard<std::mutex> g(mu_);
  routes_.add(method, path, std::move(h));
}

void LoopbackPeer::fallback(Handler h) {
  std::lock_guard<std::mutex> g(mu_);
  routes_.set_fallback(std::move(h));
}

void LoopbackPeer::decorate(Decorator d) {
  std::lock_guard<std::mutex> g(mu_);
  routes_.set_decorator(std::move(d));
}

void LoopbackPeer::authenticate(AuthHook h) {
  std::lock_guard<std::mutex> g(mu_);
  auth_ = std::move(h);
}

void LoopbackPeer::on_ws_message(WsHook h) {
  std::lock_guard<std::mutex> g(mu_);
  ws_hook_ = std::move(h);
}

void LoopbackPeer::set_too_many_body(std::string body) {
  std::lock_guard<std::mutex> g(mu_);
  too_many_body_ = std::move(body);
}

void LoopbackPeer::push(const std::string& prefix, std::vector<std::string> messages) {
  std::lock_guard<std::mutex> g(mu_);
  idle_ = false;
  pushes_.push_back(Push{prefix, false, std::move(messages)});
}

void LoopbackPeer::push_stream(const std::string& stream, std::vector<std::string> messages) {
  std::lock_guard<std::mutex> g(mu_);
  idle_ = false;
  pushes_.push_back(Push{stream, true, std::move(messages)});
}

void LoopbackPeer::drop_ws() {
  std::lock_guard<std::mutex> g(mu_);
  drop_ = true;
}

void LoopbackPeer::set_fault(Fault f, std::uint32_t count, std::uint32_t retry_after_s) {
  std::lock_guard<std::mutex> g(mu_);
  fault_ = f;
  fault_count_ = count;
  retry_after_s_ = retry_after_s;
}

std::vector<std::string> LoopbackPeer::ws_targets() const {
  std::lock_guard<std::mutex> g(mu_);
  return targets_;
}

std::size_t LoopbackPeer::open_ws(const std::string& prefix) const {
  std::lock_guard<std::mutex> g(mu_);
  return static_cast<std::size_t>(
      std::count_if(open_.begin(), open_.end(), [&](const OpenWs& o) { return o.target.rfind(prefix, 0) == 0; }));
}

std::size_t LoopbackPeer::subscribed(const std::string& stream) const {
  std::lock_guard<std::mutex> g(mu_);
  return static_cast<std::size_t>(std::count_if(open_.begin(), open_.end(), [&](const OpenWs& o) {
    return std::find(o.streams.begin(), o.streams.end(), stream) != o.streams.end();
  }));
}

bool LoopbackPeer::ws_idle() const {
  std::lock_guard<std::mutex> g(mu_);
  return idle_ && pushes_.empty();
}

std::vector<WsMessage> LoopbackPeer::ws_received() const {
  std::lock_guard<std::mutex> g(mu_);
  return ws_received_;
}

std::vector<Request> LoopbackPeer::requests() const {
  std::lock_guard<std::mutex> g(mu_);
  return requests_;
}

std::size_t LoopbackPeer::count(const std::string& method, const std::string& path) const {
  std::lock_guard<std::mutex> g(mu_);
  return static_cast<std::size_t>(std::count_if(
      requests_.begin(), requests_.end(), [&](const Request& r) { return r.method == method && r.path == path; }));
}

// ---- the peer thread ----------------------------------------------------------------

void LoopbackPeer::on_turn(PeerLoop& loop) {
  std::lock_guard<std::mutex> g(mu_);
  for (Push& p : pushes_) {
    for (auto& s : loop.ws_sessions()) {
      if (!s->open) continue;
      const bool match = p.by_stream ? std::find(s->streams.begin(), s->streams.end(), p.key) != s->streams.end()
                                     : s->target.rfind(p.key, 0) == 0;
      if (!match) continue;
      s->queue.insert(s->queue.end(), p.messages.begin(), p.messages.end());
      idle_ = false;
    }
  }
  pushes_.clear();
  if (drop_) {
    drop_ = false;
    loop.drop_ws();
  }
}

std::uint16_t LoopbackPeer::on_ws_upgrade(WsPeer& s) {
  std::lock_guard<std::mutex> g(mu_);
  targets_.push_back(s.target);
  return 101;
}

void LoopbackPeer::on_ws_message(WsPeer& s, std::string_view text) {
  WsMessage m{s.target, std::string(text)};
  WsHook hook;
  {
    std::lock_guard<std::mutex> g(mu_);
    hook = ws_hook_;
  }
  if (hook) hook(s, m);
  std::lock_guard<std::mutex> g(mu_);
  ws_received_.push_back(std::move(m));
}

void LoopbackPeer::on_http(net::HttpServerConnection& c, const net::HttpMessageParser& req) {
  Request r = read_request(req);
  const Reply out = fault_or_answer(r);
  if (send_reply(c, out) != net::HttpError::None) respond_errors_.fetch_add(1);
}

Reply LoopbackPeer::fault_or_answer(Request& r) {
  std::unique_lock<std::mutex> g(mu_);
  const AuthHook auth = auth_;
  g.unlock();
  std::optional<Reply> refusal;
  if (auth) refusal = auth(r);
  g.lock();
  requests_.push_back(r);
  const Fault f = fault_;
  if (f == Fault::TooMany && --fault_count_ == 0) fault_ = Fault::None;
  Reply out;
  if (f == Fault::Silent) {
    out.silent = true;  // never answered: the client must time out
  } else if (f == Fault::TooMany) {
    out.status = 429;
    out.body = too_many_body_;
    out.headers.emplace_back("Retry-After", std::to_string(retry_after_s_));
    routes_.decorate(r, out);
  } else if (refusal) {
    out = std::move(*refusal);
    routes_.decorate(r, out);
  } else {
    out = routes_.answer(r);
  }
  return out;
}

void LoopbackPeer::on_turn_end(PeerLoop& loop, bool pending) {
  std::lock_guard<std::mutex> g(mu_);
  idle_ = !pending;
  open_.clear();
  for (auto& s : loop.ws_sessions())
    if (s->open) open_.push_back(OpenWs{s->target, s->streams});
}

}  // namespace xtb::test_support
