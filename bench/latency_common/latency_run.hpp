// latency_run.hpp — the driver of both latency suites (docs/latency.md):
//
//   tick-to-order  per rate: load generator + BenchEngine; prints the engine's internal
//                  tick-to-order percentiles (rx at ingest → order queued on the socket by
//                  egress) and the per-stage breakdown.
//   wire           first the busy-poll TCP floor, then per rate: load generator + BenchEngine,
//                  wire-to-wire percentiles measured by the generator (intended send time of
//                  the trigger → arrival of the order request); then the ccxt peer
//                  (an external process, `--peer-cmd`) at its rates against a fresh
//                  generator, measured the same way, and the xtb / peer ratio.
//
// Options (all `--name value` or `--flag`):
//   --rates 1000,10000,100000,1000000   messages/s, one run each
//   --seconds 3 --warmup 1              measured / warm-up seconds per run
//   --trigger-every N                   every Nth bookTicker is a trigger (0 = auto: about
//                                       500 triggers/s, at least every 10th bookTicker)
//   --data-dir DIR                      ../shared/data (capture + fixtures below it)
//   --capture FILE                      default DIR/binance-usdm/capture/btcusdt_20240808.gz
//   --fixtures DIR                      default DIR/binance-usdm/fixtures/http
//   --out DIR                           results: summary .txt/.csv + one .cdf per run
//   --spin                              busy-spin generator (and the default layout's runners)
//   --layouts L[:W],...                 engine layouts run side by side at every rate, e.g.
//                                       compact:busy-spin,split:adaptive,pinned:blocking
//                                       (L compact|split|pinned|auto, W busy-spin|adaptive|
//                                       yield|blocking; default: pinned, busy-spin with --spin
//                                       else blocking)
//   --gen-cpu M[,O] --engine-cpus I,D,S,E  CPUs of the generator's market / order threads
//                                       and of the four stages
//   --floor-cpus A,B --floor-iters N    TCP floor placement and size (wire)
//   --peer-cmd "CMD" --peer-rates R,..  ccxt peer command (run by /bin/sh) and its rates;
//                                       --no-peer skips it (wire)
//   --no-verify                         generator skips HMAC verification of orders
//   --connections N                     egress keep-alive order connections (2)
// Exit status: 0 when every run produced a non-empty histogram, 1 otherwise, 2 bad usage.
// Thread: main thread only. Cold code (allocates freely).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bench_engine.hpp"
#include "load_generator.hpp"

namespace xtb::bench {

enum class Suite : std::uint8_t { TickToOrder, Wire };

/// One engine layout of a run: the pipeline layout and its wait mode.
struct EngineLayout {
  LayoutKind kind = LayoutKind::Pinned;  ///< concrete (auto is resolved when parsed)
  WaitMode wait = WaitMode::Blocking;
  std::string label() const;             ///< "compact/busy-spin"
};

struct LatencyOptions {
  Suite suite = Suite::TickToOrder;
  std::vector<double> rates{1000, 10000, 100000, 1000000};
  double seconds = 3, warmup = 1;
  std::uint32_t trigger_every = 0;
  std::string data_dir, capture, fixtures, out_dir;
  bool spin = false, verify = true, peer = true;
  int gen_cpu = -1, gen_rest_cpu = -1;
  EngineCpus cpus;
  std::vector<EngineLayout> layouts;  ///< never empty after parse_latency_options
  int floor_cpus[2] = {-1, -1};
  int floor_iters = 20000;
  std::string peer_cmd;
  std::vector<double> peer_rates{1000, 10000};
  std::uint32_t connections = 2;
};

/// One run at one rate against one client ("xtb" or "ccxt").
struct RunResult {
  std::string client;
  std::string layout;          ///< xtb: EngineLayout::label(); "" for the peer
  double rate = 0;
  std::uint32_t trigger_every = 0;
  bool ran = false;            ///< the client connected and the schedule was sent
  std::string error;
  GeneratorResult gen;
  double backlog_s = 0;        ///< xtb: ingest had every message this long after the last send (-1: never)
  bool has_engine = false;
  EngineResult engine;
};

/// Parses argv (after the program name); false + `error` on bad usage.
bool parse_latency_options(int argc, char** argv, LatencyOptions& o, std::string& error);

/// Runs the engine in layout `l` against a fresh generator at `rate`. Never throws (errors
/// in `error`).
RunResult run_xtb(const LatencyOptions& o, const EngineLayout& l, double rate);
/// Runs `o.peer_cmd` against a fresh generator at `rate`.
RunResult run_peer(const LatencyOptions& o, double rate);

/// Removes the temporary PKI directory made by the first run (end of the process).
void remove_shared_files();

/// Whole suite: runs, tables on stdout, files under o.out_dir. Returns the exit status.
int run_latency_suite(const LatencyOptions& o);

}  // namespace xtb::bench
