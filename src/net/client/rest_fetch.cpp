// rest_fetch.cpp — see rest_fetch.hpp.
#include "net/client/rest_fetch.hpp"

#include <memory>

#include "net/client/http_client_stream.hpp"
#include "core/clock.hpp"
#include "net/connection.hpp"

namespace xtb::live {

namespace {

struct Collector final : net::HttpClientHandler, net::ConnObserver {
  RestFetchResult* out = nullptr;
  bool done = false;
  std::int32_t last_reason = 0;
  void on_response(std::uint64_t, const net::HttpMessageParser& r) override {
    out->ok = true;
    out->status = r.status();
    out->body.assign(r.body_view());
    done = true;
  }
  void on_error(std::uint64_t, net::HttpError e) override {
    out->error = std::string("http: ") + net::to_string(e);
    done = true;
  }
  void on_conn_state(std::uint16_t, ConnStatus s, std::int32_t reason) noexcept override {
    if (s == ConnStatus::Disconnected) last_reason = reason;
  }
};

}  // namespace

RestFetchResult fetch_rest(const LiveEndpoint& ep, net::HttpMethod method, std::string_view target,
                           std::int64_t timeout_ns, std::size_t max_body, std::span<const net::HttpField> headers) {
  RestFetchResult res;
  net::LoopConfig lc;
  lc.max_conns = 4;
  lc.max_timers = 4;
  lc.rx_buf_count = 64;
  auto loop = net::EventLoop::create(lc, &res.error);
  if (!loop) return res;
  auto tls = make_client_tls(ep, &res.error);
  if (ep.tls && !tls) return res;
  Collector col;
  col.out = &res;
  net::HttpClientConfig hc;
  hc.limits.max_body_bytes = max_body;
  hc.request_timeout_ns = timeout_ns;
  HttpClientStream stream(hc, 16 * 1024, col);
  net::ConnectionConfig cc;
  cc.host = ep.host;
  cc.port = ep.port;
  cc.connect_address = ep.connect_address;
  cc.tls = ep.tls;
  cc.reconnect = false;
  cc.connect_timeout_ns = timeout_ns;
  net::Connection conn(*loop, tls.get(), cc, stream, &col);
  if (!conn.start(&res.error)) return res;
  const std::string host = ep.host_header();
  const std::int64_t deadline = Clock::monotonic_ns() + timeout_ns;
  bool submitted = false;
  while (!col.done) {
    const std::int64_t now = Clock::monotonic_ns();
    if (now >= deadline) {
      res.error = "timed out";
      break;
    }
    if (!submitted && stream.idle()) {
      net::HttpRequestSpec spec;
      spec.method = method;
      spec.target = target;
      spec.host = host;
      spec.headers = headers.data();
      spec.header_count = headers.size();
      if (const net::HttpError e = stream.submit(spec, 1, now); e != net::HttpError::None) {
        res.error = std::string("submit: ") + net::to_string(e);
        break;
      }
      submitted = true;
    }
    if (conn.phase() == net::Connection::Phase::Stopped && !col.done) {
      res.error = std::string("connection failed: ") + net::conn_reason::describe(col.last_reason) + " (" +
                  std::to_string(col.last_reason) + ")";
      break;
    }
    stream.on_timer(now);
    loop->poll(1'000'000);
  }
  conn.stop();
  for (int i = 0; i < 10; ++i) loop->poll(0);
  return res;
}

}  // namespace xtb::live
