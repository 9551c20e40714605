// bench_engine.hpp — the engine side of the latency benchmark: the real live stages
//
//   binance::IngestStage (WSS feed) ─R1─▶ LiveDecodeStage ─R2─▶ ThresholdSequencer ─R3─▶ binance::EgressStage (HTTPS)
//                                      ▲──────────────────── R4 (order answers) ──────┘
//
// laid onto hot threads by a pipeline layout (core/pipeline_layout.hpp: compact = one
// thread, split = two, pinned = four; the same plans `xtb run` uses) with busy-spin,
// adaptive or blocking waits, against the load generator on loopback TLS. Symbol rules
// come from a recorded exchangeInfo body (the same one the generator serves).
//
// Internal tick-to-order is measured per order on the egress thread by the
// binance::EgressConfig::on_submitted probe: rx TSC of the bookTicker's frame at ingest → the order
// request encoded, signed, TLS-encrypted and queued on its connection (handed to the
// kernel at the end of that egress poll). Breakdown from the stamps the data carries:
//   ingest→decision   frame rx (ingest) → event taken off R2 by the sequencer
//                     (R1 hop + decode + R2 hop)
//   decision→R3       strategy + RiskGate + client id + R3 publication (OrderCommand::sent_tsc)
//   R3→submitted      R3 hop + OrderEncoder (query, HMAC-SHA256) + HTTP + TLS write
// (the live decode stage stamps nothing of its own, so decode is not split from its hops).
// Threads: construct, ready(), set_recording() and stop() on one control thread.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/layout.hpp"
#include "core/wait_strategy.hpp"
#include "telemetry/histogram.hpp"
#include "threshold_sequencer.hpp"

namespace xtb::bench {

/// CPUs of the four stages (-1: not pinned); a thread of several stages takes its first's.
struct EngineCpus {
  int ingest = -1, decode = -1, sequencer = -1, egress = -1;
};

struct EngineConfig {
  std::string ca_file;                 ///< CA that signed the generator's leaf
  std::uint16_t ws_port = 0, rest_port = 0;
  std::string api_key, secret;
  std::string exchange_info_body;      ///< /fapi/v1/exchangeInfo (symbol rules)
  std::string symbol = "BTCUSDT";
  Price threshold = 900000;            ///< ticks (90000.0 USDT)
  Qty qty = 2;                         ///< steps (0.002 BTC: 180 USDT ≥ MIN_NOTIONAL 100)
  std::uint32_t connections = 2;       ///< egress keep-alive order connections
  LayoutKind layout = LayoutKind::Pinned;  ///< concrete layout (never Auto)
  WaitMode wait = WaitMode::Blocking;      ///< BusySpin also spins ingest's I/O poll
  EngineCpus cpus;
};

struct EngineResult {
  Histogram tick_to_order{3, 60'000'000'000};  ///< rx → submitted, ns
  Histogram to_decision{3, 60'000'000'000};    ///< rx → sequencer decision
  Histogram decision_to_r3{3, 60'000'000'000}; ///< decision → R3 publish
  Histogram r3_to_submitted{3, 60'000'000'000};///< R3 publish → request queued on the socket
  std::uint64_t ingested = 0, ingest_drops = 0, egress_sent = 0, egress_local_rejects = 0;
  std::uint64_t egress_transport_errors = 0, egress_responses = 0;
  SequencerCounters seq;
  std::vector<std::string> runner_errors;
};

class BenchEngine {
 public:
  /// Builds the pipeline and starts its threads (they connect at once). Throws
  /// std::runtime_error on a bad exchangeInfo body or an unknown symbol.
  explicit BenchEngine(const EngineConfig& cfg);
  ~BenchEngine();
  BenchEngine(const BenchEngine&) = delete;
  BenchEngine& operator=(const BenchEngine&) = delete;

  /// Market feed open and egress ready (server time + position mode known).
  bool ready() const noexcept;
  /// Messages ingest has published on R1 so far.
  std::uint64_t ingested() const noexcept;
  /// Orders recorded into the histograms only while on (off during warm-up).
  void set_recording(bool on) noexcept;
  /// Stops ingest and egress, joins every thread and returns the run's numbers.
  EngineResult stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xtb::bench
