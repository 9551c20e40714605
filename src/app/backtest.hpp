// backtest.hpp — `xtb backtest`: the reduce_only_closer trading a recorded capture against
// the in-process simulated Binance USD-M venue, through the real pipeline, on one thread
// (InlineRunner: deterministic — same input, same fill ledger, byte for byte).
//
//   ReplaySource ─R1─▶ BacktestDecodeStage ─R2─▶ SequencerStage ─R3─▶ SimEgressStage
//                            ▲    │ market tap (decoded market events) ──────▲  │
//                            └────┴──────────────────── R4 (REST answers, user stream)
//
// docs/backtest.md describes the wiring, the time/lockstep rules and the summary.
// Cold-path API, called from main; the stages it wires run allocation-free.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/backtest_report.hpp"

namespace xtb {

struct BacktestOptions {
  std::string venue = "binance_usdm";  ///< whose protocol the capture records (venue/offline_venues.hpp)
  std::string config;          ///< strategy YAML (configs/binance-reduce-only-closer.yaml)
  std::vector<std::string> overrides;  ///< "dotted.path=value" strategy config overrides
  std::string capture;         ///< hftbacktest `<ns> <json>` capture (.gz ok), any USD-M symbol
  std::string account;         ///< xtb-sim account YAML; empty = default_account()
  std::string exchange_info;   ///< exchangeInfo JSON with the symbol rules
  double speed = 0.0;          ///< 0 = as fast as possible (deterministic); 1 = recorded pace
  std::int64_t notional_usdt = 3000;   ///< default account: per side
  std::uint16_t leverage = 10;         ///< default account
  std::int64_t wallet_usdt = 10000;    ///< default account
  std::int64_t latency_us = 0;         ///< simulated order-entry latency
  std::uint64_t drop_trade_update = 0; ///< fault injection: drop the N-th TRADE user event
  std::string run_id = "bt1";          ///< client order ids xtb-<run_id>-<seq> (fixed: determinism)
  std::int64_t reconcile_interval_ms = 60'000;
  bool arm_alloc_guard = true;         ///< count hot-thread allocations after warm-up
  /// Test hook: receives every report of the simulated venue (user-stream order, algo,
  /// account and mark-price records) on the run's thread (SimEgressOptions::observer).
  sim::ExchangeListener* venue_observer = nullptr;
  /// The strategies to run instead of the config's reduce_only_closer (strategy/registry.hpp).
  std::function<strategy::StrategySetup(const SymbolTable&)> setup;
  /// Called after the run with the stopped sequencer (tests: the strategy's own records).
  std::function<void(const SequencerStage&, const SymbolTable&)> inspect;
};

/// Runs the backtest. Throws std::runtime_error (CaptureError, ConfigError, ...) with a
/// readable message on bad input.
BacktestReport run_backtest(const BacktestOptions& opt);

}  // namespace xtb
