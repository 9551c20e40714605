// Runner modes must produce identical output on the same input: the real BTCUSDT
// capture flows source → classifier → sink under the inline runner and under threaded
// runners in blocking and yield modes; the sinks' digests must match exactly.
#include <doctest/doctest.h>

#include <cstring>
#include <string_view>

#include "core/event.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "sim/capture.hpp"
#include "sim/replay_source.hpp"

using namespace xtb;

namespace {

const char* kCapture = XTB_DATA_DIR "/binance-usdm/capture/btcusdt_20240808.gz";

std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::size_t i = 0; i < n; ++i) { h ^= p[i]; h *= 1099511628211ull; }
  return h;
}

// R1 → R2: hashes each frame and classifies it by its `"e":"..."` event name.
struct Classifier {
  Classifier(SpscRing<RawFrame>& i, SpscRing<Event>& o, LargeFramePool& p, const ReplaySource& u)
      : in(i), out(o), pool(p), upstream(u) {}
  SpscRing<RawFrame>& in;
  SpscRing<Event>& out;
  LargeFramePool& pool;
  const ReplaySource& upstream;
  Doorbell bell;

  DoneFlag done;

  std::size_t poll() {
    const bool upstream_done = upstream.finished();
    const std::size_t room = out.try_claim_batch(64);
    if (room == 0) return 0;
    std::size_t n = 0;
    in.consume([&](RawFrame& f, std::uint64_t seq, bool) {
      const std::uint8_t* p = frame_payload(f, pool);
      Event& e = out.claimed(n++);
      std::memset(&e.h, 0, sizeof e.h);
      std::string_view s(reinterpret_cast<const char*>(p), f.len);
      e.h.type = s.find("\"e\":\"bookTicker\"") != s.npos ? EventType::BookTicker
               : s.find("\"e\":\"trade\"") != s.npos      ? EventType::Trade
               : s.find("\"e\":\"depthUpdate\"") != s.npos ? EventType::DepthUpdate
                                                          : EventType::None;
      e.h.venue_time_ms = static_cast<std::int64_t>(fnv1a(p, f.len));
      e.h.seq = seq;
      if (f.is_large()) pool.release(f.large_handle);
    }, room);
    out.publish(n);
    if (upstream_done && in.empty_approx()) done.set();
    return n;
  }
  bool finished() const { return done.get(); }
  Doorbell* doorbell() { return &bell; }
};

struct Sink {
  Sink(SpscRing<Event>& i, const Classifier& u) : in(i), upstream(u) {}
  SpscRing<Event>& in;
  const Classifier& upstream;
  Doorbell bell;
  std::uint64_t digest = 0, count = 0, by_type[16] = {};

  DoneFlag done;

  std::size_t poll() {
    const bool upstream_done = upstream.finished();
    const std::size_t n = in.consume([&](Event& e, std::uint64_t seq, bool) {
      CHECK(seq == e.h.seq);
      digest = digest * 1000003u ^ static_cast<std::uint64_t>(e.h.venue_time_ms);
      ++count;
      ++by_type[static_cast<int>(e.h.type)];
    });
    if (upstream_done && in.empty_approx()) done.set();
    return n;
  }
  bool finished() const { return done.get(); }
  Doorbell* doorbell() { return &bell; }
};

struct Result { std::uint64_t digest, count, books, trades, depths; };

Result run_pipeline(const Capture& cap, int mode) {
  SpscRing<RawFrame> r1(256);
  SpscRing<Event> r2(512);
  LargeFramePool pool(8, 64 * 1024);
  ReplaySource src(cap, r1, pool, {});
  Classifier cls(r1, r2, pool, src);
  Sink sink(r2, cls);
  r1.attach_doorbell(&cls.bell);
  r2.attach_doorbell(&sink.bell);
  if (mode == 0) {
    InlineRunner{}.run(src, cls, sink);
  } else {
    const WaitMode wm = mode == 1 ? WaitMode::Blocking : WaitMode::Yield;
    ThreadedRunner tr;
    tr.add(src, {"src", -1, wm});
    tr.add(cls, {"cls", -1, wm});
    tr.add(sink, {"sink", -1, wm});
    CHECK(tr.start().empty());
    tr.join();
  }
  return {sink.digest, sink.count, sink.by_type[int(EventType::BookTicker)],
          sink.by_type[int(EventType::Trade)], sink.by_type[int(EventType::DepthUpdate)]};
}

}  // namespace

TEST_CASE("inline, threaded-blocking and threaded-yield runners agree on the real capture") {
  const Capture cap = Capture::load(kCapture);
  REQUIRE(cap.size() == 93954);
  CHECK(cap.bad_lines() == 0);
  const Result a = run_pipeline(cap, 0);
  CHECK(a.count == cap.size());
  CHECK(a.books == 66089);    // counts from ../shared/data/README.md
  CHECK(a.trades == 21313);
  CHECK(a.depths == 6551);
  const Result b = run_pipeline(cap, 1);
  const Result c = run_pipeline(cap, 2);
  CHECK(b.digest == a.digest);
  CHECK(c.digest == a.digest);
  CHECK(b.count == a.count);
  CHECK(c.count == a.count);
}

TEST_CASE("threaded runner reports an unavailable CPU clearly and strict mode stops") {
  const Capture cap = Capture::load(kCapture);
  SpscRing<RawFrame> r1(64);
  SpscRing<Event> r2(64);
  LargeFramePool pool(4, 64 * 1024);
  ReplaySource src(cap, r1, pool, {.count = 100});
  Classifier cls(r1, r2, pool, src);
  Sink sink(r2, cls);
  ThreadedRunner tr;
  tr.add(src, {"src", 4000, WaitMode::Yield});
  tr.add(cls, {"cls", -1, WaitMode::Yield});
  tr.add(sink, {"sink", -1, WaitMode::Yield});
  const auto errors = tr.start(/*strict=*/true);
  tr.join();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("src: CPU 4000 is not available") == 0);
  CHECK(sink.count == 0);
}
