// Capture loading and replay pacing under bad input (issue 12, reliability probe K2–K7,
// D9, D11, D17): a truncated gzip is an error, skipped lines are counted and said, a
// timestamp that overflows or lies outside 2000..2100 is skipped, a time jump is not
// waited for, and a record larger than a frame slot is refused before the replay starts.
#include <doctest/doctest.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/frame_pool.hpp"
#include "core/raw_frame.hpp"
#include "core/spsc_ring.hpp"
#include "sim/capture.hpp"
#include "sim/capture_pacer.hpp"
#include "sim/capture_symbols.hpp"
#include "sim/replay_source.hpp"

using namespace xtb;

namespace {

constexpr const char* kBook =
    R"({"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}})";

// A scratch file removed at scope exit.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& suffix) {
    path = "/tmp/xtb-capture-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++) + suffix;
  }
  ~TempFile() { std::remove(path.c_str()); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  void write(const std::string& text) const { std::ofstream(path, std::ios::binary) << text; }
};

std::string line(std::int64_t ns, const char* json = kBook) { return std::to_string(ns) + " " + json + "\n"; }

std::string gzip(const std::string& text) {
  uLongf n = compressBound(static_cast<uLong>(text.size())) + 64;
  std::string out(n + 32, '\0');
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);  // gzip wrapper
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

constexpr std::int64_t kT0 = 1'723'161'255'088'176'367;  // 2024-08-08, the real capture's time

}  // namespace

TEST_CASE("K2/D17: a gzip capture cut short is an error, the whole file loads") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += line(kT0 + i * 1'000'000);
  const std::string gz = gzip(text);
  TempFile whole(".gz"), cut(".gz");
  whole.write(gz);
  cut.write(gz.substr(0, gz.size() - 100));  // "last 100 bytes cut"
  CHECK(Capture::load(whole.path).size() == 2000);
  CHECK_THROWS_WITH_AS(Capture::load(cut.path), doctest::Contains("truncated gzip"), CaptureError);
  CHECK_THROWS_WITH_AS(read_file_maybe_gz(cut.path, "exchangeInfo file"),
                       doctest::Contains(("exchangeInfo file '" + cut.path + "' is a truncated gzip").c_str()), CaptureError);
}

TEST_CASE("K3/D17: garbage lines are skipped, counted and said in skipped_text()") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += (i % 50 == 49) ? std::string("garbage line\n") : line(kT0 + i);
  TempFile f(".txt");
  f.write(text);
  const Capture c = Capture::load(f.path);
  CHECK(c.size() == 98);
  CHECK(c.bad_lines() == 2);
  CHECK(c.skipped_text() == "2 lines skipped (not a record)");
  TempFile clean(".txt");
  clean.write(line(kT0));
  CHECK(Capture::load(clean.path).skipped_text().empty());
}

TEST_CASE("K7/D17: cryptofeed seconds that overflow int64 nanoseconds are a bad line, not UB") {
  TempFile f(".txt");
  f.write(std::string("wss://fstream.binance.com/stream?streams=btcusdt@bookTicker\n") +
          "99999999999999999: " + kBook + "\n" + "1723161255.088: " + kBook + "\n" +
          "-99999999999999999.5: " + kBook + "\n");
  const Capture c = Capture::load(f.path);
  REQUIRE(c.size() == 1);
  CHECK(c[0].recv_ns == 1'723'161'255'088'000'000);
  CHECK(c.bad_lines() == 2);
}

TEST_CASE("K5/D9: a record stamped 9e18 ns (year 2255) is skipped and counted, the rest loads") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += line(i == 1000 ? 9'000'000'000'000'000'000 : kT0 + i * 1'000'000);
  text += line(-5) + line(0);  // before 2000: also implausible
  TempFile f(".txt");
  f.write(text);
  const Capture c = Capture::load(f.path);
  CHECK(c.size() == 1999);
  CHECK(c.bad_timestamps() == 3);
  CHECK(c.bad_lines() == 0);
  CHECK(c.skipped_text() == "3 records skipped (timestamp outside 2000..2100)");
  TempFile all_bad(".txt");
  all_bad.write(line(9'000'000'000'000'000'000));
  CHECK_THROWS_WITH_AS(Capture::load(all_bad.path), doctest::Contains("timestamp outside 2000..2100"), CaptureError);
}

TEST_CASE("D9: CapturePacer counts jumps longer than the max gap and never waits for them") {
  const std::int64_t hour = CapturePacer::kDefaultMaxGapNs;
  CapturePacer p;
  CHECK(p.next(kT0) == 0);
  CHECK(p.next(kT0 + 5) == 5);
  CHECK(p.next(kT0 + 3) == 5);             // small step back: due at once, high-water mark kept
  CHECK(p.next(kT0 + 7) == 7);             // waits only its own spacing after kT0 + 5
  CHECK(p.next(kT0 + 7 + 2 * hour) == 7);  // forward jump: counted, not waited for
  CHECK(p.jumps() == 1);
  CHECK(p.next(kT0 + 8 + 2 * hour) == 8);  // the timeline continues from the new stamp
  CHECK(p.next(kT0 + 9) == 8);             // backward jump (a damaged stamp before): counted
  CHECK(p.next(kT0 + 10) == 9);
  CHECK(p.jumps() == 2);
  CHECK(p.next(INT64_MIN) == 9);  // any input stays defined
  CHECK(p.jumps() == 3);
}

TEST_CASE("D9/K5: a paced ReplaySource (speed 1) crosses a 2-day gap at once and counts it") {
  std::string text;
  for (int i = 0; i < 10; ++i) text += line(kT0 + i * 1'000'000 + (i >= 5 ? 2 * 86'400'000'000'000 : 0));
  TempFile f(".txt");
  f.write(text);
  const Capture cap = Capture::load(f.path);
  SpscRing<RawFrame> ring(64);
  LargeFramePool pool(4, 4096);
  ReplaySource src(cap, ring, pool, ReplaySource::Options{.speed = 1.0});
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t got = 0;
  while (!src.finished() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
    got += src.poll();
    ring.consume([&](RawFrame& fr, std::uint64_t, bool) {
      if (fr.is_large()) pool.release(fr.large_handle);
    });
  }
  CHECK(src.finished());
  CHECK(got == 10);
  CHECK(src.time_jumps() == 1);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("D11/K4: a record larger than a frame slot is refused before the replay starts") {
  const std::string huge = R"({"stream":"btcusdt@bookTicker","data":{"x":")" + std::string(20000, 'A') + "\"}}";
  TempFile f(".txt");
  f.write(line(kT0) + line(kT0 + 1, huge.c_str()) + line(kT0 + 2));
  const Capture cap = Capture::load(f.path);
  CHECK(cap.largest_record() == 1);
  SpscRing<RawFrame> ring(64);
  LargeFramePool pool(4, 4096);
  CHECK_THROWS_WITH_AS(ReplaySource(cap, ring, pool, ReplaySource::Options{}),
                       doctest::Contains("record 2 is 20047 bytes, larger than a frame slot (4096 bytes)"), CaptureError);
  LargeFramePool big(4, 32 * 1024);
  CHECK_NOTHROW(ReplaySource(cap, ring, big, ReplaySource::Options{}));
}

TEST_CASE("K8/X14: capture_stream_symbols names the capture's symbols in order") {
  TempFile f(".txt");
  f.write(line(kT0) + line(kT0 + 1, R"({"stream":"ethusdt@trade","data":{}})") +
          line(kT0 + 2, R"({"stream":"!markPrice@arr","data":[]})") + line(kT0 + 3, R"({"lastUpdateId":1})") +
          line(kT0 + 4));
  const auto names = capture_stream_symbols(Capture::load(f.path));
  REQUIRE(names.size() == 2);
  CHECK(names[0] == "BTCUSDT");
  CHECK(names[1] == "ETHUSDT");
}
