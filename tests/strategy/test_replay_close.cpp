// test_replay_close.cpp — the closer on real recorded data, end to end in one thread:
// btcusdt_20240808.gz (hftbacktest capture: bookTicker + trade streams, 5.7 minutes) is
// decoded by the real Binance decoder (venue/binance/decode_frame.hpp, as src/app/replay.cpp
// does), fed to a real engine (OrderManager, RiskGate with the config's rate limits) and the
// ReduceOnlyCloser configured from the shipped configs/binance-reduce-only-closer.yaml,
// against the fake-venue kit's FakeExchange (tests/support/fake_exchange.hpp, hedge mode,
// Binance reject codes) that acks, fills marketable and traded-through orders and keeps a
// position ledger. Asserted: both hedge sides are closed, only by reduce-only slices, never
// over-closed; engine and venue ledger agree; protective stops are placed and cancelled once
// flat; and the steady state allocates nothing (core/alloc_guard.hpp).
#include <doctest/doctest.h>
#include <simdjson.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "closer_fixture.hpp"
#include "core/alloc_guard.hpp"
#include "engine/order_manager.hpp"
#include "fake_exchange.hpp"
#include "sim/capture.hpp"
#include "strategy/engine_rules.hpp"
#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "strategy/strategy_config.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::strategy;

namespace {

std::string read_text(const std::string& path) { return read_file_maybe_gz(path); }

struct Replay {
  engine::SymbolRulesTable rules;
  engine::PositionBook positions{rules};
  engine::RiskGate risk;
  engine::OrderIdAllocator ids{"xtb", "replay1"};
  test::VectorSink sink;
  engine::OrderManager om;
  ReduceOnlyCloser closer;
  test_support::FakeExchange venue;

  static engine::RiskLimits limits(const RateLimitParams& rl) {
    engine::RiskLimits l;
    apply_rate_limits(rl, l);
    return l;
  }
  static engine::OrderManagerConfig om_cfg() {
    engine::OrderManagerConfig c;
    c.capacity = 1024;
    return c;
  }
  Replay(const StrategyConfig& cfg, const SymbolTable& table, SymbolId sym)
      : rules(static_cast<std::uint32_t>(table.size())),
        risk(limits(cfg.rate_limit), install(cfg, table, rules)),
        om(om_cfg(), ids, positions, risk, nullptr, &closer),
        closer(StrategyContext{om, rules, sink}, CloserOptions{}),
        venue(om, closer, sym) {
    const std::vector<ConfigIssue> errors = add_configured_symbols(closer, cfg, table, xtb::binance::kVenueId);
    if (!errors.empty()) throw std::runtime_error(errors.front().text());
  }
  static engine::SymbolRulesTable& install(const StrategyConfig& cfg, const SymbolTable& table,
                                           engine::SymbolRulesTable& t) {
    const std::vector<ConfigIssue> errors = install_engine_rules(cfg, table, xtb::binance::kVenueId, t);
    if (!errors.empty()) throw std::runtime_error(errors.front().text());
    return t;
  }
};

}  // namespace

TEST_CASE("replay: real BTCUSDT capture closes a hedge LONG and SHORT by reduce-only slices, allocation-free") {
  // --- cold set-up: symbol rules from the real exchangeInfo fixture, config from the repo ---
  SymbolTable table;
  const auto info = binance::load_exchange_info(
      read_text(std::string(XTB_DATA_DIR) + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json"), table);
  REQUIRE_MESSAGE(info.ok(), info.error);
  const SymbolId btc = table.find(xtb::binance::kVenueId, "BTCUSDT");
  REQUIRE(btc != kNoSymbol);
  engine::SymbolRules er;
  REQUIRE(engine_rules_from(table.rules(btc), btc, er));
  CHECK(er.tick_size == 10'000'000);
  CHECK(er.step_size == 100'000);
  const StrategyConfigResult cfg =
      load_strategy_config(std::string(XTB_SOURCE_DIR) + "/configs/binance-reduce-only-closer.yaml");
  REQUIRE_MESSAGE(cfg.ok(), cfg.error_text());
  const SymbolConfig* sc = cfg.config.find("BTCUSDT");
  REQUIRE(sc != nullptr);

  const Capture cap = Capture::load(std::string(XTB_DATA_DIR) + "/binance-usdm/capture/btcusdt_20240808.gz");
  // Only the streams the closer subscribes to (bookTicker, trade); depth is not needed.
  std::vector<std::size_t> wanted;
  wanted.reserve(cap.size());
  std::size_t max_len = 0;
  for (std::size_t i = 0; i < cap.size(); ++i) {
    const std::string_view j = cap.json(i);
    if (j.find("@bookTicker\"") == std::string_view::npos && j.find("@trade\"") == std::string_view::npos) continue;
    wanted.push_back(i);
    if (j.size() > max_len) max_len = j.size();
  }
  REQUIRE(wanted.size() == 66'089 + 21'313);
  std::vector<std::uint8_t> frame(max_len + simdjson::SIMDJSON_PADDING, 0);
  binance::Decoder decoder(table, 1 << 16);
  Event slots[8];
  binance::ArrayEventSink events(slots, 8);

  Replay rp(cfg.config, table, btc);  // BTCUSDT and ETHUSDT from the config
  REQUIRE(rp.closer.symbol(table.find(xtb::binance::kVenueId, "ETHUSDT")) != nullptr);
  CHECK(rp.closer.symbol(btc)->params.execution.order_ttl_ms == sc->params.execution.order_ttl_ms);
  const std::int64_t t0 = cap[wanted.front()].recv_ns;
  // Hedge positions worth ~3000 USDT per side at ~61800, entered a little off the market.
  const Qty start_qty = 50;  // 0.050 BTC
  rp.om.adopt_position(btc, PositionSide::Long, start_qty, 615'000, t0);
  rp.om.adopt_position(btc, PositionSide::Short, -start_qty, 620'000, t0);
  rp.venue.set_position(PositionSide::Long, start_qty, 615'000);
  rp.venue.set_position(PositionSide::Short, start_qty, 620'000);
  rp.closer.set_position_risk(btc, PositionSide::Long, 500'000, 10);
  rp.closer.set_position_risk(btc, PositionSide::Short, 740'000, 10);
  rp.closer.start(t0);

  // --- the replay loop: decode → closer → venue, timer every 50 ms of capture time ---
  constexpr std::int64_t kTimer = 50'000'000;
  constexpr std::size_t kWarmup = 5000;
  std::int64_t now = t0, next_timer = t0 + kTimer;
  std::uint64_t decode_errors = 0, events_in = 0, armed_allocs = 0;
  OrderCommand timer_out[16];
  auto step = [&](std::size_t rec) {
    const std::string_view j = cap.json(rec);
    std::memcpy(frame.data(), j.data(), j.size());
    const std::int64_t t = cap[rec].recv_ns;
    if (t > now) now = t;
    while (next_timer <= now) {
      rp.om.on_timer(next_timer, timer_out, 16);
      rp.closer.on_timer(next_timer);
      rp.venue.drain(rp.sink.cmds, next_timer);
      next_timer += kTimer;
    }
    const binance::DecodeResult r = decoder.decode_frame(frame.data(), j.size(), frame.size(), events, 0, 0);
    if (r.status != binance::DecodeStatus::Ok) {
      ++decode_errors;
      return;
    }
    for (std::uint32_t k = 0; k < r.events; ++k) {
      ++events_in;
      rp.closer.on_market(slots[k], now);
      rp.venue.drain(rp.sink.cmds, now);
      rp.venue.on_market(slots[k], now);
      rp.venue.drain(rp.sink.cmds, now);
    }
  };
  for (std::size_t i = 0; i < kWarmup; ++i) step(wanted[i]);
  const std::uint64_t before = AllocGuard::armed_allocations();
  const auto wall0 = std::chrono::steady_clock::now();
  {
    AllocGuard::Armed armed;
    for (std::size_t i = kWarmup; i < wanted.size(); ++i) step(wanted[i]);
    armed_allocs = AllocGuard::armed_allocations() - before;
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

  // --- what happened ---
  const CloserSide& lg = *rp.closer.side(btc, PositionSide::Long);
  const CloserSide& sh = *rp.closer.side(btc, PositionSide::Short);
  MESSAGE("LONG  placed " << lg.stats.slices_placed << " filled " << lg.stats.slices_filled << " cancelled "
                          << lg.stats.slices_cancelled << " rejected " << lg.stats.slices_rejected << " refused "
                          << lg.stats.risk_refused << " maker/aggr fills " << lg.stats.maker_mode_fills << "/"
                          << lg.stats.aggressive_mode_fills << " switches " << lg.stats.mode_switches
                          << " avg exit " << lg.stats.avg_exit_px() / 10.0);
  MESSAGE("SHORT placed " << sh.stats.slices_placed << " filled " << sh.stats.slices_filled << " cancelled "
                          << sh.stats.slices_cancelled << " rejected " << sh.stats.slices_rejected << " refused "
                          << sh.stats.risk_refused << " maker/aggr fills " << sh.stats.maker_mode_fills << "/"
                          << sh.stats.aggressive_mode_fills << " switches " << sh.stats.mode_switches
                          << " avg exit " << sh.stats.avg_exit_px() / 10.0);
  MESSAGE("venue fills " << rp.venue.fills << " (maker " << rp.venue.maker_fills << ", taker " << rp.venue.taker_fills
                         << ") post-only rejects " << rp.venue.post_only_rejects << " cancels " << rp.venue.cancels
                         << " cancel rejects " << rp.venue.cancel_rejects << "; events " << events_in
                         << "; hot-path allocations " << armed_allocs << "; "
                         << wall_s * 1e9 / static_cast<double>(events_in)
                         << " ns/event (decode + closer + engine + fake venue, steady state)");
  CHECK(decode_errors == 0);
  if (AllocGuard::enabled()) CHECK(armed_allocs == 0);
  // closed, only by reduce-only slices, never over-closed
  CHECK(rp.venue.position(PositionSide::Long) == 0);
  CHECK(rp.venue.position(PositionSide::Short) == 0);
  CHECK(rp.venue.reduce_violations == 0);
  CHECK(rp.venue.over_close == 0);
  CHECK(rp.venue.clipped == 0);
  CHECK(rp.venue.book_full == 0);
  // engine and venue agree; the closer's own accounting matches
  CHECK(rp.positions.get(btc, PositionSide::Long)->qty == 0);
  CHECK(rp.positions.get(btc, PositionSide::Short)->qty == 0);
  CHECK(lg.stats.filled_qty == start_qty);
  CHECK(sh.stats.filled_qty == start_qty);
  CHECK(rp.positions.stats().side_violations == 0);
  CHECK(lg.stats.slices_filled > 0);
  CHECK(sh.stats.slices_filled > 0);
  // protective stops: one per side while open, cancelled once the side was flat
  CHECK(lg.stats.stop_placed >= 1);
  CHECK(sh.stats.stop_placed >= 1);
  CHECK(lg.stop.state() == StopState::None);
  CHECK(sh.stop.state() == StopState::None);
  CHECK(rp.venue.stops == lg.stats.stop_placed + sh.stats.stop_placed);
  // exits happened inside the recorded price range (~61000–62200 on this day)
  CHECK(lg.stats.avg_exit_px() > 600'000.0);
  CHECK(lg.stats.avg_exit_px() < 640'000.0);
  CHECK(rp.closer.counters().lost_orders == 0);
  CHECK(lg.stats.external_increases == 0);  // no false "someone else traded" alerts
  CHECK(sh.stats.external_increases == 0);
  CHECK(rp.om.stats().drifts == 2);  // the two start-up adoptions, nothing later
}
