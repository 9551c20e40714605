// Runner modes must produce identical output on the same input: the real BTCUSDT
// capture flows source → classifier → sink under the inline runner, under threaded
// runners in blocking and yield modes and under every layout of the stage-group runner
// (compact / split / pinned × busy-spin / adaptive / blocking); the sinks' digests must
// match exactly. Plus the group runner's two mechanisms: a multi-stage thread wakes on
// ANY of its stages' doorbells, and a producer waiting inside poll() for a consumer on
// its own thread is unblocked by the producer assist.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <string_view>

#include "core/event.hpp"
#include "core/frame_pool.hpp"
#include "core/layout.hpp"
#include "core/runner.hpp"
#include "core/stage_group_runner.hpp"
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
      e.h.type = s.find("\"e\":\"bookTicker\"") != s.npos ? EventType::BestBidOffer
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
  } else if (mode >= 10) {  // 10 + 3 * layout + wait: the stage-group runner
    const auto layout = static_cast<LayoutKind>((mode - 10) / 3);
    const WaitMode waits[] = {WaitMode::BusySpin, WaitMode::Adaptive, WaitMode::Blocking};
    const WaitMode wm = waits[(mode - 10) % 3];
    StageGroupRunner gr;
    for (std::size_t t = 0; t < layout_threads(layout); ++t) gr.add_thread({"grp" + std::to_string(t), -1, wm});
    // Three stages on the four-stage plan: source = ingest, classifier = decode, sink = sequencer.
    gr.add(layout_thread_of(layout, PipelineStage::Ingest), src);
    gr.add(layout_thread_of(layout, PipelineStage::Decode), cls);
    gr.add(layout_thread_of(layout, PipelineStage::Sequencer), sink);
    CHECK(gr.start().empty());
    gr.join();
  } else {
    const WaitMode wm = mode == 1 ? WaitMode::Blocking : WaitMode::Yield;
    ThreadedRunner tr;
    tr.add(src, {"src", -1, wm});
    tr.add(cls, {"cls", -1, wm});
    tr.add(sink, {"sink", -1, wm});
    CHECK(tr.start().empty());
    tr.join();
  }
  return {sink.digest, sink.count, sink.by_type[int(EventType::BestBidOffer)],
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

TEST_CASE("every layout and wait mode of the stage-group runner agrees with the inline runner") {
  const Capture cap = Capture::load(kCapture);
  const Result a = run_pipeline(cap, 0);
  for (const LayoutKind l : {LayoutKind::Compact, LayoutKind::Split, LayoutKind::Pinned}) {
    for (int w = 0; w < 3; ++w) {
      if (l == LayoutKind::Pinned && w == 0) continue;  // 3 busy-spinning threads on 2 vCPUs: only slow
      CAPTURE(to_string(l));
      CAPTURE(w);
      const Result b = run_pipeline(cap, 10 + 3 * static_cast<int>(l) + w);
      CHECK(b.count == a.count);
      CHECK(b.digest == a.digest);
      CHECK(b.books == a.books);
    }
  }
}

namespace {

// Consumer of a ring of ints with its own doorbell: counts what it took.
struct Counter {
  explicit Counter(SpscRing<std::uint64_t>& r) : in(r) { in.attach_doorbell(&bell); }
  SpscRing<std::uint64_t>& in;
  Doorbell bell;
  std::atomic<std::uint64_t> taken{0};
  std::size_t poll() {
    const std::size_t n = in.consume([](std::uint64_t&, std::uint64_t, bool) {});
    taken.fetch_add(n, std::memory_order_release);
    return n;
  }
  bool finished() const { return false; }
  Doorbell* doorbell() { return &bell; }
};

bool wait_for(const std::atomic<std::uint64_t>& v, std::uint64_t want) {
  for (int i = 0; i < 20'000; ++i) {
    if (v.load(std::memory_order_acquire) >= want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

void push(SpscRing<std::uint64_t>& r, std::uint64_t v) {
  std::uint64_t* slot = r.try_claim();
  REQUIRE(slot != nullptr);
  *slot = v;
  r.publish(1);
}

// Publishes `total` items into a small ring and, like core/frame_publisher.hpp, waits
// INSIDE poll() while the ring is full — running the thread's producer assist.
struct WaitingProducer {
  WaitingProducer(SpscRing<std::uint64_t>& r, std::uint64_t n) : out(r), total(n) {}
  SpscRing<std::uint64_t>& out;
  std::uint64_t total, sent = 0, assists = 0, spins = 0;
  DoneFlag done;
  std::size_t poll() {
    if (sent == total) { done.set(); return 0; }
    std::size_t k = 0;
    for (; k < 100 && sent < total; ++k) {
      std::uint64_t* slot;
      while ((slot = out.try_claim()) == nullptr) {
        if (run_producer_assist()) ++assists;
        else if (++spins > 50'000'000) return k;  // nobody frees room: give up (the test fails)
      }
      *slot = sent++;
      out.publish(1);
    }
    return k;
  }
  bool finished() const { return done.get(); }
  Doorbell* doorbell() { return nullptr; }
};

struct Drain {
  Drain(SpscRing<std::uint64_t>& r, const WaitingProducer& u) : in(r), up(u) {}
  SpscRing<std::uint64_t>& in;
  const WaitingProducer& up;
  std::uint64_t taken = 0, next = 0;
  bool in_order = true;
  DoneFlag done;
  std::size_t poll() {
    const bool up_done = up.finished();
    const std::size_t n = in.consume([this](std::uint64_t& v, std::uint64_t, bool) { in_order &= v == next++; }, 8);
    taken += n;
    if (up_done && in.empty_approx()) done.set();
    return n;
  }
  bool finished() const { return done.get(); }
  Doorbell* doorbell() { return nullptr; }
};

}  // namespace

TEST_CASE("a blocking multi-stage thread sleeps while all its stages idle and wakes on any doorbell") {
  SpscRing<std::uint64_t> ra(16), rb(16);
  Counter a(ra), b(rb);
  StageGroupRunner gr;
  // A minute-long sleep bound: only a doorbell can wake the thread within the test.
  gr.add_thread({"grp", -1, WaitMode::Blocking, 0, 60'000'000'000});
  gr.add(0, a);
  gr.add(0, b);
  REQUIRE(gr.start().empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // both idle: asleep
  push(rb, 1);  // the SECOND stage's bell
  CHECK(wait_for(b.taken, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  push(ra, 2);
  push(ra, 3);
  CHECK(wait_for(a.taken, 2));
  gr.stop();
  gr.join();
  CHECK(gr.sleeps()[0] >= 2);  // it did sleep between the pushes (and was woken)
}

TEST_CASE("producer assist: a producer waiting in poll() for its consumer on the same thread") {
  for (const WaitMode wm : {WaitMode::BusySpin, WaitMode::Blocking}) {
    SpscRing<std::uint64_t> r(8);
    WaitingProducer p(r, 100'000);
    Drain d(r, p);
    StageGroupRunner gr;
    gr.add_thread({"compact", -1, wm});
    gr.add(0, p);
    gr.add(0, d);
    REQUIRE(gr.start().empty());
    gr.join();
    CHECK(p.sent == 100'000);
    CHECK(d.taken == 100'000);
    CHECK(d.in_order);
    CHECK(p.assists > 0);  // the ring of 8 filled: the wait ran the drain through the assist
  }
}

TEST_CASE("layouts: names, auto's choice by CPU count, stage placement") {
  LayoutKind k{};
  CHECK(parse_layout("compact", k));
  CHECK(k == LayoutKind::Compact);
  CHECK(parse_layout("auto", k));
  CHECK(k == LayoutKind::Auto);
  CHECK_FALSE(parse_layout("threaded", k));
  CHECK(choose_layout(1) == LayoutKind::Compact);
  CHECK(choose_layout(2) == LayoutKind::Compact);
  CHECK(choose_layout(3) == LayoutKind::Split);
  CHECK(choose_layout(4) == LayoutKind::Split);
  CHECK(choose_layout(5) == LayoutKind::Pinned);
  CHECK(choose_layout(64) == LayoutKind::Pinned);
  const ResolvedLayout r = resolve_layout(LayoutKind::Auto, 2);
  CHECK(r.kind == LayoutKind::Compact);
  CHECK(r.description == "layout compact (1 hot thread; auto: 2 CPUs in the affinity mask)");
  CHECK(resolve_layout(LayoutKind::Split, 16).description == "layout split (2 hot threads)");
  CHECK(layout_thread_of(LayoutKind::Split, PipelineStage::Decode) == 0);
  CHECK(layout_thread_of(LayoutKind::Split, PipelineStage::Sequencer) == 1);
  CHECK(layout_thread_of(LayoutKind::Pinned, PipelineStage::Egress) == 3);
  CHECK(layout_thread_of(LayoutKind::Compact, PipelineStage::Egress) == 0);
  CHECK(layout_first_stage(LayoutKind::Split, 1) == PipelineStage::Sequencer);  // split's 2nd thread: cpus.sequencer
  CHECK(layout_first_stage(LayoutKind::Compact, 0) == PipelineStage::Ingest);
  CHECK(layout_first_stage(LayoutKind::Pinned, 3) == PipelineStage::Egress);
  CHECK(available_cpus() == allowed_cpus().size());
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
