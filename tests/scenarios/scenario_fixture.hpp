// scenario_fixture.hpp — shared helpers of the scenario suite (tests/scenarios): a
// `run_backtest` on the real BTCUSDT capture with the venue's order log attached, the
// symbol rules, an account-file writer, the seed-002 mode-rotation model replayed over
// the venue's slice outcomes, and the checks every scenario run must satisfy (reduce-only
// slices only, the fill ledger equal to the logged fills, engine == venue).
// Thread: test thread only. Units: ms of exchange (capture) time, ticks, steps.
#pragma once
#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <memory>
#include <unistd.h>
#include <string>
#include <vector>

#include "app/backtest.hpp"
#include "scenarios/venue_log.hpp"
#include "sim/capture.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::scen {

inline constexpr EpochMs kTtlMs = 3000;  // configs/…yaml: symbols.BTCUSDT.execution.order_ttl_ms
inline constexpr EpochMs kTimerMs = 100; // the sequencer's timer period (docs/backtest.md)

inline BacktestOptions options(std::vector<std::string> overrides = {}) {
  BacktestOptions o;
  o.config = XTB_SOURCE_DIR "/configs/binance-reduce-only-closer.yaml";
  o.capture = XTB_DATA_DIR "/binance-usdm/capture/btcusdt_20240808.gz";
  o.exchange_info = XTB_DATA_DIR "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  o.overrides = std::move(overrides);
  return o;
}

/// "symbols.BTCUSDT.<field>=<value>" (the shipped config has a BTCUSDT entry).
inline std::string btc(const std::string& field, const std::string& value) {
  return "symbols.BTCUSDT." + field + "=" + value;
}

/// BTCUSDT's venue rules (real exchangeInfo).
inline SymbolRules btc_rules() {
  SymbolTable t;
  const auto info = binance::load_exchange_info(
      read_file_maybe_gz(XTB_DATA_DIR "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json"), t);
  REQUIRE_MESSAGE(info.ok(), info.error);
  const SymbolId s = t.find(xtb::binance::kVenueId, "BTCUSDT");
  REQUIRE(s != kNoSymbol);
  return t.rules(s);
}

/// Writes an xtb-sim account YAML to a temp file; the path is removed with the object.
struct TempAccount {
  std::string path;
  explicit TempAccount(const std::string& yaml) {
    char tmpl[] = "/tmp/xtb-scen-account-XXXXXX";
    const int fd = mkstemp(tmpl);
    REQUIRE(fd >= 0);
    close(fd);
    path = tmpl;
    std::ofstream(path) << yaml;
  }
  ~TempAccount() { std::remove(path.c_str()); }
};

/// Which mode a slice was sent in, from the venue's record: post-only GTX = MAKER_ONLY,
/// GTC = AGGRESSIVE_LIMIT.
enum class Mode { Maker, Aggressive };

struct Rotation {
  int escalate = 2;          ///< maker_timeouts_to_escalate (0 = never)
  int deesc_fills = 1;       ///< aggr_fills_to_deescalate
  int deesc_timeouts = 2;    ///< aggr_timeouts_to_deescalate
  /// The wrong rule, for counter-checks only: a maker slice with a partial fill that then
  /// timed out counts as a miss (seed 002 says a partial fill resets the count).
  bool partial_is_miss = false;
};

struct RotationResult {
  int slices = 0, mismatches = 0;
  int escalations = 0, deesc_by_fills = 0, deesc_by_timeouts = 0;
  int partial_resets = 0;    ///< maker slices with fills (partial, then TTL) that cleared ≥ 1 miss
  std::string first_mismatch;
};

/// Replays the rotation rules of seed 002 / docs/strategies/reduce_only_closer.md over
/// one side's slices (creation order; one live slice per side) and checks that every
/// slice was sent with the TIF the rules prescribe: starts MAKER_ONLY; a maker slice that
/// ended (TTL cancel / EXPIRED) without any fill is a miss, `escalate` consecutive misses
/// → AGGRESSIVE_LIMIT; any fill clears the misses of its mode (a partial fill included);
/// an aggressive slice that ended with fills counts toward `deesc_fills`, one that ended
/// without fill toward `deesc_timeouts` (consecutive) → MAKER_ONLY; a switch resets all.
inline RotationResult check_rotation(const std::vector<SliceRecord>& slices, Rotation rot) {
  RotationResult r;
  Mode mode = Mode::Maker;
  int misses = 0, afills = 0, atimeouts = 0;
  auto reset = [&](Mode m) { mode = m; misses = afills = atimeouts = 0; };
  for (const SliceRecord& s : slices) {
    ++r.slices;
    const TimeInForce want = mode == Mode::Maker ? TimeInForce::PostOnly : TimeInForce::GTC;
    if (s.tif != want) {
      if (r.mismatches++ == 0)
        r.first_mismatch = s.client_id + " at " + std::to_string(s.create_ms) + ": tif " +
                           std::to_string(static_cast<int>(s.tif)) + ", rules say " +
                           std::to_string(static_cast<int>(want));
    }
    if (s.end_ms < 0) continue;  // still open at the end
    const bool filled = s.filled > 0;
    if (mode == Mode::Maker) {
      if (filled && !(rot.partial_is_miss && !s.filled_fully())) {
        if (misses > 0 && !s.filled_fully()) ++r.partial_resets;
        misses = 0;
      } else if (rot.escalate > 0 && ++misses >= rot.escalate) {
        ++r.escalations;
        reset(Mode::Aggressive);
      }
    } else if (filled) {
      atimeouts = 0;
      if (rot.deesc_fills > 0 && ++afills >= rot.deesc_fills) { ++r.deesc_by_fills; reset(Mode::Maker); }
    } else if (rot.deesc_timeouts > 0 && ++atimeouts >= rot.deesc_timeouts) {
      ++r.deesc_by_timeouts;
      reset(Mode::Maker);
    }
  }
  return r;
}

/// A backtest with the venue log attached.
struct ScenarioRun {
  std::unique_ptr<VenueLog> log = std::make_unique<VenueLog>();
  BacktestReport report;
};

inline ScenarioRun run(BacktestOptions o) {
  ScenarioRun r;
  o.venue_observer = r.log.get();
  r.report = run_backtest(o);
  return r;
}

/// What every scenario run must show, whatever the configuration:
///  * engine == venue (positions, open orders, ledger, clean shutdown barrier);
///  * every regular order the venue accepted is a hedge-mode close: SELL+LONG or BUY+SHORT,
///    the venue flagged it a closing order, LIMIT with a price;
///  * no position ever grew (every ACCOUNT_UPDATE |amount| ≤ the previous one);
///  * the venue's fill ledger (ledger_json) row by row equals the logged TRADE records,
///    and every ledger row closes its side.
inline void check_common(const ScenarioRun& run) {
  const BacktestReport& r = run.report;
  CHECK(r.decode_errors == 0);
  CHECK(r.agree);
  CHECK(r.egress.reduce_only_rejects == 0);
  CHECK(r.side_violations == 0);
  for (const SliceRecord& s : run.log->slices(PositionSide::Both)) {
    const bool close = (s.side == Side::Sell && s.ps == PositionSide::Long) ||
                       (s.side == Side::Buy && s.ps == PositionSide::Short);
    CHECK_MESSAGE(close, s.client_id);
    CHECK(s.hedge_close);
    CHECK(s.type == OrderType::Limit);
    CHECK(s.px > 0);
    CHECK(s.qty > 0);
  }
  Qty last[3] = {-1, -1, -1};
  for (const PositionEvent& p : run.log->positions) {
    const int i = static_cast<int>(p.side) % 3;
    const Qty a = p.amount < 0 ? -p.amount : p.amount;
    if (last[i] >= 0) CHECK_MESSAGE(a <= last[i], "position grew at " << p.time_ms);
    last[i] = a;
    if (p.side == PositionSide::Long) CHECK(p.amount >= 0);
    if (p.side == PositionSide::Short) CHECK(p.amount <= 0);
  }
  // The venue's fill ledger, parsed, against the logged TRADE records.
  std::vector<const OrderEvent*> trades;
  for (const OrderEvent& e : run.log->orders)
    if (e.r.exec == ExecType::Trade) trades.push_back(&e);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(r.ledger_json).get(doc) == simdjson::SUCCESS);
  simdjson::dom::array fills;
  REQUIRE(doc["fills"].get(fills) == simdjson::SUCCESS);
  CHECK(fills.size() == trades.size());
  CHECK(fills.size() == r.ledger_fills);
  std::size_t i = 0;
  for (simdjson::dom::element f : fills) {
    if (i >= trades.size()) break;
    const sim::OrderUpdateReport& t = trades[i++]->r;
    std::string_view cid, side, ps;
    std::uint64_t trade_id = 0;
    REQUIRE(f["clientOrderId"].get(cid) == simdjson::SUCCESS);
    REQUIRE(f["side"].get(side) == simdjson::SUCCESS);
    REQUIRE(f["positionSide"].get(ps) == simdjson::SUCCESS);
    REQUIRE(f["tradeId"].get(trade_id) == simdjson::SUCCESS);
    CHECK(cid == t.order.spec.client_id.view());
    CHECK(trade_id == t.trade_id);
    CHECK(((side == "SELL" && ps == "LONG") || (side == "BUY" && ps == "SHORT")));
  }
}

}  // namespace xtb::scen
