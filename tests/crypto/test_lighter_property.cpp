// Property test: for 10,000 random keys and messages, the deterministic signature verifies
// under the key's public key, a signature made with a random explicit nonce verifies, and a
// signature never verifies for a different message (checked on every 8th case).
// splitmix64, fixed seed (reproducible); XTB_LIGHTER_PROPERTY_SEED overrides it.
#include <doctest/doctest.h>

#include <cstdlib>

#include "crypto/lighter/private_key.hpp"
#include "crypto/lighter/scalar_mul.hpp"
#include "crypto/lighter/schnorr.hpp"

namespace lt = xtb::crypto::lighter;

namespace {
struct SplitMix64 {
  std::uint64_t s;
  std::uint64_t next() noexcept {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::array<std::uint8_t, 40> bytes40() noexcept {
    std::array<std::uint8_t, 40> b;
    for (unsigned i = 0; i < 40; i += 8) {
      const std::uint64_t w = next();
      for (unsigned j = 0; j < 8; ++j) b[i + j] = static_cast<std::uint8_t>(w >> (8 * j));
    }
    return b;
  }
  lt::Fp5 fp5() noexcept { return lt::Fp5(lt::Fp(next()), lt::Fp(next()), lt::Fp(next()), lt::Fp(next()), lt::Fp(next())); }
};
}  // namespace

TEST_CASE("Schnorr property: sign then verify, 10k random keys and messages") {
  const char* env = std::getenv("XTB_LIGHTER_PROPERTY_SEED");
  SplitMix64 rng{env != nullptr ? std::strtoull(env, nullptr, 10) : 0x15ULL};
  constexpr int kCases = 10000;
  int verified = 0, rejected = 0;
  for (int i = 0; i < kCases; ++i) {
    const auto key = lt::PrivateKey::from_bytes(rng.bytes40());
    REQUIRE(key.has_value());
    const lt::Fp5 msg = rng.fp5();
    lt::Point pk;
    REQUIRE(lt::Point::decode(key->public_key(), pk));
    const lt::Signature sig = (i % 2 == 0) ? key->sign(msg) : key->sign_with_nonce(msg, lt::Scalar::from_bytes_reduce(rng.bytes40()));
    const bool ok = lt::schnorr_verify(pk, msg, sig);
    if (!ok) FAIL_CHECK("case " << i << " did not verify");
    verified += ok;
    if (i % 8 == 0) {
      const bool forged = lt::schnorr_verify(pk, msg + lt::Fp5::one(), sig);
      if (forged) FAIL_CHECK("case " << i << " verified for another message");
      rejected += !forged;
    }
  }
  CHECK(verified == kCases);
  CHECK(rejected == kCases / 8);
}
