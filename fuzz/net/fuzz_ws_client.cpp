// fuzz_ws_client.cpp — libFuzzer target: a WebSocket *client* after a valid opening
// handshake receives arbitrary bytes (the WS frame path: wslay frame parsing, WsReceiver
// reassembly / UTF-8 / control frames / close codes, WsConnection state machine).
//
// Input layout: byte 0 = max piece size for splitting the rest (1..64, or whole when 0),
// byte 1 = timer step selector; the rest is the server→client byte stream. The handler
// echoes every message and sends a close after the 5th, so the send path and the
// Closing state are exercised too. Invariants (trap on violation): on_error at most once
// and never followed by a message; stats match the callbacks; TxBuffer never overflows.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "net/uring/tx_buffer.hpp"
#include "net/ws/ws_connection.hpp"
#include "net/ws/ws_handshake.hpp"

using namespace xtb::net;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

struct Handler : WsHandler {
  WsConnection* conn = nullptr;
  int errors = 0, closes = 0;
  std::uint64_t messages = 0;
  void on_open() override {}
  void on_message(WsOpcode op, const std::uint8_t* d, std::size_t n) override {
    FUZZ_ASSERT(errors == 0 && closes == 0);
    FUZZ_ASSERT(op == WsOpcode::Text || op == WsOpcode::Binary);
    ++messages;
    conn->send(op, d, n, 1000);
    if (messages == 5) conn->close(1000, "enough", 0);
  }
  void on_close(std::uint16_t, std::string_view) override { ++closes; }
  void on_error(WsError e, std::uint16_t) override {
    FUZZ_ASSERT(e != WsError::None);
    ++errors;
  }
};

constexpr std::size_t kTx = 256 * 1024;
std::uint8_t g_tx[kTx];

void drain(TxBuffer& tx) {
  while (tx.queued() > 0) tx.complete_send(static_cast<std::uint32_t>(tx.begin_send().size()));
}

/// Answers the client's upgrade request with a valid 101 (accept computed from its key).
void complete_handshake(WsConnection& ws, TxBuffer& tx) {
  const auto req = tx.begin_send();
  const std::string_view text(reinterpret_cast<const char*>(req.data()), req.size());
  const std::size_t at = text.find("Sec-WebSocket-Key: ");
  FUZZ_ASSERT(at != std::string_view::npos);
  char accept[kWsAcceptChars];
  ws_accept_for_key(text.substr(at + 19, kWsKeyChars), accept);
  tx.complete_send(static_cast<std::uint32_t>(req.size()));
  char resp[256];
  const int n = std::snprintf(resp, sizeof(resp),
                              "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: %.*s\r\n\r\n",
                              static_cast<int>(kWsAcceptChars), accept);
  ws.on_bytes(reinterpret_cast<const std::uint8_t*>(resp), static_cast<std::size_t>(n));
  FUZZ_ASSERT(ws.is_open());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t piece_max = data[0] % 65;
  const std::int64_t step = 1'000'000'000LL * (data[1] % 16);
  data += 2;
  size -= 2;

  TxBuffer tx;
  tx.bind(g_tx, kTx);
  WsConfig cfg;
  cfg.role = WsRole::Client;
  cfg.max_message_bytes = 64 * 1024;
  cfg.ping_interval_ns = 3'000'000'000;
  cfg.pong_timeout_ns = 5'000'000'000;
  Handler h;
  WsConnection ws(cfg, tx, h);
  h.conn = &ws;
  FUZZ_ASSERT(ws.start_client(WsClientRequest{"fuzz.local", "/ws/btcusdt@bookTicker"}, 0) == HttpError::None);
  complete_handshake(ws, tx);

  std::int64_t now = 0;
  std::size_t off = 0;
  while (off < size) {
    const std::size_t n = piece_max == 0 ? size - off : std::min(size - off, 1 + (off * 31 + 7) % piece_max);
    ws.on_bytes(data + off, n);
    off += n;
    now += step;
    ws.on_timer(now);
    FUZZ_ASSERT(tx.queued() <= kTx);
    drain(tx);
  }
  ws.on_eof();
  FUZZ_ASSERT(h.errors <= 1);
  FUZZ_ASSERT(h.closes <= 1);
  FUZZ_ASSERT(ws.stats().messages_rx == h.messages);
  FUZZ_ASSERT(ws.should_close_transport());
  return 0;
}
