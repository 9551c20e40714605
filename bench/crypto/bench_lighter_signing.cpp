// bench_lighter_signing.cpp — Lighter's signing core (src/crypto/lighter), one benchmark per
// layer, bottom to top:
//   BM_FpMul, BM_Fp5Mul, BM_Fp5Square, BM_Fp5Inverse    field arithmetic (dependent chains)
//   BM_Poseidon2Permute                                  one t=12 permutation
//   BM_TxHashCreateOrder                                 Poseidon2 hash of a create order
//   BM_MulGenerator / BM_MulVariable                     fixed-base k G, constant-time s P
//   BM_Encode / BM_Decode                                point <-> 40-byte encoding
//   BM_DeterministicNonce                                the keyed Poseidon2 nonce
//   BM_SignHashed                                        Schnorr sign of a hashed message
//   BM_SignTx                                            create order: hash + nonce + sign + tx_info JSON
//   BM_Verify / BM_VerifyEncodedKey                      s G + e pk (pk decoded once / decoded each time)
//   BM_AuthToken                                         "<deadline>:<acct>:<key>:<hex sig>"
// Before timing, main() checks that a signed tx verifies (a wrong build fails loudly).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "crypto/lighter/auth_token.hpp"
#include "crypto/lighter/nonce.hpp"
#include "crypto/lighter/poseidon2.hpp"
#include "crypto/lighter/scalar_mul.hpp"
#include "crypto/lighter/signed_tx.hpp"

namespace lt = xtb::crypto::lighter;

namespace {

const lt::PrivateKey& bench_key() {
  static const auto key =
      lt::PrivateKey::from_hex("0b8e0f63c24d8baacd9d29ad4e9a4b73c4a8d2bb8b16dc4fa9d7c2e1d3a8b1f0e8d3a4c5b6e7f001");
  return *key;
}
const lt::Fp5 kA(lt::Fp(0x1c655cb7cce2bb52ULL), lt::Fp(0x8f4fb728872e3239ULL), lt::Fp(0xa7945b43462aabc7ULL),
                 lt::Fp(0x3f6c388cb4d4d43fULL), lt::Fp(0xc594cd4a69fc9befULL));
const lt::Fp5 kB(lt::Fp(0x3c6706c90833dffdULL), lt::Fp(0x2a00000000000000ULL), lt::Fp(0x93244912300cc3b0ULL),
                 lt::Fp(0x4a0cdf5a40b81fbaULL), lt::Fp(0x7eb28a32771818e8ULL));

lt::TxHeader header() { return lt::TxHeader{lt::kChainIdMainnet, 42, 1777809907005, 12345, 5}; }
lt::CreateOrder order() { return lt::CreateOrder{0, 123, 1000, 405000, 1, 0, 1, 0, 0, 1735689600000}; }

void BM_FpMul(benchmark::State& st) {
  lt::Fp x(0x1c655cb7cce2bb52ULL);
  const lt::Fp y(0x8f4fb728872e3239ULL);
  for (auto _ : st) {
    x = x * y;
    benchmark::DoNotOptimize(x);
  }
}

void BM_Fp5Mul(benchmark::State& st) {
  lt::Fp5 x = kA;
  for (auto _ : st) {
    x = x * kB;
    benchmark::DoNotOptimize(x);
  }
}

void BM_Fp5Square(benchmark::State& st) {
  lt::Fp5 x = kA;
  for (auto _ : st) {
    x = x.square();
    benchmark::DoNotOptimize(x);
  }
}

void BM_Fp5Inverse(benchmark::State& st) {
  lt::Fp5 x = kA;
  for (auto _ : st) {
    x = x.inverse_or_zero();
    benchmark::DoNotOptimize(x);
  }
}

void BM_Poseidon2Permute(benchmark::State& st) {
  lt::poseidon2::State s{};
  for (auto _ : st) {
    lt::poseidon2::permute(s);
    benchmark::DoNotOptimize(s);
  }
}

void BM_TxHashCreateOrder(benchmark::State& st) {
  lt::TxHeader h = header();
  const lt::CreateOrder o = order();
  const lt::L2TxAttributes none;
  for (auto _ : st) {
    ++h.nonce;
    benchmark::DoNotOptimize(lt::tx_hash(h, o, none));
  }
}

void BM_MulGenerator(benchmark::State& st) {
  lt::warm_up_generator_table();
  lt::Scalar k = lt::Scalar::from_fp5(kA);
  for (auto _ : st) {
    const lt::Point p = lt::mul_generator(k);
    benchmark::DoNotOptimize(p);
    k = k + lt::Scalar::one();
  }
}

void BM_MulVariable(benchmark::State& st) {
  const lt::Point p = lt::mul_generator(lt::Scalar::from_fp5(kB));
  lt::Scalar k = lt::Scalar::from_fp5(kA);
  for (auto _ : st) {
    const lt::Point q = lt::mul(p, k);
    benchmark::DoNotOptimize(q);
    k = k + lt::Scalar::one();
  }
}

void BM_Encode(benchmark::State& st) {
  const lt::Point p = lt::mul_generator(lt::Scalar::from_fp5(kA));
  for (auto _ : st) benchmark::DoNotOptimize(p.encode());
}

void BM_Decode(benchmark::State& st) {
  const lt::Fp5 w = bench_key().public_key();
  for (auto _ : st) {
    lt::Point p;
    benchmark::DoNotOptimize(lt::Point::decode(w, p));
    benchmark::DoNotOptimize(p);
  }
}

void BM_DeterministicNonce(benchmark::State& st) {
  const auto prefix = lt::NoncePrefix::for_key(bench_key().scalar());
  lt::Fp5 m = kA;
  for (auto _ : st) {
    benchmark::DoNotOptimize(lt::deterministic_nonce(prefix, m));
    m.c[0] += lt::Fp::one();
  }
}

void BM_SignHashed(benchmark::State& st) {
  const lt::PrivateKey& key = bench_key();
  lt::Fp5 m = kA;
  for (auto _ : st) {
    benchmark::DoNotOptimize(key.sign(m));
    m.c[0] += lt::Fp::one();
  }
}

void BM_SignTx(benchmark::State& st) {
  const lt::PrivateKey& key = bench_key();
  lt::TxHeader h = header();
  lt::CreateOrder o = order();
  const lt::L2TxAttributes none;
  lt::SignedTx out;
  for (auto _ : st) {
    ++h.nonce;
    ++o.client_order_index;
    benchmark::DoNotOptimize(lt::sign_tx(key, h, o, none, out));
    benchmark::DoNotOptimize(out);
  }
}

void BM_Verify(benchmark::State& st) {
  const lt::PrivateKey& key = bench_key();
  lt::Point pk;
  lt::Point::decode(key.public_key(), pk);
  const lt::Signature sig = key.sign(kA);
  for (auto _ : st) benchmark::DoNotOptimize(lt::schnorr_verify(pk, kA, sig));
}

void BM_VerifyEncodedKey(benchmark::State& st) {
  const lt::PrivateKey& key = bench_key();
  const lt::Signature sig = key.sign(kA);
  for (auto _ : st) benchmark::DoNotOptimize(lt::schnorr_verify(key.public_key(), kA, sig));
}

void BM_AuthToken(benchmark::State& st) {
  const lt::PrivateKey& key = bench_key();
  std::array<char, lt::kAuthTokenMaxBytes> buf;
  std::int64_t deadline = 1777809907;
  for (auto _ : st) benchmark::DoNotOptimize(lt::write_auth_token(buf, key, ++deadline, 12345, 5));
}

/// Every benchmark also reports the minimum over repetitions (the host is shared: the
/// minimum is the least disturbed run). Run with --benchmark_repetitions=N.
void register_all() {
  const auto min_of = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
  struct Entry {
    const char* name;
    void (*fn)(benchmark::State&);
    benchmark::TimeUnit unit;
  };
  const Entry entries[] = {
      {"BM_FpMul", BM_FpMul, benchmark::kNanosecond},
      {"BM_Fp5Mul", BM_Fp5Mul, benchmark::kNanosecond},
      {"BM_Fp5Square", BM_Fp5Square, benchmark::kNanosecond},
      {"BM_Fp5Inverse", BM_Fp5Inverse, benchmark::kNanosecond},
      {"BM_Poseidon2Permute", BM_Poseidon2Permute, benchmark::kNanosecond},
      {"BM_TxHashCreateOrder", BM_TxHashCreateOrder, benchmark::kNanosecond},
      {"BM_MulGenerator", BM_MulGenerator, benchmark::kMicrosecond},
      {"BM_MulVariable", BM_MulVariable, benchmark::kMicrosecond},
      {"BM_Encode", BM_Encode, benchmark::kNanosecond},
      {"BM_Decode", BM_Decode, benchmark::kMicrosecond},
      {"BM_DeterministicNonce", BM_DeterministicNonce, benchmark::kNanosecond},
      {"BM_SignHashed", BM_SignHashed, benchmark::kMicrosecond},
      {"BM_SignTx", BM_SignTx, benchmark::kMicrosecond},
      {"BM_Verify", BM_Verify, benchmark::kMicrosecond},
      {"BM_VerifyEncodedKey", BM_VerifyEncodedKey, benchmark::kMicrosecond},
      {"BM_AuthToken", BM_AuthToken, benchmark::kMicrosecond},
  };
  for (const Entry& e : entries)
    benchmark::RegisterBenchmark(e.name, e.fn)->Unit(e.unit)->ComputeStatistics("min", min_of);
}

}  // namespace

int main(int argc, char** argv) {
  lt::SignedTx s;
  const lt::L2TxAttributes none;
  if (!lt::sign_tx(bench_key(), header(), order(), none, s) ||
      !lt::schnorr_verify(bench_key().public_key(), s.hash, s.sig)) {
    std::fprintf(stderr, "self-check failed: a signed create order does not verify\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
