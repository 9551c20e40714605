// load_generator.hpp — the latency benchmark's load generator: a loopback Binance USD-M
// peer on two threads of its own, each a fake-venue kit PeerLoop (tests/support/: TLS /
// WebSocket / HTTP sessions on net/), answering with the kit's Binance USD-M preset
// (routes, recorded fixtures, HMAC check), that
//
//   WSS   streams MarketMessages OPEN-LOOP at a fixed rate: message i is due at
//         t0 + i / rate whatever happened before (a slow client or a stalled generator
//         never delays the schedule, it only makes messages late — that lateness counts
//         in the latency, which corrects coordinated omission the HdrHistogram way:
//         measure from the intended time). Every `trigger_every`-th bookTicker is a
//         trigger (market_messages.hpp): its bid is above a threshold the data never
//         reaches. Targets: "/stream?streams=..." gets the combined form; any other
//         target ("/ws/<stream>", "/ws/0" + SUBSCRIBE as ccxt does) the raw form. A JSON
//         request with "method" and "id" (SUBSCRIBE, ...) is answered {"result":null,"id":N}.
//   HTTPS every route of the preset (tests/support/binance_usdm_preset.hpp: time,
//         exchangeInfo, positionSide/dual, listenKey, order, ...; X-MBX-USED-WEIGHT-1M 1).
//         POST /fapi/v1/order: the arrival of an order request is stamped (TSC) before
//         anything else, its `price` names the trigger (threshold + k ticks), and
//         intended-send → arrival goes into the wire-to-wire histogram. The order is
//         answered with Binance's recorded body (clientOrderId echoed). Its HMAC-SHA256
//         signature over totalParams and its X-MBX-APIKEY are verified when
//         `verify_signatures` (default on; after the arrival stamp, so it does not count in
//         the latency): a failure is refused 400 -1022 and counted (bad_signatures).
//
// Threads: construct/start/finish on one control thread. Two server threads: the market
// thread owns the schedule and the WebSocket sessions, the order thread the REST sessions
// (so a busy stream never delays an order's arrival stamp or answer); trigger slots pass
// between them with release/acquire.
// Allocation: the server threads allocate freely (it is not the system under test).
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "binance_usdm_preset.hpp"
#include "market_messages.hpp"
#include "telemetry/histogram.hpp"

namespace xtb::bench {

struct GeneratorConfig {
  std::string cert_file, key_file;  ///< server leaf for localhost / 127.0.0.1
  std::string api_key, secret;      ///< X-MBX-APIKEY and HMAC key expected from clients
  bool verify_signatures = true;
  test_support::BinanceFixtures fixtures;  ///< recorded REST answers (empty: the shared data's)
  std::int64_t threshold_ticks = 900000;   ///< triggers: bid = threshold + k (0.10 ticks)
  int cpu = -1;                            ///< pin the market-data thread (-1: no)
  int rest_cpu = -1;                       ///< pin the order (REST) thread (-1: no)
  bool spin = false;                       ///< busy-poll; otherwise sleep until the next due message
};

/// One open-loop run.
struct StreamPlan {
  double rate = 1000;                  ///< messages per second
  std::uint64_t total = 3000;          ///< messages to send (warm-up included)
  std::uint64_t warmup = 1000;         ///< first messages whose triggers are not recorded
  std::uint32_t trigger_every = 100;   ///< every Nth bookTicker is a trigger
  std::int64_t max_ns = 30'000'000'000;  ///< stop sending this long after t0 (client too slow)
};

struct GeneratorResult {
  std::uint64_t sent = 0, unsent = 0;           ///< unsent: the schedule gave up (max_ns)
  std::uint64_t triggers = 0, triggers_recorded = 0;
  std::uint64_t matched = 0, matched_recorded = 0;  ///< orders that matched a trigger
  std::uint64_t orders = 0, unmatched_orders = 0, duplicate_orders = 0, bad_signatures = 0;
  std::uint64_t would_block = 0;                ///< sends refused by a full WebSocket buffer
  double seconds = 0;                           ///< t0 → last message sent
  double achieved_rate = 0;                     ///< sent / seconds
  Histogram wire{3, 60'000'000'000};            ///< intended send → order arrival, ns (recorded triggers)
  Histogram wire_from_send{3, 60'000'000'000};  ///< actual send → order arrival, ns
  Histogram lag{3, 60'000'000'000};             ///< actual − intended send time, ns (every message)
};

class LoadGenerator {
 public:
  /// Starts the two server threads, listening on two ephemeral loopback ports. Throws
  /// std::runtime_error when the loop, TLS context or sockets cannot be made.
  LoadGenerator(const GeneratorConfig& cfg, const MarketMessages& msgs);
  ~LoadGenerator();
  LoadGenerator(const LoadGenerator&) = delete;
  LoadGenerator& operator=(const LoadGenerator&) = delete;

  std::uint16_t ws_port() const noexcept { return ws_port_; }
  std::uint16_t rest_port() const noexcept { return rest_port_; }
  /// WebSocket sessions that receive market data (open; subscribed for bare /ws targets).
  std::size_t subscribed() const noexcept { return subscribed_.load(std::memory_order_acquire); }
  std::uint64_t rest_requests() const noexcept { return rest_requests_.load(std::memory_order_relaxed); }

  /// Starts streaming `plan` 2 ms from now (asynchronous).
  void start(const StreamPlan& plan);
  /// Every planned message was sent (or the schedule gave up).
  bool sending_done() const noexcept { return sending_done_.load(std::memory_order_acquire); }
  /// Triggers sent so far whose order has arrived, and triggers sent.
  std::uint64_t matched() const noexcept { return matched_.load(std::memory_order_relaxed); }
  std::uint64_t triggers() const noexcept { return triggers_.load(std::memory_order_relaxed); }
  /// Stops the server threads (closing every connection) and returns the run's numbers.
  GeneratorResult finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t ws_port_ = 0, rest_port_ = 0;
  std::atomic<std::size_t> subscribed_{0};
  std::atomic<std::uint64_t> rest_requests_{0}, matched_{0}, triggers_{0};
  std::atomic<bool> sending_done_{false};
};

}  // namespace xtb::bench
