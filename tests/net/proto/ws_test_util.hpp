// ws_test_util.hpp — test helpers for WsConnection: a recording handler and an
// in-memory client↔server pair (our client against our server, no sockets).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/uring/tx_buffer.hpp"
#include "net/ws/ws_connection.hpp"
#include "net/ws/ws_frame_codec.hpp"

namespace xtb::test {

/// Records every callback; optionally echoes messages back through `echo`.
struct WsRecorder : net::WsHandler {
  struct Msg {
    net::WsOpcode op;
    std::string data;
  };
  bool opened = false;
  std::vector<Msg> messages;
  int closes = 0;
  std::uint16_t close_code = 0;
  std::string close_reason;
  int errors = 0;
  net::WsError error = net::WsError::None;
  std::uint16_t error_code = 0;
  int pongs = 0;
  int rotations = 0;
  std::uint16_t upgrade_answer = 101;
  std::string upgrade_target;
  net::WsConnection* echo = nullptr;
  bool store = true;           ///< false: count only (allocation-free handler)
  std::size_t message_count = 0;
  std::size_t message_bytes = 0;

  void on_open() override { opened = true; }
  void on_message(net::WsOpcode op, const std::uint8_t* d, std::size_t n) override {
    ++message_count;
    message_bytes += n;
    if (store) messages.push_back({op, std::string(reinterpret_cast<const char*>(d), n)});
    if (echo != nullptr) echo->send(op, d, n, 0);
  }
  void on_close(std::uint16_t code, std::string_view reason) override {
    ++closes;
    close_code = code;
    close_reason = std::string(reason);
  }
  void on_error(net::WsError e, std::uint16_t code) override {
    ++errors;
    error = e;
    error_code = code;
  }
  void on_pong(const std::uint8_t*, std::size_t) override { ++pongs; }
  void on_rotate_due() override { ++rotations; }
  std::uint16_t on_upgrade_request(std::string_view target) override {
    upgrade_target = std::string(target);
    return upgrade_answer;
  }
};

/// A TxBuffer with its own storage.
struct OwnedTx {
  explicit OwnedTx(std::size_t cap = 4u << 20) : storage(std::make_unique<std::uint8_t[]>(cap)) {
    tx.bind(storage.get(), static_cast<std::uint32_t>(cap));
  }
  /// Moves everything queued into `sink(data, n)` and empties the buffer.
  template <class Sink>
  void drain(Sink&& sink) {
    while (tx.queued() > 0) {
      const auto span = tx.begin_send();
      const auto n = static_cast<std::uint32_t>(span.size());
      sink(span.data(), span.size());
      tx.complete_send(n);
    }
  }
  std::string take() {
    std::string s;
    drain([&](const std::uint8_t* p, std::size_t n) { s.append(reinterpret_cast<const char*>(p), n); });
    return s;
  }
  std::unique_ptr<std::uint8_t[]> storage;
  net::TxBuffer tx;
};

inline net::WsConfig ws_config(net::WsRole role, std::size_t max_message = 1 << 20) {
  net::WsConfig c;
  c.role = role;
  c.max_message_bytes = max_message;
  c.ping_interval_ns = 0;  // tests drive pings explicitly unless they set it
  return c;
}

/// Our client and our server wired back to back in memory.
struct WsPair {
  explicit WsPair(std::size_t max_message = 1 << 20, net::WsConfig ccfg = ws_config(net::WsRole::Client),
                  net::WsConfig scfg = ws_config(net::WsRole::Server))
      : client_tx(), server_tx() {
    ccfg.max_message_bytes = scfg.max_message_bytes = max_message;
    client = std::make_unique<net::WsConnection>(ccfg, client_tx.tx, client_rec);
    server = std::make_unique<net::WsConnection>(scfg, server_tx.tx, server_rec);
  }
  /// Runs the opening handshake for `target`; true when both sides are Open.
  bool open(std::string_view target = "/ws/btcusdt@bookTicker", std::int64_t now = 0) {
    server->start_server(now);
    net::WsClientRequest req{"127.0.0.1:9443", target};
    if (client->start_client(req, now) != net::HttpError::None) return false;
    pump();
    return client->is_open() && server->is_open();
  }
  /// Moves bytes both ways until neither side has anything queued. `piece` > 0 feeds
  /// the bytes in pieces of that size (split-point coverage).
  void pump(std::size_t piece = 0) {
    for (int round = 0; round < 1000; ++round) {
      const bool idle = client_tx.tx.queued() == 0 && server_tx.tx.queued() == 0;
      if (idle) return;
      client_tx.drain([&](const std::uint8_t* p, std::size_t n) { feed(*server, p, n, piece); });
      server_tx.drain([&](const std::uint8_t* p, std::size_t n) { feed(*client, p, n, piece); });
    }
  }
  static void feed(net::WsConnection& c, const std::uint8_t* p, std::size_t n, std::size_t piece) {
    if (piece == 0) return c.on_bytes(p, n);
    for (std::size_t off = 0; off < n; off += piece) c.on_bytes(p + off, std::min(piece, n - off));
  }

  OwnedTx client_tx, server_tx;
  WsRecorder client_rec, server_rec;
  std::unique_ptr<net::WsConnection> client, server;
};

/// Decodes frames a peer of `role` would receive from `wire` (e.g. our client's output
/// decoded as a server): returns (opcode, payload) per complete frame.
inline std::vector<std::pair<std::uint8_t, std::string>> decode_frames(net::WsRole receiver_role,
                                                                       const std::string& wire) {
  net::WsFrameCodec codec(receiver_role);
  codec.set_input(reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size());
  std::vector<std::pair<std::uint8_t, std::string>> out;
  std::string cur;
  net::WsFrameChunk c;
  while (codec.read(c) == net::WsFrameCodec::ReadStatus::Chunk) {
    cur.append(reinterpret_cast<const char*>(c.data), c.size);
    if (c.frame_end) {
      out.emplace_back(c.opcode, cur);
      cur.clear();
    }
  }
  return out;
}

/// Close code inside a close-frame payload (0 when empty).
inline std::uint16_t close_code_of(const std::string& payload) {
  if (payload.size() < 2) return 0;
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]));
}

}  // namespace xtb::test
