// backtest.cpp — wiring and run of `xtb backtest` (see backtest.hpp, docs/backtest.md).
#include "app/backtest.hpp"

#include <ctime>
#include <memory>
#include <stdexcept>

#include "pipeline/decode/backtest_decode_stage.hpp"
#include "app/backtest_setup.hpp"
#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "sim/capture.hpp"
#include "sim/replay_source.hpp"
#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "venue/offline_venues.hpp"

namespace xtb {
namespace {

constexpr std::uint64_t kWarmupSweeps = 2000;
// Ring sizes: the inline runner keeps every ring nearly empty (each stage drains its
// input every sweep). On the BTCUSDT capture the most ever queued is 32 frames on R1 (the
// replay source's batch), 228 events on R2 and 224 on the tap, and nothing waits for room
// (BacktestDecodeCounters::backpressure 0). Sized a few times that, not more: a ring is
// written slot after slot, so all of it passes through the cache every lap (R1 was
// 4096 × 4 KiB = 16 MiB, R2 and the tap 16384 × 128 B = 2 MiB each; issue 16: ~+8 %).
constexpr std::size_t kFrameRing = 64, kVenueRing = 1024, kEventRing = 1024, kTapRing = 1024;
constexpr std::size_t kCommandRing = 1024;
constexpr std::size_t kLargeSlots = 64, kLargeBytes = 64 * 1024;     // capture: largest record 42 KB
constexpr std::size_t kVenueLargeSlots = 16, kVenueLargeBytes = 256 * 1024;  // openOrders lists
constexpr std::size_t kMaxFrameBytes = 1u << 20;  // a 1000-level depth snapshot ~42 KB, positions lists

strategy::StrategyConfig load_strategy(const BacktestOptions& o) {
  strategy::StrategyConfigResult r = strategy::load_strategy_config(o.config, o.overrides);
  if (!r.ok()) throw std::runtime_error("config:\n" + r.error_text());
  return std::move(r.config);
}

sim::ExchangeConfig load_account(const BacktestOptions& o, const SymbolTable& symbols, const CaptureProbe& p) {
  if (o.account.empty()) return default_account(symbols, p, o.notional_usdt, o.leverage, o.wallet_usdt);
  sim::ExchangeConfig c = sim::load_exchange_config(o.account);
  if (!c.hedge_mode) throw std::runtime_error("account '" + o.account + "': the reduce_only_closer needs hedge_mode: true");
  if (c.max_fills > (1u << 16)) c.max_fills = 1u << 16;
  return c;
}

SequencerConfig sequencer_config(const BacktestOptions& o, const SimEgressOptions& eo, Venue venue,
                                 const engine::CommandCosts& costs) {
  SequencerConfig c;
  c.run_id = o.run_id;
  c.roles = backtest_roles(eo.conns);
  c.time = TimeMode::Replay;
  c.venue = venue;
  c.limits.costs = costs;  // the risk gate's venue budgets, per command
  c.reconcile_interval_ns = o.reconcile_interval_ms * 1'000'000;
  return c;
}

SimEgressOptions egress_options(const BacktestOptions& o) {
  SimEgressOptions e;
  e.latency_ns = o.latency_us * 1000;
  e.drop_trade_update = o.drop_trade_update;
  e.observer = o.venue_observer;
  return e;
}

// Everything the pipeline needs, allocated up front (cold path), for venue V.
template <OfflineVenue V>
struct Pipeline {
  using Egress = typename V::SimEgress;
  using Decode = BacktestDecodeStage<typename V::Decoder, ReplaySource, Egress>;
  SymbolTable symbols;
  Capture capture;
  CaptureProbe probe;
  strategy::StrategyConfig strategy;
  std::vector<std::string> notes;
  sim::ExchangeConfig account;
  SpscRing<RawFrame> r1{kFrameRing}, r4{kVenueRing};
  LargeFramePool r1_pool{kLargeSlots, kLargeBytes}, r4_pool{kVenueLargeSlots, kVenueLargeBytes};
  SpscRing<Event> r2{kEventRing}, tap{kTapRing};
  RingStamps r2_stamps{kEventRing}, tap_stamps{kTapRing};
  SpscRing<OrderCommand> r3{kCommandRing};
  RingStamps r3_stamps{kCommandRing};
  TimeWatermark watermark;
  std::unique_ptr<typename V::Decoder> decoder;
  std::unique_ptr<ReplaySource> source;
  std::unique_ptr<Decode> decode;
  std::unique_ptr<SequencerStage> seq;
  std::unique_ptr<Egress> egress;
  LiquidationPrices liq;
  Qty start_long = 0, start_short = 0;

  explicit Pipeline(const BacktestOptions& o) : capture(Capture::load(o.capture)), strategy(load_strategy(o)) {
    if (const std::string e = V::load_symbols(read_file_maybe_gz(o.exchange_info, "exchangeInfo file"), symbols); !e.empty())
      throw std::runtime_error("exchange info '" + o.exchange_info + "': " + e);
    probe = probe_capture_symbols<V>(capture, symbols, true).front();
    if (std::string t = capture.skipped_text(); !t.empty()) notes.push_back("capture: " + t);  // K3/K5 (issue 12)
    if (std::string n = ensure_symbol(strategy, symbols.name(probe.symbol)); !n.empty()) notes.push_back(std::move(n));
    account = load_account(o, symbols, probe);
    const SimEgressOptions eo = egress_options(o);
    decoder = V::make_decoder(symbols, kMaxFrameBytes);
    source = std::make_unique<ReplaySource>(capture, r1, r1_pool, ReplaySource::Options{.speed = o.speed});
    decode = std::make_unique<Decode>(BacktestDecodeRings{r1, r1_pool, r4, r4_pool, r2, r2_stamps, &tap, &tap_stamps},
                                      *decoder, *source, probe.symbol);
    const strategy::StrategySetup setup = o.setup ? o.setup(symbols) : strategy::closer_setup(strategy, symbols, V::kVenue);
    const SequencerConfig sc = sequencer_config(o, eo, V::kVenue, V::command_costs());
    seq = std::make_unique<SequencerStage>(symbols, setup, sc, r2, &r2_stamps, r3, &r3_stamps,
                                           decode.get(), &watermark);
    egress = std::make_unique<Egress>(
        symbols, account, std::vector<SymbolId>{probe.symbol},
        SimEgressRings{r3, &r3_stamps, tap, &tap_stamps, decode.get(), &watermark, r4, r4_pool}, eo);
    decode->set_egress(egress.get());
    egress->set_upstream(seq.get());
    liq = apply_liquidation_prices(*seq, egress->exchange(), probe.symbol);
    const sim::Account& a = egress->exchange().account();
    start_long = a.position(probe.symbol, PositionSide::Long).amount;
    start_short = -a.position(probe.symbol, PositionSide::Short).amount;
    if (start_long == 0 && start_short == 0) notes.push_back("the account holds no hedge position in the captured symbol");
  }
};

// CPU time of the calling thread (cold path: two reads per run, around the timed part).
std::int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

template <OfflineVenue V>
BacktestReport run_backtest_for(const BacktestOptions& o) {
  Clock::calibrate();
  Pipeline<V> p(o);
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  const std::int64_t t0 = Clock::monotonic_ns(), cpu0 = thread_cpu_ns();
  InlineRunner(o.arm_alloc_guard ? kWarmupSweeps : 0).run(*p.source, *p.decode, *p.seq, *p.egress);
  const double wall_s = static_cast<double>(Clock::monotonic_ns() - t0) / 1e9;
  const double cpu_s = static_cast<double>(thread_cpu_ns() - cpu0) / 1e9;
  const std::uint64_t hot = AllocGuard::armed_allocations() - armed0;
  if (o.inspect) o.inspect(*p.seq, p.symbols);
  BacktestReport r =
      build_report(ReportInputs{p.symbols, p.probe.symbol, *p.seq, p.egress->exchange(), p.egress->counters(),
                                V::state_json(p.egress->exchange()), p.decode->counters(), p.capture.size(), wall_s,
                                AllocGuard::enabled() && o.arm_alloc_guard, hot, p.liq, p.start_long, p.start_short,
                                o.latency_us * 1000, p.notes});
  r.cpu_s = cpu_s;
  return r;
}

}  // namespace

BacktestReport run_backtest(const BacktestOptions& o) {
  return with_offline_venue(o.venue, [&]<class V>(std::type_identity<V>) { return run_backtest_for<V>(o); });
}

}  // namespace xtb
