// bench_decode.cpp — market-data hot path on real recorded Binance USD-M messages.
//
//   BM_Decode/<type>   xtb::binance::Decoder::decode_frame into Events, cycling over every
//                      real message of that type (combined-stream wrapped)
//   BM_Peer/<type>     the peer: a plain simdjson On-Demand walk of the same messages that
//                      reads the same fields — numeric strings as double
//                      (get_double_in_string), strings as string_view, integers as int
//   BM_Book/<impl>     every depth chunk of the capture (REST snapshot, then the diffs) into
//                      an OrderBook of 2048 levels/side: `chunked` = market/order_book.hpp,
//                      `sorted_array` = the previous layout (sorted_array_book.hpp)
//   BM_Decimal/<path>  the first 8,192 price/quantity strings of the capture's depth
//                      levels: parse_decimal_padded (decoders) vs parse_decimal (any buffer)
//   BM_ReplayInline    `xtb replay --runner inline` (xtb::run_replay): source → R1 →
//                      decode → R2 → sequencer market state; manual time = its wall time,
//                      counter Mev/s = market events per second (issue 5 goal: >= 2)
// After the run, a table prints xtb / peer per message type (issue 4 goal: <= 1.2).
// Before any timing, every real message is decoded twice — through the raw fast path and,
// with one trailing space that the fast path declines, through simdjson On-Demand — and
// every level of the capture goes into both book layouts (2048 and 256 levels per side);
// the binary stops unless both decodes give byte-identical events and both books the
// same LevelChange for every update and the same final levels.
//
// Data: ../shared/data/binance-usdm/capture/btcusdt_20240808.gz (bookTicker, trade,
// depthUpdate) and cryptofeed_2021-07_ws.txt (aggTrade: the 2024 capture has none).
// Cold-path code throughout except the measured loops.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "venue/binance/venue_id.hpp"
#include "app/replay.hpp"
#include "market/decimal.hpp"
#include "market/order_book.hpp"
#include "sim/capture.hpp"
#include "sorted_array_book.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/exchange_info.hpp"

using namespace xtb;
namespace od = simdjson::ondemand;

namespace {

const std::string kData = XTB_DATA_DIR;
const std::string kCapture = kData + "/binance-usdm/capture/btcusdt_20240808.gz";
const std::string kExchangeInfo = kData + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
const std::string kCfWs = kData + "/binance-usdm/capture/cryptofeed_2021-07_ws.txt";
const std::string kCfInfo = kData + "/binance-usdm/capture/cryptofeed_2021-07_exchange_info.txt";
constexpr std::size_t kPad = simdjson::SIMDJSON_PADDING;

enum Kind { kBookTicker, kAggTrade, kTrade, kDepthUpdate, kKinds };
const char* const kKindName[kKinds] = {"bookTicker", "aggTrade", "trade", "depthUpdate"};

// Messages of one type, each followed by kPad zero bytes (what RawFrame guarantees), or
// (packed = true) texts stored as in JSON, `text"text"...`, with kPad bytes after the last.
struct Frames {
  explicit Frames(bool packed_texts = false) : packed(packed_texts) {}
  bool packed;
  std::vector<std::uint8_t> bytes;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset, length
  std::size_t tail = 0;                                      // size before the final padding
  void add(std::string_view json) {
    bytes.resize(tail);
    spans.emplace_back(bytes.size(), json.size());
    bytes.insert(bytes.end(), json.begin(), json.end());
    if (packed) bytes.push_back('"');
    else bytes.insert(bytes.end(), kPad, 0);
    tail = bytes.size();
    bytes.insert(bytes.end(), kPad, 0);
  }
  const std::uint8_t* data(std::size_t i) const { return bytes.data() + spans[i].first; }
  std::size_t len(std::size_t i) const { return spans[i].second; }
};

struct Corpus {
  std::unique_ptr<SymbolTable> btc_symbols = std::make_unique<SymbolTable>();
  std::unique_ptr<SymbolTable> cf_symbols = std::make_unique<SymbolTable>();
  Frames frames[kKinds];
  Frames snapshot;                       // the capture's REST depth snapshot
  std::vector<Event> depth_events;       // snapshot + diff chunks, capture order
  Frames decimals{true};                 // price and quantity strings of the depth levels
  std::vector<DecimalScale> decimal_scale;

  Corpus() {
    if (!binance::load_exchange_info(read_file_maybe_gz(kExchangeInfo), *btc_symbols).ok())
      throw std::runtime_error("cannot load " + kExchangeInfo);
    const std::string cf_info = read_file_maybe_gz(kCfInfo);
    const std::string_view first_line = std::string_view(cf_info).substr(0, cf_info.find('\n'));
    if (!binance::load_exchange_info(first_line.substr(first_line.find(": ") + 2), *cf_symbols).ok())
      throw std::runtime_error("cannot load " + kCfInfo);
    const Capture btc = Capture::load(kCapture);
    for (std::size_t i = 0; i < btc.size(); ++i) {
      const std::string_view j = btc.json(i);
      if (j.starts_with("{\"lastUpdateId\"")) snapshot.add(j);
      else if (j.find("\"e\":\"bookTicker\"") != j.npos) frames[kBookTicker].add(j);
      else if (j.find("\"e\":\"depthUpdate\"") != j.npos) frames[kDepthUpdate].add(j);
      else if (j.find("\"e\":\"trade\"") != j.npos) frames[kTrade].add(j);
    }
    const Capture cf = Capture::load(kCfWs);
    for (std::size_t i = 0; i < cf.size(); ++i)
      if (cf.json(i).find("\"e\":\"aggTrade\"") != std::string_view::npos) frames[kAggTrade].add(cf.json(i));
    collect_depth();
    verify_fast_path();
    verify_book(2048);
    verify_book(256);  // full sides: drops and evictions
  }

  // The chunked book must behave exactly like the sorted array it replaced.
  void verify_book(std::size_t capacity) const;

  // The numbers below are only worth printing for a decoder that is right: every real
  // message must decode to the same events through the raw fast path as through
  // simdjson On-Demand (forced by one trailing space, which the fast path declines).
  void verify_fast_path() const {
    std::vector<std::uint8_t> a, b;
    std::vector<Event> ea(1024), eb(1024);
    for (int k = 0; k < kKinds; ++k) {
      binance::Decoder da(k == kAggTrade ? *cf_symbols : *btc_symbols, 1 << 20);
      binance::Decoder db(k == kAggTrade ? *cf_symbols : *btc_symbols, 1 << 20);
      const Frames& f = frames[k];
      for (std::size_t i = 0; i < f.spans.size(); ++i) {
        a.assign(f.data(i), f.data(i) + f.len(i));
        a.resize(f.len(i) + kPad, 0);
        b.assign(f.data(i), f.data(i) + f.len(i));
        b.push_back(' ');
        b.resize(f.len(i) + 1 + kPad, 0);
        binance::ArrayEventSink sa(ea.data(), ea.size()), sb(eb.data(), eb.size());
        const auto ra = da.decode_frame(a.data(), f.len(i), a.size(), sa, 1, 2);
        const auto rb = db.decode_frame(b.data(), f.len(i) + 1, b.size(), sb, 1, 2);
        bool same = ra.ok() && rb.ok() && ra.events == rb.events;
        for (std::uint32_t e = 0; same && e < ra.events; ++e) same = std::memcmp(&ea[e], &eb[e], sizeof(Event)) == 0;
        if (!same) throw std::runtime_error(std::string("fast path and On-Demand disagree on a ") + kKindName[k] + " message");
      }
    }
  }

  // Decodes the snapshot and every diff once into depth_events (for BM_Book) and
  // collects their decimal strings (for BM_Decimal).
  void collect_depth() {
    binance::Decoder dec(*btc_symbols, 1 << 20);
    std::vector<Event> out(4096);
    binance::ArrayEventSink sink(out.data(), out.size());
    const SymbolRules& r = btc_symbols->rules(btc_symbols->find(xtb::binance::kVenueId, "BTCUSDT"));
    auto take = [&](const binance::DecodeResult& res, std::string_view json) {
      if (!res.ok()) throw std::runtime_error("decode failed: " + std::string(json.substr(0, 80)));
      depth_events.insert(depth_events.end(), out.begin(), out.begin() + res.events);
      // "px","qty" pairs: every quoted token after the first '[' of "b"/"bids".
      for (std::size_t q = json.find("[[\""); q != json.npos && q < json.size(); q = json.find("[\"", q + 1)) {
        const std::size_t p0 = q + (json[q + 1] == '[' ? 3 : 2), p1 = json.find('"', p0);
        const std::size_t q0 = p1 + 3, q1 = json.find('"', q0);
        decimals.add(json.substr(p0, p1 - p0));
        decimal_scale.push_back(r.price);
        decimals.add(json.substr(q0, q1 - q0));
        decimal_scale.push_back(r.qty);
      }
    };
    binance::RestContext rc;
    rc.kind = binance::RestKind::DepthSnapshot;
    rc.symbol = r.id;
    take(dec.decode_rest(snapshot.data(0), snapshot.len(0), snapshot.len(0) + kPad, rc, sink, 0, 0),
         {reinterpret_cast<const char*>(snapshot.data(0)), snapshot.len(0)});
    const Frames& d = frames[kDepthUpdate];
    for (std::size_t i = 0; i < d.spans.size(); ++i)
      take(dec.decode_frame(d.data(i), d.len(i), d.len(i) + kPad, sink, 0, 0),
           {reinterpret_cast<const char*>(d.data(i)), d.len(i)});
  }
};

Corpus& corpus() {
  static Corpus c;
  return c;
}

// ---- xtb decoder ----

void BM_Decode(benchmark::State& state, Kind kind) {
  Corpus& c = corpus();
  const Frames& f = c.frames[kind];
  binance::Decoder dec(kind == kAggTrade ? *c.cf_symbols : *c.btc_symbols, 1 << 16);
  std::vector<Event> out(1024);  // the largest diff of the capture needs ~90 chunks
  binance::ArrayEventSink sink(out.data(), out.size());
  std::size_t i = 0, events = 0, failed = 0;
  for (auto _ : state) {
    const binance::DecodeResult r = dec.decode_frame(f.data(i), f.len(i), f.len(i) + kPad, sink, 0, 0);
    events += r.events;
    failed += !r.ok();
    if (++i == f.spans.size()) i = 0;
  }
  if (failed) state.SkipWithError("decode errors");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["events/msg"] = static_cast<double>(events) / static_cast<double>(state.iterations());
  state.SetLabel(std::to_string(f.spans.size()) + " real msgs");
}

// ---- peer: plain simdjson On-Demand walk of the same fields ----

struct PeerOut {
  double px = 0, qty = 0;
  std::int64_t ints = 0;
  std::size_t text = 0;
};

// Key of a payload field: single letters, plus 'P' for "pu" (raw key text is `k"`).
inline char key1(od::field& f) {
  const char* k = f.key().raw();
  return k[1] == '"' ? k[0] : (k[0] == 'p' && k[1] == 'u' && k[2] == '"') ? 'P' : 0;
}

simdjson::error_code read_string(od::value v, PeerOut& o) {
  std::string_view s;
  SIMDJSON_TRY(v.get_string().get(s));
  o.text += s.size();
  return simdjson::SUCCESS;
}
simdjson::error_code read_int(od::value v, PeerOut& o) {
  std::int64_t n;
  SIMDJSON_TRY(v.get_int64().get(n));
  o.ints += n;
  return simdjson::SUCCESS;
}
simdjson::error_code read_num(od::value v, double& acc) {
  double d;
  SIMDJSON_TRY(v.get_double_in_string().get(d));
  acc += d;
  return simdjson::SUCCESS;
}

simdjson::error_code peer_levels(od::value v, PeerOut& o) {
  od::array levels;
  SIMDJSON_TRY(v.get_array().get(levels));
  for (auto lr : levels) {
    od::array pair;
    SIMDJSON_TRY(lr.get_array().get(pair));
    int idx = 0;
    for (auto xr : pair) {
      od::value x;
      SIMDJSON_TRY(std::move(xr).get(x));
      SIMDJSON_TRY(read_num(x, idx++ == 0 ? o.px : o.qty));
    }
  }
  return simdjson::SUCCESS;
}

// {"e","u","s","b","B","a","A","T","E"}
simdjson::error_code peer_book_ticker(char k, od::value v, PeerOut& o) {
  switch (k) {
    case 'e': case 's': return read_string(v, o);
    case 'u': case 'E': case 'T': return read_int(v, o);
    case 'b': case 'a': return read_num(v, o.px);
    case 'B': case 'A': return read_num(v, o.qty);
    default: return simdjson::SUCCESS;
  }
}

// trade {"e","E","T","s","t","p","q","X","m"}; aggTrade {"e","E","a","s","p","q","f","l","T","m"}
simdjson::error_code peer_trade(char k, od::value v, PeerOut& o) {
  switch (k) {
    case 'e': case 's': case 'X': return read_string(v, o);
    case 'E': case 'T': case 't': case 'a': case 'f': case 'l': return read_int(v, o);
    case 'p': return read_num(v, o.px);
    case 'q': return read_num(v, o.qty);
    case 'm': {
      bool b;
      SIMDJSON_TRY(v.get_bool().get(b));
      o.ints += b;
      return simdjson::SUCCESS;
    }
    default: return simdjson::SUCCESS;
  }
}

// {"e","E","T","s","U","u","pu","b":[[px,qty],..],"a":[..]}
simdjson::error_code peer_depth(char k, od::value v, PeerOut& o) {
  switch (k) {
    case 'e': case 's': return read_string(v, o);
    case 'E': case 'T': case 'U': case 'u': case 'P': return read_int(v, o);
    case 'b': case 'a': return peer_levels(v, o);
    default: return simdjson::SUCCESS;
  }
}

simdjson::error_code peer_payload(od::object data, Kind kind, PeerOut& o) {
  for (auto fr : data) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    const char k = key1(f);
    const simdjson::error_code e = kind == kBookTicker    ? peer_book_ticker(k, f.value(), o)
                                   : kind == kDepthUpdate ? peer_depth(k, f.value(), o)
                                                          : peer_trade(k, f.value(), o);
    if (e) return e;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code peer_frame(od::parser& parser, const std::uint8_t* p, std::size_t len, Kind kind, PeerOut& o) {
  od::document doc;
  SIMDJSON_TRY(parser.iterate(p, len, len + kPad).get(doc));
  od::object root;
  SIMDJSON_TRY(doc.get_object().get(root));
  for (auto fr : root) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    const std::string_view key = f.key().raw();
    if (key.starts_with("stream\"")) {
      std::string_view s;
      SIMDJSON_TRY(f.value().get_string().get(s));
      o.text += s.size();
    } else if (key.starts_with("data\"")) {
      od::object data;
      SIMDJSON_TRY(f.value().get_object().get(data));
      SIMDJSON_TRY(peer_payload(data, kind, o));
    }
  }
  return simdjson::SUCCESS;
}

void BM_Peer(benchmark::State& state, Kind kind) {
  const Frames& f = corpus().frames[kind];
  od::parser parser(1 << 16);
  PeerOut o;
  std::size_t i = 0, failed = 0;
  for (auto _ : state) {
    failed += peer_frame(parser, f.data(i), f.len(i), kind, o) != simdjson::SUCCESS;
    if (++i == f.spans.size()) i = 0;
  }
  benchmark::DoNotOptimize(o);
  if (failed) state.SkipWithError("peer walk errors");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// ---- order book ----

template <class Side>
void apply_all(const std::vector<Event>& evs, Side& bids, Side& asks) {
  for (const Event& e : evs) {
    const DepthUpdate& d = e.depth;
    if ((e.h.flags & DepthUpdate::kSnapshot) && (e.h.flags & DepthUpdate::kFirstChunk)) {
      bids.clear();
      asks.clear();
    }
    for (int k = 0; k < d.n_bids; ++k) benchmark::DoNotOptimize(bids.set(d.levels[k].px, d.levels[k].qty));
    for (int k = d.n_bids; k < d.n_bids + d.n_asks; ++k) benchmark::DoNotOptimize(asks.set(d.levels[k].px, d.levels[k].qty));
  }
}

std::size_t level_count(const std::vector<Event>& evs) {
  std::size_t n = 0;
  for (const Event& e : evs) n += e.depth.n_bids + e.depth.n_asks;
  return n;
}

constexpr std::size_t kBookLevels = 2048;  // as `xtb replay`

void Corpus::verify_book(std::size_t capacity) const {
  BookSide sides[2] = {BookSide(true, capacity), BookSide(false, capacity)};
  bench::SortedArraySide peers[2] = {bench::SortedArraySide(true, capacity), bench::SortedArraySide(false, capacity)};
  for (const Event& e : depth_events) {
    const DepthUpdate& d = e.depth;
    for (int k = 0; k < d.n_bids + d.n_asks; ++k) {
      const int s = k < d.n_bids ? 0 : 1;
      if (sides[s].set(d.levels[k].px, d.levels[k].qty) != peers[s].set(d.levels[k].px, d.levels[k].qty))
        throw std::runtime_error("chunked and sorted-array books disagree");
    }
  }
  for (int s = 0; s < 2; ++s) {
    if (sides[s].size() != peers[s].size()) throw std::runtime_error("book sizes differ");
    for (std::size_t i = 0; i < sides[s].size(); ++i)
      if (sides[s].at_depth(i).px != peers[s].at_depth(i).px || sides[s].at_depth(i).qty != peers[s].at_depth(i).qty)
        throw std::runtime_error("book levels differ");
  }
}

void BM_BookChunked(benchmark::State& state) {
  const std::vector<Event>& evs = corpus().depth_events;
  BookSide bids(true, kBookLevels), asks(false, kBookLevels);
  for (auto _ : state) apply_all(evs, bids, asks);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * level_count(evs)));
  state.SetLabel("ns/level = 1e9 / items_per_second");
}

void BM_BookSortedArray(benchmark::State& state) {
  const std::vector<Event>& evs = corpus().depth_events;
  bench::SortedArraySide bids(true, kBookLevels), asks(false, kBookLevels);
  for (auto _ : state) apply_all(evs, bids, asks);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * level_count(evs)));
}

// ---- decimals ----

template <bool Padded>
void BM_Decimal(benchmark::State& state) {
  const Corpus& c = corpus();
  const Frames& t = c.decimals;
  std::int64_t sum = 0;
  // The first 8,192 strings (~100 KiB with their spans and scales): cache-resident, so
  // this measures the parser rather than memory bandwidth.
  const std::size_t n = t.spans.size() < 8192 ? t.spans.size() : 8192;
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view s(reinterpret_cast<const char*>(t.data(i)), t.len(i));
      std::int64_t v = 0;
      if constexpr (Padded) parse_decimal_padded(s, c.decimal_scale[i], Rounding::Exact, v);
      else parse_decimal(s, c.decimal_scale[i], Rounding::Exact, v);
      sum += v;
    }
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

// ---- whole pipeline ----

void BM_ReplayInline(benchmark::State& state) {
  ReplayOptions o;
  o.capture = kCapture;
  o.exchange_info = kExchangeInfo;
  o.pipeline.runner = RunnerKind::Inline;
  o.arm_alloc_guard = false;
  double mev = 0, events = 0;
  for (auto _ : state) {
    const ReplaySummary s = run_replay(o);  // loads the capture (not timed), then replays it
    if (s.decode_errors || !s.book_synced) state.SkipWithError("replay had decode errors or lost book sync");
    state.SetIterationTime(s.wall_s);
    mev += s.events_per_s / 1e6;
    events = static_cast<double>(s.events);
  }
  state.counters["Mev/s"] = benchmark::Counter(mev, benchmark::Counter::kAvgIterations);
  state.counters["events"] = events;
}

// ---- xtb / peer table ----

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    // CPU time: on a shared machine it is the steadier of the two.
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Iteration && !r.error_occurred)
        ns_[r.run_name.str()] = r.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(r.time_unit) * 1e9;
  }
  void print_table() const {
    std::printf("\n%-12s %12s %12s %8s   (CPU ns per message; goal xtb/peer <= 1.2)\n", "type", "xtb", "peer", "ratio");
    for (int k = 0; k < kKinds; ++k) {
      const double a = get(std::string("BM_Decode/") + kKindName[k]), b = get(std::string("BM_Peer/") + kKindName[k]);
      if (a > 0 && b > 0) std::printf("%-12s %12.1f %12.1f %8.2f\n", kKindName[k], a, b, a / b);
    }
    const double bc = get("BM_Book/chunked"), bs = get("BM_Book/sorted_array");
    if (bc > 0 && bs > 0)
      std::printf("%-12s %12.2f %12.2f %8.2f   (ms per capture pass, chunked vs sorted array)\n", "book", bc / 1e6,
                  bs / 1e6, bc / bs);
  }

 private:
  double get(const std::string& name) const {
    const auto it = ns_.find(name);
    return it == ns_.end() ? 0 : it->second;
  }
  std::map<std::string, double> ns_;
};

void register_all() {
  for (int k = 0; k < kKinds; ++k) {
    const Kind kind = static_cast<Kind>(k);
    benchmark::RegisterBenchmark((std::string("BM_Decode/") + kKindName[k]).c_str(), BM_Decode, kind);
    benchmark::RegisterBenchmark((std::string("BM_Peer/") + kKindName[k]).c_str(), BM_Peer, kind);
  }
  benchmark::RegisterBenchmark("BM_Book/chunked", BM_BookChunked)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Book/sorted_array", BM_BookSortedArray)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Decimal/padded", BM_Decimal<true>);
  benchmark::RegisterBenchmark("BM_Decimal/scalar", BM_Decimal<false>);
  benchmark::RegisterBenchmark("BM_ReplayInline", BM_ReplayInline)
      ->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_table();
  benchmark::Shutdown();
  return 0;
}
