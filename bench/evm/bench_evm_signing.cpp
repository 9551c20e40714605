// bench_evm_signing.cpp — the EVM signing kit (src/crypto/evm), per layer, and a GRVT order
// signature end to end next to libsecp256k1's own signing call, in the same run:
//   BM_Keccak256_OneShot / BM_Keccak256_Reused   288 B (an order's typeHash ‖ 8 words):
//                                                stack hasher per call vs one reused object
//   BM_Secp256k1SignRecoverable                  secp256k1_ecdsa_sign_recoverable on a fixed
//                                                digest (the library alone: the floor)
//   BM_SignDigest                                the kit's sign_digest (same call + copy-out)
//   BM_OrderEncodeHash                           GRVT order template: leg words, leg hash,
//                                                legs array hash, order hash, EIP-712 digest
//   BM_OrderSign                                 encode + hash + sign + 0x-hex r‖s‖v text
//   BM_OrderSignGeneric                          the cold generic encoder + sign (reference)
//   BM_Recover                                   public key recovery (the simulator's check)
// Before timing, main() checks the hot path against grvt-pysdk's first order vector.
#include <benchmark/benchmark.h>
#include <secp256k1_recovery.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include "crypto/evm/eip712_domain.hpp"
#include "crypto/evm/eip712_encoder.hpp"
#include "crypto/evm/keccak.hpp"
#include "crypto/evm/signature_format.hpp"
#include "crypto/evm/typed_data_signer.hpp"

namespace evm = xtb::crypto::evm;
namespace e7 = xtb::crypto::evm::eip712;

namespace {

constexpr const char* kTypes =
    "Order(uint64 subAccountID,bool isMarket,uint8 timeInForce,bool postOnly,bool reduceOnly,OrderLeg[] legs,"
    "uint32 nonce,int64 expiration)OrderLeg(uint256 assetID,uint64 contractSize,uint64 limitPrice,bool "
    "isBuyingContract)";

const evm::Secp256k1& ctx() {
  static const evm::Secp256k1 c;
  return c;
}
const evm::PrivateKey& key() {
  static const auto k = evm::PrivateKey::from_hex("f7934647276a6e1fa0af3f4467b4b8ddaf45d25a7368fa1a295eef49a446819d");
  return *k;
}
const e7::TypeSet& types() {
  static const e7::TypeSet t = [] {
    e7::TypeSet s;
    if (!e7::TypeSet::parse(kTypes, s)) std::abort();
    return s;
  }();
  return t;
}

/// A GRVT one-leg order as hot-path templates: constant words written once, indices kept.
struct GrvtOrder {
  e7::StructTemplate leg = *e7::StructTemplate::make(types(), "OrderLeg");
  e7::StructTemplate order = *e7::StructTemplate::make(types(), "Order");
  e7::TypedDataSigner signer{ctx(), key(), e7::domain_separator({"GRVT Exchange", "0", 326, {}, {}})};

  GrvtOrder() {
    leg.set_u64(0, 0x030501);  // assetID: BTC_USDT_Perp
    order.set_u64(0, 8289849667772468ull);
    order.set_bool(1, false);  // isMarket
    order.set_u64(2, 1);       // GTT
    order.set_bool(3, false);  // postOnly
    order.set_bool(4, false);  // reduceOnly
  }
  evm::Bytes32 digest(std::uint64_t size, std::uint64_t price, bool buy, std::uint32_t nonce, std::int64_t expiry) {
    leg.set_u64(1, size);
    leg.set_u64(2, price);
    leg.set_bool(3, buy);
    const evm::Bytes32 h = leg.hash();
    order.set(5, e7::array_hash(std::span(&h, 1)));
    order.set_u64(6, nonce);
    order.set_i64(7, expiry);
    return signer.digest(order);
  }
};

constexpr std::int64_t kExpiry = 1730800479321350000;

void BM_Keccak256_OneShot(benchmark::State& state) {
  std::array<std::uint8_t, 288> in{};
  for (auto _ : state) {
    in[0]++;
    benchmark::DoNotOptimize(evm::keccak256(in));
  }
}
BENCHMARK(BM_Keccak256_OneShot);

void BM_Keccak256_Reused(benchmark::State& state) {
  std::array<std::uint8_t, 288> in{};
  evm::Keccak256 h;
  for (auto _ : state) {
    in[0]++;
    h.update(in);
    benchmark::DoNotOptimize(h.finish());
  }
}
BENCHMARK(BM_Keccak256_Reused);

void BM_Secp256k1SignRecoverable(benchmark::State& state) {
  const evm::Bytes32 digest = evm::keccak256(std::string_view("fixed digest"));
  secp256k1_ecdsa_recoverable_signature sig;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        secp256k1_ecdsa_sign_recoverable(ctx().get(), &sig, digest.data(), key().secret(), nullptr, nullptr));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Secp256k1SignRecoverable);

void BM_SignDigest(benchmark::State& state) {
  const evm::Bytes32 digest = evm::keccak256(std::string_view("fixed digest"));
  evm::Signature sig;
  for (auto _ : state) {
    benchmark::DoNotOptimize(evm::sign_digest(ctx(), key(), digest, sig));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_SignDigest);

void BM_OrderEncodeHash(benchmark::State& state) {
  GrvtOrder o;
  std::uint32_t nonce = 1;
  for (auto _ : state) benchmark::DoNotOptimize(o.digest(1013000000, 68900500000000, false, nonce++, kExpiry));
}
BENCHMARK(BM_OrderEncodeHash);

void BM_OrderSign(benchmark::State& state) {
  GrvtOrder o;
  std::uint32_t nonce = 1;
  evm::Signature sig;
  std::array<char, evm::kRsvHexChars> text;
  for (auto _ : state) {
    const evm::Bytes32 d = o.digest(1013000000, 68900500000000, false, nonce++, kExpiry);
    benchmark::DoNotOptimize(o.signer.sign_digest(d, sig));
    evm::write_rsv_hex(sig, evm::VStyle::Legacy27, text);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_OrderSign);

void BM_OrderSignGeneric(benchmark::State& state) {
  const evm::Bytes32 ds = e7::domain_separator({"GRVT Exchange", "0", 326, {}, {}});
  e7::Value leg = e7::Value::object({{"assetID", e7::Value::atom("0x030501")},
                                     {"contractSize", e7::Value::atom("1013000000")},
                                     {"limitPrice", e7::Value::atom("68900500000000")},
                                     {"isBuyingContract", e7::Value::atom("false")}});
  e7::Value msg = e7::Value::object({{"subAccountID", e7::Value::atom("8289849667772468")},
                                     {"isMarket", e7::Value::atom("false")},
                                     {"timeInForce", e7::Value::atom("1")},
                                     {"postOnly", e7::Value::atom("false")},
                                     {"reduceOnly", e7::Value::atom("false")},
                                     {"legs", e7::Value::array({leg})},
                                     {"nonce", e7::Value::atom("828700936")},
                                     {"expiration", e7::Value::atom(std::to_string(kExpiry))}});
  evm::Signature sig;
  for (auto _ : state) {
    evm::Bytes32 h;
    if (!e7::hash_struct(types(), "Order", msg, h)) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(evm::sign_digest(ctx(), key(), e7::eip712_digest(ds, h), sig));
  }
}
BENCHMARK(BM_OrderSignGeneric);

void BM_Recover(benchmark::State& state) {
  const evm::Bytes32 digest = evm::keccak256(std::string_view("fixed digest"));
  evm::Signature sig;
  if (!evm::sign_digest(ctx(), key(), digest, sig)) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(evm::recover_public_key(ctx(), digest, sig));
}
BENCHMARK(BM_Recover);

/// grvt-pysdk "test decimal precision 1, 3 decimals": the hot path must give its r‖s‖v.
bool self_check() {
  GrvtOrder o;
  evm::Signature sig;
  if (!o.signer.sign_digest(o.digest(1013000000, 68900500000000, false, 828700936, kExpiry), sig)) return false;
  return evm::rsv_hex(sig, evm::VStyle::Legacy27) ==
         "0xb00512d986a718b15136a8ba23de1c1ec84bbdb9958629cbbe4909bae620bb04"
         "79f706de61c68cc14d7734594b5d8689df2b2a7b25951f9a3f61d799f4327ffc1c";
}

}  // namespace

int main(int argc, char** argv) {
  if (!self_check()) {
    std::fprintf(stderr, "bench_evm_signing: the order template does not reproduce the GRVT vector\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
