// test_backtest.cpp — `xtb backtest` end to end on the real BTCUSDT capture
// (btcusdt_20240808.gz, 5.7 minutes): ReplaySource → BacktestDecodeStage → SequencerStage
// (engine + reduce_only_closer from configs/binance-reduce-only-closer.yaml) →
// SimEgressStage (simulated venue) → R4 → decode, on the inline runner.
// Asserted: both hedge sides close with reduce-only slices only and are never over-closed;
// engine positions, open orders and fills equal the venue's; two runs give byte-identical
// fill ledgers (and venue state); nothing allocates on the hot path after warm-up; with
// order-entry latency the GTX (-5022) reject path is exercised; a dropped user-stream fill
// is recovered before the shutdown reconciliation, which then finds nothing to repair.
#include <doctest/doctest.h>

#include <string>

#include "app/backtest.hpp"
#include "core/alloc_guard.hpp"

using namespace xtb;

namespace {

BacktestOptions options() {
  BacktestOptions o;
  o.config = XTB_SOURCE_DIR "/configs/binance-reduce-only-closer.yaml";
  o.capture = XTB_DATA_DIR "/binance-usdm/capture/btcusdt_20240808.gz";
  o.exchange_info = XTB_DATA_DIR "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  return o;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Invariants every run must satisfy, whatever was injected.
void check_common(const BacktestReport& r) {
  CHECK(r.records == 93954);
  CHECK(r.decode_errors == 0);
  CHECK(r.market_events == 131205);  // bookTicker + trade + depth chunks + derived mark prices
  CHECK(r.agree);
  CHECK(r.positions_agree);
  CHECK(r.orders_agree);
  CHECK(r.ledger_agree);
  CHECK(r.barrier_clean);
  CHECK(r.shutdown_complete);
  CHECK(r.egress.r4_overflow == 0);
  CHECK(r.egress.encode_failures == 0);
  CHECK(r.egress.unsupported == 0);
  // Reduce-only slices only: every fill of the venue's ledger closes its side ...
  CHECK(r.ledger_fills > 0);
  CHECK(count(r.ledger_json, "\"side\":\"SELL\",\"positionSide\":\"LONG\"") +
            count(r.ledger_json, "\"side\":\"BUY\",\"positionSide\":\"SHORT\"") ==
        r.ledger_fills);
  // ... and never more than the position: no -2022 from the venue, no side crossing zero.
  CHECK(r.egress.reduce_only_rejects == 0);
  CHECK(r.side_violations == 0);
  for (const SideReport& s : r.sides) {
    CHECK(s.start_qty == 48);                  // 3000 USDT at the first mid ~61790 → 0.048 BTC
    CHECK(s.ledger_qty <= s.start_qty);
    CHECK(s.remaining_venue_qty == s.start_qty - s.ledger_qty);
    CHECK(s.remaining_engine_qty == s.remaining_venue_qty);
    CHECK(s.stats.slices_filled > 0);
    CHECK(s.stats.stop_placed >= 1);           // protective stop while the side was open ...
    CHECK(s.stats.external_increases == 0);    // ... and no false "someone else traded" alert
    CHECK(s.avg_exit > 60000.0);
    CHECK(s.avg_exit < 63000.0);
  }
  CHECK(r.lat_count > 0);
  if (r.alloc_guard) CHECK(r.hot_allocations == 0);
  CHECK(r.kill_switch == 0);
}

}  // namespace

TEST_CASE("backtest on the real capture: both sides closed, engine == venue, deterministic, allocation-free") {
  const BacktestOptions o = options();
  const BacktestReport a = run_backtest(o);
  MESSAGE(format_report(a));
  check_common(a);
  for (const SideReport& s : a.sides) {
    CHECK(s.remaining_venue_qty == 0);  // closed within the 5.7 minutes
    CHECK(s.stats.maker_mode_fills > 0);
    CHECK(s.stats.stop_cancelled >= 1);
  }
  CHECK(a.engine_live_orders == 0);     // slices done, stops cancelled once flat
  CHECK(a.engine_fills == a.ledger_fills);
  CHECK(a.reconcile.completed >= 5);    // calibration, periodic (60 s) and the shutdown barrier
  CHECK(a.egress.gtx_rejects == 0);     // lockstep without latency: the maker price never crosses
  if (AllocGuard::enabled()) CHECK(a.alloc_guard);

  const BacktestReport b = run_backtest(o);
  CHECK(b.ledger_json == a.ledger_json);  // byte-identical fill ledger
  CHECK(b.ledger_hash == a.ledger_hash);
  CHECK(b.state_json == a.state_json);
  CHECK(b.commands == a.commands);
  CHECK(b.events == a.events);
}

TEST_CASE("backtest with 2 ms order-entry latency: post-only slices meet -5022 and the closer rotates") {
  BacktestOptions o = options();
  o.latency_us = 2000;
  const BacktestReport r = run_backtest(o);
  check_common(r);
  const std::uint64_t gtx = r.sides[0].stats.gtx_rejects + r.sides[1].stats.gtx_rejects;
  CHECK(gtx > 0);
  CHECK(gtx == r.egress.gtx_rejects);     // every venue -5022 reached the closer as a reject
  CHECK(r.sides[0].stats.slices_rejected + r.sides[1].stats.slices_rejected == gtx);
  CHECK(r.sides[0].stats.escalations + r.sides[1].stats.escalations > 0);
}

TEST_CASE("backtest with a dropped user-stream fill: recovered before the shutdown barrier") {
  BacktestOptions o = options();
  o.drop_trade_update = 3;
  const BacktestReport base = run_backtest(options());
  const BacktestReport r = run_backtest(o);
  check_common(r);
  CHECK(r.egress.dropped_injected == 1);
  CHECK(r.engine_fills + 1 == r.ledger_fills);  // the engine never saw that trade record ...
  CHECK(r.sides[0].dropped_qty + r.sides[1].dropped_qty > 0);
  // ... yet its positions and orders agree with the venue before the final barrier
  // (barrier_clean in check_common): the ACCOUNT_UPDATE drift was adopted and the order's
  // final state came from a query after its cancel met -2011.
  CHECK(r.drifts_adopted > base.drifts_adopted);
  CHECK(r.queries > base.queries);
}
