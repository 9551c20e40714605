// bench_backpack_codecs.cpp — Backpack's hot codecs on its real messages (issue 17: "decode/
// sign benchmarks ... ns per message, µs per signature, next to the Binance figures
// measured in the same run": scripts/bench.sh venues runs this binary beside
// bench_decode's BM_Decode and bench_binance_sign_encode).
//
//   BM_Decode/<stream>  backpack::Decoder::decode_frame into Events, cycling over every real
//                       WS message of that stream in ../shared/data/backpack/ (official Rust
//                       client test messages + ccxt examples): depth, bookTicker, trade,
//                       markPrice, orderUpdate (order*), positionUpdate (position*)
//   BM_SignOnly         Ed25519Signer::sign_base64 of a typical orderExecute signing string
//   BM_EncodeSignLimit  RequestEncoder::encode of a post-only reduce-only LIMIT: signing
//                       string, Ed25519 signature, JSON body, headers
// Counters: `ossl_allocs` = OpenSSL allocations per iteration (OpenSSL 3.0's Ed25519
// provider allocates inside EVP_DigestSign; our code allocates nothing).
// Before timing, every message is decoded once and a stream with no message or a message
// that yields no event stops the binary (a benchmark of nothing is not a number).
#include <benchmark/benchmark.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "openssl_alloc_counter.hpp"
#include "venue/backpack/decoder.hpp"
#include "venue/backpack/encode_request.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

namespace {

const char* const kStreams[] = {"depth", "bookTicker", "trade", "markPrice", "orderUpdate", "positionUpdate"};

// The stream a real message belongs to, by its "e" field ("" = not a WS stream message).
std::string stream_of(const std::string& json) {
  const std::size_t at = json.find("\"e\":\"");
  if (at == std::string::npos) return {};
  const std::size_t b = at + 5, e = json.find('"', b);
  const std::string ev = json.substr(b, e - b);
  if (ev.rfind("order", 0) == 0 || ev == "triggerPlaced" || ev == "triggerFailed") return "orderUpdate";
  if (ev.rfind("position", 0) == 0) return "positionUpdate";
  return ev;
}

// Padded frames per stream, each checked to decode into at least one event.
const std::map<std::string, std::vector<Frame>>& frames_by_stream() {
  static const std::map<std::string, std::vector<Frame>> m = [] {
    std::map<std::string, std::vector<Frame>> out;
    Decoder d(symbols());
    static Events sink;
    for (const char* file : {"bpx_api_client_test_messages.json", "ccxt_examples.json"})
      for (const Sample& s : load_samples(file)) {
        const std::string st = stream_of(s.json);
        if (st.empty()) continue;
        Frame f(s.json);
        if (d.decode_frame(f.data(), f.len, f.cap(), sink.sink).events == 0) continue;  // e.g. an unlisted symbol
        out[st].emplace_back(s.json);
      }
    for (const char* st : kStreams)
      if (out[st].empty()) throw std::runtime_error(std::string("no decodable real message for stream ") + st);
    return out;
  }();
  return m;
}

void BM_Decode(benchmark::State& state, const char* stream) {
  const std::vector<Frame>& frames = frames_by_stream().at(stream);
  Decoder d(symbols());
  static Events out;
  std::size_t i = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const Frame& f = frames[i];
    i = i + 1 == frames.size() ? 0 : i + 1;
    const DecodeResult r = d.decode_frame(f.data(), f.len, f.cap(), out.sink);
    events += r.events;
    benchmark::DoNotOptimize(r);
  }
  state.counters["messages"] = static_cast<double>(frames.size());
  state.counters["events/msg"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}

constexpr std::string_view kSeed = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";  // RFC 8032 test 1

void BM_SignOnly(benchmark::State& state) {
  Ed25519Signer signer;
  if (signer.set_seed_base64(kSeed) != KeyError::Ok) throw std::runtime_error("test key");
  const std::string msg =
      "instruction=orderExecute&clientId=4123456789&orderType=Limit&postOnly=true&price=61800.2&quantity=0.00500"
      "&reduceOnly=true&side=Ask&symbol=BTC_USDC_PERP&timestamp=1722729600123&window=5000";
  char out[Ed25519Signer::kSigB64 + 1];
  if (!signer.sign_base64(msg, out)) throw std::runtime_error("sign");
  const std::uint64_t before = xtb::test::openssl_allocs();
  for (auto _ : state) {
    benchmark::DoNotOptimize(signer.sign_base64(msg, out));
    benchmark::ClobberMemory();
  }
  state.counters["ossl_allocs"] =
      benchmark::Counter(static_cast<double>(xtb::test::openssl_allocs() - before), benchmark::Counter::kAvgIterations);
  if (!xtb::test::openssl_counter_installed()) state.SetLabel("alloc hook not installed");
}

void BM_EncodeSignLimit(benchmark::State& state) {
  Ed25519Signer signer;
  if (signer.set_seed_base64(kSeed) != KeyError::Ok) throw std::runtime_error("test key");
  ClientIdMap ids;
  if (!ClientIdMap::create("xtb-run1-k0-", ClientIdMap::kEpochMs, ids)) throw std::runtime_error("ids");
  RequestEncoder enc(signer, symbols(), ids);
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.symbol = symbols().find(kVenueId, "BTC_USDC_PERP");
  c.side = Side::Sell;
  c.position_side = PositionSide::Both;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::PostOnly;
  c.flags = OrderCommand::kReduceOnly;
  c.px = 618002;
  c.qty = 500;
  c.client_id.assign("xtb-run1-k0-1");
  static Request req;
  if (enc.encode(c, 1722729600123, req) != EncodeError::Ok) throw std::runtime_error("encode");
  const std::uint64_t before = xtb::test::openssl_allocs();
  std::int64_t ts = 1722729600124;
  for (auto _ : state) {
    benchmark::DoNotOptimize(enc.encode(c, ts++, req));
    benchmark::ClobberMemory();
  }
  state.counters["ossl_allocs"] =
      benchmark::Counter(static_cast<double>(xtb::test::openssl_allocs() - before), benchmark::Counter::kAvgIterations);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    (void)frames_by_stream();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_backpack_codecs: %s\n", e.what());
    return 1;
  }
  for (const char* st : kStreams) benchmark::RegisterBenchmark((std::string("BM_Decode/") + st).c_str(), BM_Decode, st);
  benchmark::RegisterBenchmark("BM_SignOnly", BM_SignOnly);
  benchmark::RegisterBenchmark("BM_EncodeSignLimit", BM_EncodeSignLimit);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
