// decode_paths_test.cpp — the decoder's two stream paths must be interchangeable
// (decode_raw.hpp, "Contract"): the raw fast path (on by default) and simdjson On-Demand
// (Decoder::set_raw_fast_path(false)) give identical DecodeResults, identical event bytes
// and identical DecodeStats for
//   * every frame of both recorded captures (btcusdt_20240808.gz, the hftbacktest
//     recording the raw path was built for; cryptofeed_2021-07_ws.txt, 4 symbols), and
//   * a fixed, seeded set of random mutations of those frames (byte flips, deletions,
//     insertions, copied runs, digit changes, truncation), which walk the raw scanner's
//     reject branches and the decoders' error branches.
// Both decoders read the same buffer; the padding after the frame holds bytes that would
// change a result if either path read past the frame's end ('"', '\\', digits, '}').
// Sink slots are pre-filled with a different byte per path, so an event field that one
// path leaves unwritten shows up as a difference.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "decode_test_util.hpp"
#include "sim/capture.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {

constexpr std::size_t kMaxFrame = 1 << 20;
constexpr std::size_t kSlots = 1024;
constexpr int kMutations = 60000;
constexpr std::uint64_t kSeed = 20240808;
constexpr std::size_t kMaxMutatedSource = 3000;  // longer frames (depth) are mutated rarely enough

// EventSink over a fixed array that remembers the highest slot handed out, so refilling
// the used slots with the path's marker byte between frames stays cheap.
class MarkedSink final : public EventSink {
 public:
  explicit MarkedSink(unsigned char marker) : slots_(kSlots), marker_(marker) {
    std::memset(static_cast<void*>(slots_.data()), marker_, slots_.size() * sizeof(Event));
  }
  Event* slot(std::size_t i) noexcept override {
    if (i >= slots_.size()) return nullptr;
    used_ = std::max(used_, i + 1);
    return &slots_[i];
  }
  const Event& operator[](std::size_t i) const { return slots_[i]; }
  void remark() {
    std::memset(static_cast<void*>(slots_.data()), marker_, used_ * sizeof(Event));
    used_ = 0;
  }

 private:
  std::vector<Event> slots_;
  unsigned char marker_;
  std::size_t used_ = 0;
};

// One decoder per path over the same symbols, and the frame buffer both read.
class PathPair {
 public:
  explicit PathPair(const SymbolTable& symbols) : raw_(symbols, kMaxFrame), od_(symbols, kMaxFrame) {
    od_.set_raw_fast_path(false);
  }

  // Decodes `json` on both paths; returns false on any difference (the first few such
  // frames are reported in full).
  bool same(std::string_view json) {
    if (json.size() > kMaxFrame) return true;  // TooLarge on both, never decoded
    static constexpr char kPadBytes[] = {'"', '\\', '0', '}', 'x', ' ', ',', '9'};
    std::memcpy(buf_.data(), json.data(), json.size());
    std::memset(buf_.data() + json.size(), kPadBytes[frames_ % sizeof kPadBytes], kPad);
    ++frames_;
    const DecodeResult a = raw_.decode_frame(buf_.data(), json.size(), json.size() + kPad, raw_sink_, 77, 3);
    const DecodeResult b = od_.decode_frame(buf_.data(), json.size(), json.size() + kPad, od_sink_, 77, 3);
    bool equal = a.status == b.status && a.kind == b.kind && a.decimal == b.decimal && a.events == b.events;
    for (std::uint32_t i = 0; equal && i < a.events; ++i)
      equal = std::memcmp(&raw_sink_[i], &od_sink_[i], sizeof(Event)) == 0;
    if (!equal && ++differences_ <= kReported) {
      FAIL_CHECK("paths differ: raw status ", static_cast<int>(a.status), " kind ", static_cast<int>(a.kind),
                 " events ", a.events, ", On-Demand status ", static_cast<int>(b.status), " kind ",
                 static_cast<int>(b.kind), " events ", b.events, ", frame: ", json.substr(0, 300));
    }
    if (a.ok()) ++ok_;
    raw_sink_.remark();
    od_sink_.remark();
    return equal;
  }

  // Every counter of the two decoders' DecodeStats.
  void check_same_stats() const {
    const DecodeStats& a = raw_.stats();
    const DecodeStats& b = od_.stats();
    for (int s = 0; s < kDecodeStatusCount; ++s) {
      CAPTURE(s);
      CHECK(a.by_status[s].load() == b.by_status[s].load());
    }
    for (int k = 0; k < kMsgKindCount; ++k) {
      CAPTURE(k);
      CHECK(a.by_kind[k].load() == b.by_kind[k].load());
    }
    CHECK(a.skipped_unknown_symbol.load() == b.skipped_unknown_symbol.load());
    CHECK(a.skipped_unknown_asset.load() == b.skipped_unknown_asset.load());
    CHECK(a.rounded_fields.load() == b.rounded_fields.load());
    CHECK(a.skipped_off_grid_levels.load() == b.skipped_off_grid_levels.load());
    CHECK(a.events.load() == b.events.load());
  }

  const DecodeStats& stats() const { return raw_.stats(); }
  std::uint64_t frames() const { return frames_; }
  std::uint64_t ok_frames() const { return ok_; }

 private:
  Decoder raw_, od_;
  std::vector<std::uint8_t> buf_ = std::vector<std::uint8_t>(kMaxFrame + kPad);
  MarkedSink raw_sink_{0xAB}, od_sink_{0xCD};
  static constexpr int kReported = 10;
  std::uint64_t frames_ = 0, ok_ = 0;
  int differences_ = 0;
};

// A recorded capture and the symbol table its frames decode against.
struct Recording {
  SymbolTable symbols;
  Capture capture;
};

const Recording& btcusdt() {
  static const Recording r = [] {
    Recording out{SymbolTable{}, Capture::load(data_path("binance-usdm/capture/btcusdt_20240808.gz"))};
    add_real_symbols(out.symbols);  // BTCUSDT tick 0.10, step 0.001
    return out;
  }();
  return r;
}

const Recording& cryptofeed() {
  static const Recording r = [] {
    Recording out{SymbolTable{}, Capture::load(data_path("binance-usdm/capture/cryptofeed_2021-07_ws.txt"))};
    // First line: "<url> -> <time>: <exchangeInfo JSON>".
    const std::string info = read_file(data_path("binance-usdm/capture/cryptofeed_2021-07_exchange_info.txt"));
    const std::string_view line = std::string_view(info).substr(0, info.find('\n'));
    const std::size_t colon = line.find(": ");
    REQUIRE(colon != std::string_view::npos);
    REQUIRE(load_exchange_info(line.substr(colon + 2), out.symbols).ok());
    return out;
  }();
  return r;
}

// Applies 1-3 random edits to `j` (deterministic for a given generator state).
void mutate(std::string& j, std::mt19937_64& rng) {
  static constexpr char kAlphabet[] = "0123456789.-+eE\"\\:,[]{} \t\nabsuBAmtrfnlTEpq\x01\x7f\xc3\xa9";
  constexpr std::size_t kLetters = sizeof kAlphabet - 1;
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int m = 0; m < edits; ++m) {
    const std::size_t pos = rng() % (j.size() + 1);
    switch (rng() % 6) {
      case 0: if (pos < j.size()) j[pos] = kAlphabet[rng() % kLetters]; break;
      case 1: if (pos < j.size()) j.erase(pos, 1 + rng() % 3); break;
      case 2: j.insert(pos, 1, kAlphabet[rng() % kLetters]); break;
      case 3:
        if (!j.empty()) {
          const std::string run = j.substr(rng() % j.size(), 1 + rng() % 20);
          j.insert(pos, run);
        }
        break;
      case 4: if (pos < j.size() && j[pos] >= '0' && j[pos] <= '9') j[pos] = static_cast<char>('0' + rng() % 10); break;
      default: j.resize(pos); break;
    }
  }
}

}  // namespace

TEST_CASE("raw fast path == On-Demand: every frame of btcusdt_20240808") {
  const Recording& rec = btcusdt();
  REQUIRE(rec.capture.size() == 93954);
  PathPair paths(rec.symbols);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < rec.capture.size(); ++i) differ += !paths.same(rec.capture.json(i));
  CHECK(differ == 0);
  paths.check_same_stats();
  // The capture is the raw path's home ground: everything but the REST snapshot line decodes.
  CHECK(paths.ok_frames() == rec.capture.size() - 1);
  CHECK(paths.stats().kind(MsgKind::BookTicker) == 66089);
  CHECK(paths.stats().kind(MsgKind::Trade) == 21313);
  CHECK(paths.stats().kind(MsgKind::DepthUpdate) == 6551);
}

TEST_CASE("raw fast path == On-Demand: every frame of the cryptofeed 2021-07 recording") {
  const Recording& rec = cryptofeed();
  REQUIRE(rec.capture.size() > 1000);
  PathPair paths(rec.symbols);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < rec.capture.size(); ++i) differ += !paths.same(rec.capture.json(i));
  CHECK(differ == 0);
  paths.check_same_stats();
  CHECK(paths.stats().errors() == 0);
  CHECK(paths.stats().kind(MsgKind::AggTrade) > 0);
  CHECK(paths.stats().kind(MsgKind::BookTicker) > 0);
}

TEST_CASE("raw fast path == On-Demand: seeded random mutations of captured frames") {
  const Recording& btc = btcusdt();
  const Recording& cf = cryptofeed();
  PathPair btc_paths(btc.symbols), cf_paths(cf.symbols);
  std::mt19937_64 rng(kSeed);
  std::size_t differ = 0;
  std::string j;
  for (int it = 0; it < kMutations; ++it) {
    const bool use_cf = rng() % 10 == 0;
    const Recording& rec = use_cf ? cf : btc;
    const std::string_view source = rec.capture.json(rng() % rec.capture.size());
    if (source.size() > kMaxMutatedSource) continue;
    j.assign(source);
    mutate(j, rng);
    differ += !(use_cf ? cf_paths : btc_paths).same(j);
  }
  CHECK(differ == 0);
  btc_paths.check_same_stats();
  cf_paths.check_same_stats();
  const std::uint64_t frames = btc_paths.frames() + cf_paths.frames();
  const std::uint64_t ok = btc_paths.ok_frames() + cf_paths.ok_frames();
  MESSAGE("mutations: ", frames, " frames compared, ", ok, " decoded Ok, ", frames - ok, " rejected");
  // The set must exercise both outcomes: mutations that still decode and ones that fail.
  CHECK(frames > kMutations * 9 / 10);
  CHECK(ok > frames / 10);
  CHECK(frames - ok > frames / 10);
}
