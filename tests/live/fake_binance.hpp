// fake_binance.hpp — a small fake Binance USD-M peer for the live-stage tests, built from
// our own server pieces (TLS server, WebSocket server, HTTP/1.1 server on the EventLoop),
// with a self-signed CA made at test time (net/tls/self_signed.hpp). It runs on its own
// thread and speaks the real wire protocol on loopback:
//
//   WSS  (ws_port)   accepts any target; the test pushes messages to the connections
//                    whose request target starts with a prefix ("/stream", "/ws/<key>").
//   HTTPS (rest_port) GET /fapi/v1/time, GET /fapi/v1/exchangeInfo, GET
//                    /fapi/v1/positionSide/dual, POST/PUT/DELETE
//                    /fapi/v1/listenKey, GET /fapi/v1/depth (the capture's real REST
//                    snapshot), POST/DELETE /fapi/v1/order, GET openOrders /
//                    openAlgoOrders / v3 positionRisk — answered with the recorded fixtures
//                    of ../shared/data/binance-usdm/fixtures/http/ and Binance's headers
//                    (X-MBX-USED-WEIGHT-1M, X-MBX-ORDER-COUNT-10S/-1M). SIGNED requests are
//                    verified with binance::HmacSha256Signer over totalParams = query +
//                    body (authentication.md) and the X-MBX-APIKEY header is checked.
//   faults           Silent (never answer: the client times out), TooMany (429 +
//                    Retry-After for the next n requests), drop_ws() (server closes every
//                    WebSocket connection).
//
// Test code: std::string, mutexes and allocation are fine here; the controls are
// thread-safe and applied on the peer's own thread.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace xtb::live::test {

struct RestRequest {
  std::string method, path, query, body, api_key;
  bool signed_request = false;  ///< carried a signature parameter
  bool signature_ok = false;    ///< ... that matches HMAC-SHA256(secret, totalParams)
};

enum class RestMode : std::uint8_t { Normal, Silent, TooMany };

struct FakeBinanceConfig {
  std::string cert_file, key_file;  ///< server leaf (localhost / 127.0.0.1)
  std::string api_key, secret;
  std::string depth_snapshot;       ///< body of GET /fapi/v1/depth
  std::vector<std::string> listen_keys;  ///< POST answers in turn (last one repeats)
  std::uint32_t used_weight = 11;   ///< X-MBX-USED-WEIGHT-1M on every answer
};

class FakeBinance {
 public:
  explicit FakeBinance(const FakeBinanceConfig& cfg);
  ~FakeBinance();
  FakeBinance(const FakeBinance&) = delete;
  FakeBinance& operator=(const FakeBinance&) = delete;

  std::uint16_t ws_port() const { return ws_port_; }
  std::uint16_t rest_port() const { return rest_port_; }

  /// Queues text messages for every open WebSocket whose target starts with `prefix`
  /// (sent in order, as fast as the connection drains).
  void push(const std::string& prefix, std::vector<std::string> messages);
  /// Server-side close of every WebSocket connection (TLS close_notify + FIN).
  void drop_ws();
  /// REST fault mode; TooMany answers the next `count` requests with 429 + Retry-After.
  void set_rest_mode(RestMode m, std::uint32_t count = 1, std::uint32_t retry_after_s = 1);

  /// Snapshots (thread-safe).
  std::vector<std::string> ws_targets() const;    ///< upgrade targets accepted, in order
  std::size_t open_ws(const std::string& prefix) const;
  std::size_t ws_sent() const { return ws_sent_.load(); }
  bool ws_idle() const;                           ///< nothing queued for any connection
  std::vector<RestRequest> requests() const;
  std::size_t count(const std::string& method, const std::string& path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t ws_port_ = 0, rest_port_ = 0;
  std::atomic<std::size_t> ws_sent_{0};
  std::thread thread_;
};

}  // namespace xtb::live::test
