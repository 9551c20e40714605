#include "app/replay.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "pipeline/decode/replay_decode_stage.hpp"
#include "pipeline/sequencer/market_state_stage.hpp"
#include "core/affinity.hpp"
#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "sim/capture.hpp"
#include "sim/capture_symbols.hpp"
#include "sim/replay_source.hpp"
#include "venue/offline_venues.hpp"

namespace xtb {
namespace {

constexpr std::size_t kBookLevels = 2048;
constexpr std::uint64_t kWarmupPolls = 2000;

// Everything the pipeline needs, allocated up front (cold path), for venue V.
template <OfflineVenue V>
struct Pipeline {
  static constexpr Venue kVenue = V::kVenue;
  using Decode = ReplayDecodeStage<typename V::Decoder, ReplaySource>;
  using Market = MarketStateStage<Decode>;
  SymbolTable symbols;
  Capture capture;
  SpscRing<RawFrame> r1;
  SpscRing<Event> r2;
  LargeFramePool pool;
  std::unique_ptr<typename V::Decoder> decoder;
  std::unique_ptr<ReplaySource> source;
  std::unique_ptr<Decode> decode;
  std::unique_ptr<Market> market;
  SymbolId snapshot_symbol = kNoSymbol;

  explicit Pipeline(const ReplayOptions& o)
      : capture(Capture::load(o.capture)), r1(o.pipeline.frame_ring), r2(o.pipeline.event_ring),
        pool(o.pipeline.large_slots, o.pipeline.large_slot_bytes) {
    if (const std::string e = V::load_symbols(read_file_maybe_gz(o.exchange_info, "exchangeInfo file"), symbols); !e.empty())
      throw std::runtime_error("exchange info '" + o.exchange_info + "': " + e);
    snapshot_symbol = symbols.find(V::kVenue, o.symbol);
    if (snapshot_symbol == kNoSymbol) throw std::runtime_error("symbol '" + o.symbol + "' is not in the exchange info");
    decoder = V::make_decoder(symbols, o.pipeline.large_slot_bytes);
    source = std::make_unique<ReplaySource>(capture, r1, pool,
                                            ReplaySource::Options{.speed = o.speed, .max_gap_ns = o.max_gap_ns});
    decode = std::make_unique<Decode>(r1, pool, r2, *decoder, *source, snapshot_symbol);
    market = std::make_unique<Market>(r2, *decode, symbols.size(), kBookLevels);
    r1.attach_doorbell(decode->doorbell());
    r2.attach_doorbell(market->doorbell());
  }
};

// Frames the venue's decoder could not read (a decoder without counters reports 0).
template <class D>
std::uint64_t decode_errors_of(const D& d) {
  if constexpr (requires { d.stats().errors(); }) return d.stats().errors();
  else return 0;
}

template <class P>
std::vector<std::string> run_threaded(P& p, const ReplayOptions& o) {
  const PipelineConfig& c = o.pipeline;
  ThreadedRunner tr;
  auto cfg = [&](const char* name, int cpu, bool hot) {
    return StageThreadConfig{name, cpu, c.wait, c.rt_priority, hot && o.arm_alloc_guard, kWarmupPolls};
  };
  tr.add(*p.source, cfg("xtb-ingest", c.cpu_ingest, false));  // replay source reads a capture: not a hot stage
  tr.add(*p.decode, cfg("xtb-decode", c.cpu_decode, true));
  tr.add(*p.market, cfg("xtb-sequencer", c.cpu_sequencer, true));
  auto errors = tr.start(c.strict_affinity);
  tr.join();
  if (c.strict_affinity && !errors.empty())
    throw std::runtime_error("pipeline set-up failed (strict_affinity): " + errors.front());
  return errors;
}

template <class P>
void fill_market(ReplaySummary& s, const P& p) {
  const SymbolId sym = p.snapshot_symbol;
  const SymbolMarket& m = p.market->market(sym);
  const auto& sync = p.market->sync(sym);
  const auto& st = sync.stats();
  s.book_tickers = m.book_tickers; s.trades = m.trades; s.depth_messages = m.depth_messages;
  s.snapshots = st.snapshots; s.gaps = st.gaps; s.crossed = st.crossed; s.resyncs = st.resyncs;
  s.stale = st.stale_dropped;
  s.ticker_checks = m.ticker_checks; s.ticker_mismatch = m.ticker_mismatch;
  s.book_synced = sync.book_valid();
  const SymbolRules& r = p.symbols.rules(sym);
  char buf[64];
  PriceLevel bb{}, ba{};
  const OrderBook& book = p.market->book(sym);
  if (book.best_bid(bb)) s.best_bid = std::string(buf, format_price(r, bb.px, buf, sizeof buf));
  if (book.best_ask(ba)) s.best_ask = std::string(buf, format_price(r, ba.px, buf, sizeof buf));
  s.last_trade = std::string(buf, format_price(r, m.last_trade_px, buf, sizeof buf));
  s.book_levels_bid = book.bids().size();
  s.book_levels_ask = book.asks().size();
}

// K8 / X14: say why the book stayed empty instead of only counting decode errors.
template <class P>
void find_problems(ReplaySummary& s, const P& p, const ReplayOptions& o) {
  const std::vector<std::string> seen = capture_stream_symbols(p.capture);
  std::string names;
  for (const std::string& n : seen) {
    names += (names.empty() ? "" : ", ") + n;
    if (p.symbols.find(P::kVenue, n) == kNoSymbol)
      s.problems.push_back("capture symbol " + n + " is not in the exchange info '" + o.exchange_info + "'");
  }
  // Stream data only: a capture's REST depth snapshot carries no symbol and is booked
  // under --symbol whatever it was recorded for.
  if (s.book_tickers + s.trades + s.depth_messages == 0)
    s.problems.push_back("no data for symbol " + o.symbol + " in the capture" +
                         (names.empty() ? std::string() : " (its streams are of " + names + ")"));
}

template <OfflineVenue V>
ReplaySummary run_replay_for(const ReplayOptions& o) {
  Clock::calibrate();
  Pipeline<V> p(o);
  ReplaySummary s;
  if (o.pipeline.mlock) {
    if (auto e = lock_all_memory()) s.setup_warnings.push_back(e.message);
  }
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  const std::int64_t t0 = Clock::monotonic_ns();
  if (o.pipeline.runner == RunnerKind::Inline) {
    s.runner = "inline (one thread)";
    InlineRunner(o.arm_alloc_guard ? kWarmupPolls : 0).run(*p.source, *p.decode, *p.market);
  } else {
    s.runner = fmt::format("threaded, {} wait", to_string(o.pipeline.wait));
    s.setup_warnings = run_threaded(p, o);
  }
  s.wall_s = static_cast<double>(Clock::monotonic_ns() - t0) / 1e9;
  s.records = p.capture.size();
  s.frames_decoded = p.decode->frames();
  s.events = p.market->counters().events;
  s.decode_errors = decode_errors_of(*p.decoder);
  s.events_per_s = s.wall_s > 0 ? static_cast<double>(s.events) / s.wall_s : 0;
  const Histogram& h = p.market->latency_ns();
  s.lat_p50 = h.percentile(50); s.lat_p90 = h.percentile(90); s.lat_p99 = h.percentile(99);
  s.lat_p999 = h.percentile(99.9); s.lat_max = h.max();
  s.alloc_guard = AllocGuard::enabled() && o.arm_alloc_guard;
  s.hot_allocations = AllocGuard::armed_allocations() - armed0;
  s.large_frames = p.pool.acquired();
  s.backpressure = p.decode->backpressure();
  fill_market(s, p);
  s.capture_skipped = p.capture.skipped_text();
  s.too_large = p.source->too_large();
  s.time_jumps = p.source->time_jumps();
  find_problems(s, p, o);
  return s;
}

}  // namespace

ReplaySummary run_replay(const ReplayOptions& o) {
  return with_offline_venue(o.venue, [&]<class V>(std::type_identity<V>) { return run_replay_for<V>(o); });
}

std::string format_summary(const ReplaySummary& s) {
  std::string out;
  out += fmt::format("replay summary ({})\n", s.runner);
  out += fmt::format("  records replayed     {:>10}   frames decoded {:>10}   decode errors {}\n", s.records, s.frames_decoded, s.decode_errors);
  out += fmt::format("  events to sequencer  {:>10}   bookTicker {}  trade {}  depth msgs {}\n", s.events, s.book_tickers, s.trades, s.depth_messages);
  out += fmt::format("  order book           {}   snapshots {}  gaps {}  crossed {}  resyncs {}  stale dropped {}\n",
                     s.book_synced ? "IN SYNC" : "NOT SYNCED", s.snapshots, s.gaps, s.crossed, s.resyncs, s.stale);
  out += fmt::format("  book vs bookTicker   {} checks at equal update id, {} mismatches\n", s.ticker_checks, s.ticker_mismatch);
  out += fmt::format("  final book           bid {}  ask {}  ({} / {} levels)   last trade {}\n", s.best_bid, s.best_ask, s.book_levels_bid, s.book_levels_ask, s.last_trade);
  out += fmt::format("  throughput           {:.2f} M events/s ({:.3f} s wall)\n", s.events_per_s / 1e6, s.wall_s);
  out += fmt::format("  ingest→sequencer ns  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}\n", s.lat_p50, s.lat_p90, s.lat_p99, s.lat_p999, s.lat_max);
  out += fmt::format("  large frames         {} (pool)   decode back-pressure stalls {}\n", s.large_frames, s.backpressure);
  if (s.alloc_guard) out += fmt::format("  hot-path allocations {} after warm-up\n", s.hot_allocations);
  if (!s.capture_skipped.empty()) out += fmt::format("  capture              {}\n", s.capture_skipped);
  if (s.too_large > 0) out += fmt::format("  records dropped      {} larger than a frame slot\n", s.too_large);
  if (s.time_jumps > 0) out += fmt::format("  time jumps           {} gaps longer than the max gap, not waited for\n", s.time_jumps);
  for (const auto& w : s.setup_warnings) out += fmt::format("  warning: {}\n", w);
  for (const auto& e : s.problems) out += fmt::format("  error: {}\n", e);
  return out;
}

}  // namespace xtb
