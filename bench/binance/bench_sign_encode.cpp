// bench_sign_encode.cpp — encode + HMAC-sign cost per Binance order request (issue 4
// goal: < 1 µs per order with the precomputed HMAC inner/outer state).
//
// Cases:
//   BM_SignOnly/<len>        — HmacSha256Signer::sign_hex on a payload of <len> bytes
//   BM_EncodeSignLimit       — hedge-mode LIMIT GTX reduce-only, client id, full signed body
//   BM_EncodeSignAlgoStop    — STOP_MARKET closePosition protective stop (algo endpoint)
//   BM_EncodeSignCancel      — cancel by client id
//   BM_EncodeSignBatch5      — batchOrders with 5 orders (percent-encoded JSON)
//   BM_EvpMacDupSign         — baseline: EVP_MAC_CTX_dup per message (allocates)
// Counters: `bytes` = signed parameter length; `ossl_allocs` = OpenSSL allocations per
// iteration (CRYPTO_set_mem_functions hook installed before OpenSSL first allocates).
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

#include "openssl_alloc_counter.hpp"
#include "venue/binance/client_order_id.hpp"
#include "venue/binance/encode_command.hpp"

using namespace xtb;
using namespace xtb::binance;

namespace {

constexpr std::string_view kSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
const std::array<EncodeSymbol, 1> kSymbols{{{"BTCUSDT", {1, 1}, {1, 3}}}};
constexpr EpochMs kTs = 1722729600123;

OrderCommand limit_order() {
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.symbol = 0;
  c.side = Side::Sell;
  c.position_side = PositionSide::Long;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::PostOnly;
  c.px = 618002;
  c.qty = 5;
  c.flags = OrderCommand::kReduceOnly;
  return c;
}

void set_counters(benchmark::State& state, const RequestBuffer& buf, std::uint64_t allocs_before) {
  state.counters["bytes"] = static_cast<double>(buf.params().size());
  state.counters["ossl_allocs"] = benchmark::Counter(static_cast<double>(xtb::test::openssl_allocs() - allocs_before),
                                                     benchmark::Counter::kAvgIterations);
  if (!xtb::test::openssl_counter_installed()) state.SetLabel("alloc hook not installed");
}

/// Runs `encode(seq)` per iteration with a fresh client order id each time.
template <class F>
void run_encode(benchmark::State& state, F&& encode) {
  RequestBuffer buf;
  encode(0, buf);  // warm-up
  const std::uint64_t before = xtb::test::openssl_allocs();
  std::uint64_t seq = 1;
  for (auto _ : state) {
    const EncodeError e = encode(seq++, buf);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(buf.params().data());
  }
  set_counters(state, buf, before);
}

void BM_SignOnly(benchmark::State& state) {
  HmacSha256Signer signer(kSecret);
  const std::string msg(static_cast<std::size_t>(state.range(0)), 'a');
  char hex[64];
  const std::uint64_t before = xtb::test::openssl_allocs();
  for (auto _ : state) {
    signer.sign_hex(msg, hex);
    benchmark::DoNotOptimize(hex);
  }
  state.counters["ossl_allocs"] = benchmark::Counter(static_cast<double>(xtb::test::openssl_allocs() - before),
                                                     benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_SignOnly)->Arg(64)->Arg(200)->Arg(1000);

void BM_EncodeSignLimit(benchmark::State& state) {
  HmacSha256Signer signer(kSecret);
  OrderEncoder enc(EncoderConfig{}, signer, kSymbols);
  ClientOrderIdCodec ids;
  ClientOrderIdCodec::create("xtb", make_run_id(42), ids);
  OrderCommand c = limit_order();
  run_encode(state, [&](std::uint64_t seq, RequestBuffer& buf) {
    ids.format(3, seq, c.client_id);  // the sequencer's part, included: it is cheap
    return enc.encode(c, kTs + static_cast<EpochMs>(seq), buf);
  });
}
BENCHMARK(BM_EncodeSignLimit);

void BM_EncodeSignAlgoStop(benchmark::State& state) {
  HmacSha256Signer signer(kSecret);
  OrderEncoder enc(EncoderConfig{}, signer, kSymbols);
  ClientOrderIdCodec ids;
  ClientOrderIdCodec::create("xtbps", make_run_id(42), ids);
  OrderCommand c = limit_order();
  c.type = OrderType::StopMarket;
  c.stop_px = 550000;
  c.working_type = WorkingType::MarkPrice;
  c.flags = OrderCommand::kClosePosition;
  run_encode(state, [&](std::uint64_t seq, RequestBuffer& buf) {
    ids.format(3, seq, c.client_id);
    return enc.encode(c, kTs, buf);
  });
}
BENCHMARK(BM_EncodeSignAlgoStop);

void BM_EncodeSignCancel(benchmark::State& state) {
  HmacSha256Signer signer(kSecret);
  OrderEncoder enc(EncoderConfig{}, signer, kSymbols);
  ClientOrderIdCodec ids;
  ClientOrderIdCodec::create("xtb", make_run_id(42), ids);
  OrderCommand c = limit_order();
  c.kind = CommandKind::CancelOrder;
  run_encode(state, [&](std::uint64_t seq, RequestBuffer& buf) {
    ids.format(3, seq, c.client_id);
    return enc.encode(c, kTs, buf);
  });
}
BENCHMARK(BM_EncodeSignCancel);

void BM_EncodeSignBatch5(benchmark::State& state) {
  HmacSha256Signer signer(kSecret);
  OrderEncoder enc(EncoderConfig{}, signer, kSymbols);
  ClientOrderIdCodec ids;
  ClientOrderIdCodec::create("xtb", make_run_id(42), ids);
  OrderCommand batch[5];
  for (OrderCommand& c : batch) c = limit_order();
  run_encode(state, [&](std::uint64_t seq, RequestBuffer& buf) {
    for (std::size_t i = 0; i < 5; ++i) ids.format(3, seq * 5 + i, batch[i].client_id);
    return enc.encode_batch(batch, kTs, buf);
  });
  state.counters["orders_per_iter"] = 5;
}
BENCHMARK(BM_EncodeSignBatch5);

/// Baseline the signer replaced: EVP_MAC HMAC with a keyed template ctx duplicated per
/// message (EVP_MAC_CTX_dup) — allocates on every call.
void BM_EvpMacDupSign(benchmark::State& state) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* base = EVP_MAC_CTX_new(mac);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
  EVP_MAC_init(base, reinterpret_cast<const unsigned char*>(kSecret.data()), kSecret.size(), params);
  const std::string msg(200, 'a');
  unsigned char out[32];
  const std::uint64_t before = xtb::test::openssl_allocs();
  for (auto _ : state) {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(base);
    EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    std::size_t len = 0;
    EVP_MAC_final(ctx, out, &len, sizeof out);
    EVP_MAC_CTX_free(ctx);
    benchmark::DoNotOptimize(out);
  }
  state.counters["ossl_allocs"] = benchmark::Counter(static_cast<double>(xtb::test::openssl_allocs() - before),
                                                     benchmark::Counter::kAvgIterations);
  EVP_MAC_CTX_free(base);
  EVP_MAC_free(mac);
}
BENCHMARK(BM_EvpMacDupSign);

}  // namespace

BENCHMARK_MAIN();
