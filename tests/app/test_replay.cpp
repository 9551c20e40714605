// The replay pipeline on the real BTCUSDT capture: every record decodes, the local book
// stays in sync from the snapshot through every diff, all runner modes agree exactly, and
// the decode and sequencer threads allocate nothing after warm-up. Bad captures (issue 12:
// D9/K5, D11/K4, D17/K3/K8/X14, X12) end in a clear error or a summary that says what
// went wrong and is not ok() (exit 3), never a hang or a silent drop.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "app/replay.hpp"
#include "core/alloc_guard.hpp"
#include "sim/capture.hpp"

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
  CHECK(s.problems.empty());
  CHECK(s.capture_skipped.empty());
  CHECK(s.too_large == 0);
  if (AllocGuard::enabled()) CHECK(s.ok());
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

namespace {

// The first `n` records of the real capture, stamps 0.1 ms apart from the first (so a
// paced replay of them takes 0.1 ms × n), each line passed through `edit(i, line)`.
template <class Edit>
std::string small_capture(std::size_t n, Edit edit) {
  const Capture cap = Capture::load(XTB_DATA_DIR "/binance-usdm/capture/btcusdt_20240808.gz");
  std::string out;
  for (std::size_t i = 0; i < n && i < cap.size(); ++i)
    out += edit(i, std::to_string(cap[0].recv_ns + static_cast<std::int64_t>(i) * 100'000) + " " +
                       std::string(cap.json(i)) + "\n");
  return out;
}

struct TempCapture {
  std::string path;
  explicit TempCapture(const std::string& text) {
    static int n = 0;
    path = "/tmp/xtb-replay-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".txt";
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempCapture() { std::remove(path.c_str()); }
};

bool has_problem(const ReplaySummary& s, const std::string& text) {
  for (const auto& p : s.problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("D9/K5: replay --speed 1 of a capture with one 9e18 ns stamp finishes; the record is counted, not ok") {
  TempCapture cap(small_capture(2000, [](std::size_t i, std::string line) {
    return i == 1000 ? "9000000000000000000" + line.substr(line.find(' ')) : line;
  }));
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = cap.path;
  o.speed = 1;
  const auto t0 = std::chrono::steady_clock::now();
  const ReplaySummary s = run_replay(o);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  CHECK(s.records == 1999);
  CHECK(s.capture_skipped == "1 record skipped (timestamp outside 2000..2100)");
  CHECK_FALSE(s.ok());
  CHECK(format_summary(s).find("capture              1 record skipped") != std::string::npos);
}

TEST_CASE("D9: a 2-hour gap at --speed 1 is a counted time jump, not a 2-hour sleep") {
  TempCapture cap(small_capture(400, [](std::size_t i, std::string line) {
    if (i < 200) return line;
    const std::int64_t ns = std::stoll(line.substr(0, line.find(' '))) + 7'200'000'000'000;
    return std::to_string(ns) + line.substr(line.find(' '));
  }));
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = cap.path;
  o.speed = 1;
  const auto t0 = std::chrono::steady_clock::now();
  const ReplaySummary s = run_replay(o);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  CHECK(s.records == 400);
  CHECK(s.time_jumps == 1);
  CHECK(format_summary(s).find("time jumps           1") != std::string::npos);
}

TEST_CASE("D11/K4: a record larger than the frame slot is an error before the replay, not a silent drop") {
  TempCapture cap(small_capture(50, [](std::size_t i, std::string line) {
    if (i != 1) return line;
    return line.substr(0, line.find(' ')) + " {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"x\":\"" +
           std::string(2'000'000, 'A') + "\"}}\n";
  }));
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = cap.path;
  CHECK_THROWS_WITH_AS(run_replay(o), doctest::Contains("larger than a frame slot (262144 bytes)"), std::runtime_error);
}

TEST_CASE("D17/K3: skipped garbage lines are printed in the summary and make it not ok") {
  TempCapture cap(small_capture(200, [](std::size_t i, std::string line) {
    return i % 50 == 49 ? std::string("garbage line\n") : line;
  }));
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = cap.path;
  const ReplaySummary s = run_replay(o);
  CHECK(s.capture_skipped == "4 lines skipped (not a record)");
  CHECK_FALSE(s.ok());
  CHECK(format_summary(s).find("4 lines skipped (not a record)") != std::string::npos);
}

TEST_CASE("X14: replay --symbol ETHUSDT on the BTCUSDT capture says there is no data for it (not ok)") {
  TempCapture cap(small_capture(300, [](std::size_t, std::string line) { return line; }));
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = cap.path;
  o.symbol = "ETHUSDT";
  const ReplaySummary s = run_replay(o);
  CHECK(has_problem(s, "no data for symbol ETHUSDT in the capture (its streams are of BTCUSDT)"));
  CHECK_FALSE(s.ok());
  CHECK(format_summary(s).find("  error: no data for symbol ETHUSDT") != std::string::npos);
}

TEST_CASE("K8: a capture of a symbol missing from exchangeInfo is named as such") {
  TempCapture cap(small_capture(300, [](std::size_t, std::string line) {
    for (const char* from : {"btcusdt", "BTCUSDT"})
      for (std::size_t p = line.find(from); p != std::string::npos; p = line.find(from, p))
        line.replace(p, 3, from[0] == 'b' ? "zzz" : "ZZZ");
    return line;
  }));
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.capture = cap.path;
  const ReplaySummary s = run_replay(o);
  CHECK(has_problem(s, "capture symbol ZZZUSDT is not in the exchange info"));
  CHECK(has_problem(s, "no data for symbol BTCUSDT"));
  CHECK_FALSE(s.ok());
}

TEST_CASE("X12: a missing exchangeInfo file is named as an exchangeInfo file, not a capture") {
  auto o = options(RunnerKind::Inline, WaitMode::Blocking);
  o.exchange_info = "/nonexistent.json";
  CHECK_THROWS_WITH_AS(run_replay(o), doctest::Contains("cannot open exchangeInfo file '/nonexistent.json'"),
                       std::runtime_error);
}
