// http_server_session.hpp — one accepted HTTP/1.1 server connection on a net::Connection:
// the glue between the transport (ByteStream: TCP or TLS) and the HTTP server codec
// (net/http/http_server.hpp) with an owned transmit buffer. Requests go to
// `owner.handle(conn, request)`; answers written into the codec's TxBuffer are copied into
// the stream as it has room (on_bytes / on_writable), and the stream is closed once the
// codec says so (Connection: close, protocol error).
//
// Used by the loopback venue peers (the fake-venue kit tests/support/, bench/latency_common's load
// generator). `Owner` must provide
//   void handle(net::HttpServerConnection&, const net::HttpMessageParser&);
// Units: kTxBytes is the transmit buffer size in bytes (allocated once, per session).
// Thread: the EventLoop thread that owns the connection (all callbacks run there).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "net/connection.hpp"
#include "net/http/http_server.hpp"
#include "net/uring/tx_buffer.hpp"

namespace xtb::net {

template <class Owner>
struct HttpServerSession final : StreamCodec, HttpServerHandler, ConnObserver {
  static constexpr std::uint32_t kTxBytes = 1 << 20;

  explicit HttpServerSession(Owner& o)
      : owner(o), storage(new std::uint8_t[kTxBytes]), http(HttpServerConfig{}, out, *this) {
    out.bind(storage.get(), kTxBytes);
  }

  Owner& owner;
  std::unique_ptr<std::uint8_t[]> storage;
  TxBuffer out;
  HttpServerConnection http;
  std::unique_ptr<Connection> conn;  ///< set by the owner after accepting
  ByteStream* stream = nullptr;      ///< null once closed
  bool dead = false;                 ///< closed or disconnected: the owner may reap it

  // StreamCodec
  void on_open(ByteStream& s) noexcept override { stream = &s; }
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override {
    http.on_bytes(d, n);
    drain();
  }
  void on_writable() noexcept override { drain(); }
  void on_closed(std::int32_t) noexcept override {
    stream = nullptr;
    dead = true;
  }
  // HttpServerHandler
  void on_request(HttpServerConnection& c, const HttpMessageParser& req) override { owner.handle(c, req); }
  void on_error(HttpServerConnection&, HttpError) override {}
  // ConnObserver
  void on_conn_state(std::uint16_t, ConnStatus s, std::int32_t) noexcept override {
    if (s == ConnStatus::Disconnected) dead = true;
  }

  /// Copies pending answer bytes into the stream while it has room; closes the stream
  /// when the codec asks for it and everything is out.
  void drain() noexcept {
    while (stream != nullptr && out.unsent() > 0) {
      const auto src = out.begin_send();
      const auto dst = stream->out_reserve(1);
      const std::size_t n = std::min(dst.size(), src.size());
      if (n != 0) {
        std::memcpy(dst.data(), src.data(), n);
        stream->out_commit(n);
      }
      out.complete_send(static_cast<std::uint32_t>(n));
      if (n == 0) return;
    }
    if (stream != nullptr && http.should_close()) {
      ByteStream* s = stream;
      stream = nullptr;
      s->close(0);
    }
  }
};

}  // namespace xtb::net
