// fuzz_ws_server.cpp — libFuzzer target: a WebSocket *server* receives arbitrary bytes
// from the first byte on: the upgrade request (HttpMessageParser in request mode +
// ws_check_client_request) and, when that happens to be valid, masked client frames.
// Seeds in fuzz/net/corpus/ws_server start with a valid upgrade request.
//
// Input layout: byte 0 = max piece size (1..64, 0 = whole); the rest is the
// client→server stream. Invariants (trap on violation): no message before on_open or
// after an error; at most one of on_error / on_close; after EOF the connection is
// Closed or Failed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/uring/tx_buffer.hpp"
#include "net/ws/ws_connection.hpp"

using namespace xtb::net;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr std::size_t kTx = 256 * 1024;
std::uint8_t g_tx[kTx];

struct Handler : WsHandler {
  WsConnection* conn = nullptr;
  bool opened = false;
  int errors = 0, closes = 0;
  void on_open() override { opened = true; }
  void on_message(WsOpcode op, const std::uint8_t* d, std::size_t n) override {
    FUZZ_ASSERT(opened && errors == 0);
    conn->send(op, d, n, 0);
  }
  void on_close(std::uint16_t, std::string_view) override { ++closes; }
  void on_error(WsError, std::uint16_t) override { ++errors; }
  std::uint16_t on_upgrade_request(std::string_view target) override {
    return target.size() > 1 && target[1] == 'x' ? 404 : 101;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t piece_max = data[0] % 65;
  ++data;
  --size;
  TxBuffer tx;
  tx.bind(g_tx, kTx);
  WsConfig cfg;
  cfg.role = WsRole::Server;
  cfg.max_message_bytes = 64 * 1024;
  Handler h;
  WsConnection ws(cfg, tx, h);
  h.conn = &ws;
  ws.start_server(0);
  std::size_t off = 0;
  while (off < size) {
    const std::size_t n = piece_max == 0 ? size - off : std::min(size - off, 1 + (off * 13 + 5) % piece_max);
    ws.on_bytes(data + off, n);
    off += n;
    while (tx.queued() > 0) tx.complete_send(static_cast<std::uint32_t>(tx.begin_send().size()));
  }
  ws.on_eof();
  FUZZ_ASSERT(h.errors + h.closes <= 1);
  FUZZ_ASSERT(ws.should_close_transport());
  return 0;
}
