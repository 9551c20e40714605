// test_codecs.hpp — tiny StreamCodecs and observers for the transport tests: a client
// that sends a greeting and records what comes back, an upper-casing echo server side,
// an acceptor that wraps every accepted socket in a server Connection, and a recorder
// of ConnState transitions.
#pragma once
#include <cctype>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "net/connection.hpp"
#include "net/connection_ws.hpp"

namespace xtb::net::test {

struct StateRecorder final : ConnObserver {
  std::vector<std::pair<ConnStatus, std::int32_t>> events;
  void on_conn_state(std::uint16_t, ConnStatus s, std::int32_t reason) noexcept override {
    events.emplace_back(s, reason);
  }
  int count(ConnStatus s) const {
    int n = 0;
    for (const auto& e : events) n += e.first == s;
    return n;
  }
  std::int32_t last_reason() const { return events.empty() ? -1 : events.back().second; }
};

/// Client codec: writes `greeting` on open, appends everything received to `rx`.
struct GreetingClient final : StreamCodec {
  std::string greeting;
  std::string rx;
  ByteStream* out = nullptr;
  int opens = 0;
  int closes = 0;
  std::int32_t close_reason = -1;
  void on_open(ByteStream& o) noexcept override {
    out = &o;
    ++opens;
    if (!greeting.empty()) o.write(greeting.data(), greeting.size());
  }
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override { rx.append(reinterpret_cast<const char*>(d), n); }
  void on_closed(std::int32_t reason) noexcept override {
    out = nullptr;
    ++closes;
    close_reason = reason;
  }
};

/// Server codec: echoes every byte upper-cased.
struct UpperEcho final : StreamCodec {
  ByteStream* out = nullptr;
  std::size_t received = 0;
  void on_open(ByteStream& o) noexcept override { out = &o; }
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override {
    received += n;
    auto span = out->out_reserve(n);
    if (span.size() < n) return;
    for (std::size_t i = 0; i < n; ++i) span[i] = static_cast<std::uint8_t>(std::toupper(d[i]));
    out->out_commit(n);
  }
  void on_closed(std::int32_t) noexcept override { out = nullptr; }
};

/// Listener handler: every accepted socket becomes a server Connection with UpperEcho.
struct EchoAcceptor final : ConnHandler {
  struct Session {
    UpperEcho codec;
    StateRecorder states;
    std::unique_ptr<Connection> conn;
  };
  EventLoop& loop;
  TlsContext* tls_ctx;
  std::vector<std::unique_ptr<Session>> sessions;
  EchoAcceptor(EventLoop& l, TlsContext* ctx) : loop(l), tls_ctx(ctx) {}
  void on_connect(ConnId, int) noexcept override {}
  void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
  void on_close(ConnId, int) noexcept override {}
  void on_accept(ConnId, int fd) noexcept override {
    auto s = std::make_unique<Session>();
    ConnectionConfig cfg;
    cfg.tls = tls_ctx != nullptr;
    cfg.host = "accepted";
    s->conn = std::make_unique<Connection>(loop, tls_ctx, cfg, s->codec, &s->states);
    s->conn->accept(fd);
    sessions.push_back(std::move(s));
  }
  int open_sessions() const {
    int n = 0;
    for (const auto& s : sessions) n += s->conn->is_open();
    return n;
  }
};

/// WebSocket handler: records messages and the close, or echoes (server side).
struct WsRecorder final : WsHandler {
  WsStream* stream = nullptr;
  bool echo = false;    ///< server side: send every message back
  bool record = true;   ///< keep message copies (off for allocation tests)
  int opens = 0;
  std::uint64_t count = 0;
  std::vector<std::pair<WsOpcode, std::string>> messages;
  std::uint16_t close_code = 0;
  std::string close_reason;
  WsError error = WsError::None;
  void on_open() override { ++opens; }
  void on_message(WsOpcode op, const std::uint8_t* d, std::size_t n) override {
    ++count;
    if (echo) stream->send(op, d, n);
    else if (record) messages.emplace_back(op, std::string(reinterpret_cast<const char*>(d), n));
  }
  void on_close(std::uint16_t code, std::string_view reason) override {
    close_code = code;
    close_reason = reason;
  }
  void on_error(WsError e, std::uint16_t) override { error = e; }
};

}  // namespace xtb::net::test
