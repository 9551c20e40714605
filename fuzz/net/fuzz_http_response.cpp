// fuzz_http_response.cpp — libFuzzer target: the HTTP/1.1 response path of a keep-alive
// client connection (HttpClientConnection over HttpMessageParser over http-parser 2.9)
// receives arbitrary bytes, split at input-chosen points, then EOF.
//
// Input layout: byte 0 = max piece size (1..64, 0 = whole), byte 1 bit 0 = the request
// is a HEAD; the rest is the server→client stream. After each response the handler
// submits the next request (keep-alive reuse). Invariants (trap on violation): bodies
// never exceed the configured maximum and keep kBodyPadding zero bytes after them;
// responses are only delivered while a request is in flight; at most one error.
#include <cstddef>
#include <cstdint>

#include "net/http/http_client.hpp"
#include "net/uring/tx_buffer.hpp"

using namespace xtb::net;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr std::size_t kMaxBody = 8192;
constexpr std::size_t kTx = 64 * 1024;
std::uint8_t g_tx[kTx];

struct Handler : HttpClientHandler {
  HttpClientConnection* conn = nullptr;
  HttpMethod method = HttpMethod::Get;
  int errors = 0;
  std::uint64_t responses = 0;
  void on_response(std::uint64_t tag, const HttpMessageParser& r) override {
    FUZZ_ASSERT(errors == 0);
    FUZZ_ASSERT(tag == responses + 1);
    FUZZ_ASSERT(r.body_size() <= kMaxBody);
    for (std::size_t i = 0; i < HttpMessageParser::kBodyPadding; ++i) FUZZ_ASSERT(r.body()[r.body_size() + i] == 0);
    FUZZ_ASSERT(r.status() >= 100 && r.status() <= 999);
    (void)r.rate_limits();
    (void)r.headers().find("Content-Type");
    ++responses;
    if (conn->idle()) submit();
  }
  void on_error(std::uint64_t, HttpError e) override {
    FUZZ_ASSERT(e != HttpError::None);
    ++errors;
  }
  void submit() {
    HttpRequestSpec r;
    r.method = method;
    r.target = "/fapi/v1/order?symbol=BTCUSDT";
    r.host = "fapi.binance.com";
    conn->submit(r, responses + 1, 0);
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t piece_max = data[0] % 65;
  Handler h;
  h.method = (data[1] & 1) ? HttpMethod::Head : HttpMethod::Get;
  data += 2;
  size -= 2;

  TxBuffer tx;
  tx.bind(g_tx, kTx);
  HttpClientConfig cfg;
  cfg.limits.max_body_bytes = kMaxBody;
  HttpClientConnection conn(cfg, tx, h);
  h.conn = &conn;
  h.submit();
  std::size_t off = 0;
  while (off < size) {
    const std::size_t n = piece_max == 0 ? size - off : std::min(size - off, 1 + (off * 17 + 3) % piece_max);
    conn.on_bytes(data + off, n);
    off += n;
    while (tx.queued() > 0) tx.complete_send(static_cast<std::uint32_t>(tx.begin_send().size()));
  }
  conn.on_eof();
  FUZZ_ASSERT(h.errors <= 1);
  FUZZ_ASSERT(conn.responses() == h.responses);
  return 0;
}
