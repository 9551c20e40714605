// The replay pipeline on the real BTCUSDT capture: every record decodes, the local book
// stays in sync from the snapshot through every diff, all runner modes agree exactly, and
// the decode and sequencer threads allocate nothing after warm-up.
#include <doctest/doctest.h>

#include "app/replay.hpp"
#include "core/alloc_guard.hpp"

using namespace xtb;

namespace {
ReplayOptions options(RunnerKind runner, WaitMode wait) {
  ReplayOptions o;
  o.capture = XTB_DATA_DIR "/binance-usdm/capture/btcusdt_20240808.gz";
  o.exchange_info = XTB_DATA_DIR "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  o.pipeline.runner = runner;
  o.pipeline.wait = wait;
  o.pipeline.large_slots = 16;
  o.pipeline.large_slot_bytes = 256 * 1024;
  return o;
}
}  // namespace

TEST_CASE("replay of the real capture: zero decode errors, book in sync, no hot-path allocation") {
  const ReplaySummary s = run_replay(options(RunnerKind::Inline, WaitMode::Blocking));
  CHECK(s.records == 93954);
  CHECK(s.frames_decoded == 93954);
  CHECK(s.decode_errors == 0);
  CHECK(s.book_tickers == 66089);
  CHECK(s.trades == 21313);
  CHECK(s.depth_messages == 6551);
  CHECK(s.snapshots == 1);
  CHECK(s.gaps == 0);
  CHECK(s.crossed == 0);
  CHECK(s.resyncs == 0);
  CHECK(s.book_synced);
  CHECK(s.ticker_checks > 0);
  CHECK(s.ticker_mismatch == 0);
  CHECK(s.best_bid < s.best_ask);
  CHECK(s.large_frames > 0);  // the 42 KB snapshot and big depth messages took the pool path
  if (AllocGuard::enabled()) CHECK(s.hot_allocations == 0);
}

TEST_CASE("threaded runners (blocking, yield) agree with the inline runner") {
  const ReplaySummary a = run_replay(options(RunnerKind::Inline, WaitMode::Blocking));
  for (WaitMode w : {WaitMode::Blocking, WaitMode::Yield}) {
    CAPTURE(to_string(w));
    const ReplaySummary b = run_replay(options(RunnerKind::Threaded, w));
    CHECK(b.events == a.events);
    CHECK(b.book_tickers == a.book_tickers);
    CHECK(b.trades == a.trades);
    CHECK(b.depth_messages == a.depth_messages);
    CHECK(b.stale == a.stale);
    CHECK(b.gaps == 0);
    CHECK(b.best_bid == a.best_bid);
    CHECK(b.best_ask == a.best_ask);
    CHECK(b.last_trade == a.last_trade);
    CHECK(b.book_levels_bid == a.book_levels_bid);
    CHECK(b.book_levels_ask == a.book_levels_ask);
    CHECK(b.ticker_checks == a.ticker_checks);
    if (AllocGuard::enabled()) CHECK(b.hot_allocations == 0);
  }
}

TEST_CASE("missing capture and unknown symbol give clear errors") {
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = "/nonexistent/capture.gz";
  CHECK_THROWS_WITH_AS(run_replay(o), doctest::Contains("cannot open capture"), std::runtime_error);
  o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.symbol = "NOPEUSDT";
  CHECK_THROWS_WITH_AS(run_replay(o), doctest::Contains("NOPEUSDT"), std::runtime_error);
}
