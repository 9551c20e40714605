// keepalive_pool.cpp — see keepalive_pool.hpp.
#include "net/client/keepalive_pool.hpp"

#include <algorithm>

namespace xtb::live {

bool KeepAlivePool::open(const KeepAliveConfig& c, std::string& error) {
  cfg_ = c;
  net::LoopConfig lc = c.loop;
  lc.max_conns = std::max(lc.max_conns, slots_wanted() * 2 + 4);
  lc.max_timers = std::max(lc.max_timers, slots_wanted() + 4);
  lc.wait_mode = c.io_wait_ns > 0 ? net::WaitMode::Blocking : net::WaitMode::BusySpin;
  loop_ = net::EventLoop::create(lc, &error);
  if (!loop_) return false;
  if (c.endpoint.tls && !(tls_ = make_client_tls(c.endpoint, &error))) return false;
  host_header_ = c.endpoint.host_header();
  return true;
}

net::ConnectionConfig KeepAlivePool::connection_config(std::uint16_t tag, std::uint32_t i) const noexcept {
  net::ConnectionConfig cc;
  cc.host = cfg_.endpoint.host;
  cc.port = cfg_.endpoint.port;
  cc.connect_address = cfg_.endpoint.connect_address;
  cc.tls = cfg_.endpoint.tls;
  cc.tag = tag;
  cc.connect_timeout_ns = cfg_.connect_timeout_ns;
  cc.reconnect = true;  // persistent: an order never waits for a TCP + TLS handshake
  cc.backoff = cfg_.backoff;
  cc.backoff_seed = cfg_.backoff_seed + i;
  cc.plain_out_size = 64 * 1024;
  return cc;
}

}  // namespace xtb::live
