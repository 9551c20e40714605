// Schnorr over ECgFp5 against signing_schnorr_vectors.json (keygen 20, sign with fixed k 20)
// and the upstream Go TestComparativeSchnorrSignAndVerify cases (3); key derivation from a
// seed; the deterministic nonce; strict signature parsing.
#include <doctest/doctest.h>

#include "crypto/lighter/private_key.hpp"
#include "crypto/lighter/schnorr.hpp"
#include "lighter_vectors.hpp"

namespace lt = xtb::crypto::lighter;
using lt::Fp5;
using lt::PrivateKey;
using lt::Scalar;
using lt::Signature;
using namespace lt::test;

TEST_CASE("Schnorr: keygen vectors") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_schnorr_vectors.json")["vectors"];
  int n = 0;
  for (simdjson::dom::element v : root["keygen"].get_array()) {
    const auto key = PrivateKey::from_bytes(bytes40(v["sk"].get_string().value()));
    REQUIRE(key.has_value());
    const auto pk = key->public_key_bytes();
    CHECK(to_hex(pk.data(), pk.size()) == v["pk"].get_string().value());
    ++n;
  }
  CHECK(n == 20);
}

TEST_CASE("Schnorr: sign with a fixed nonce, bit-exact, and verify") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_schnorr_vectors.json")["vectors"];
  int n = 0;
  for (simdjson::dom::element v : root["sign"].get_array()) {
    const auto key = PrivateKey::from_bytes(bytes40(v["sk"].get_string().value()));
    REQUIRE(key.has_value());
    const Fp5 msg = fp5_from_hex(v["hashed_msg"].get_string().value());
    const Scalar k = scalar_from_hex(v["k"].get_string().value());
    const Signature sig = key->sign_with_nonce(msg, k);
    const auto bytes = sig.bytes();
    CHECK(to_hex(bytes.data(), bytes.size()) == v["sig"].get_string().value());
    CHECK(lt::schnorr_verify(key->public_key(), msg, sig));
    Signature parsed;
    REQUIRE(Signature::from_bytes(bytes, parsed));
    CHECK(parsed == sig);
    ++n;
  }
  CHECK(n == 20);
}

TEST_CASE("Schnorr: upstream Go fixed-k cases") {
  simdjson::dom::parser parser;
  auto cases = load_vectors(parser, "poseidon_crypto_upstream_vectors.json")["schnorr_sign_fixed_k"]["cases"];
  auto scalar_of = [](simdjson::dom::element arr) {
    const auto l = u64_array(arr);
    std::array<std::uint8_t, 40> b{};
    for (unsigned i = 0; i < 40; ++i) b[i] = static_cast<std::uint8_t>(l[i / 8] >> (8 * (i % 8)));
    return Scalar::from_bytes_reduce(b);
  };
  int n = 0;
  for (simdjson::dom::element c : cases.get_array()) {
    const auto key = PrivateKey::from_scalar(scalar_of(c["sk"]));
    REQUIRE(key.has_value());
    const Signature sig = key->sign_with_nonce(fp5_from_limbs(c["hashed_msg"]), scalar_of(c["k"]));
    CHECK(sig.s == scalar_of(c["expected_s"]));
    CHECK(sig.e == scalar_of(c["expected_e"]));
    ++n;
  }
  CHECK(n == 3);
}

TEST_CASE("Schnorr: deterministic nonce, hedging, tampering, strict parsing") {
  const auto key = PrivateKey::from_hex("0b8e0f63c24d8baacd9d29ad4e9a4b73c4a8d2bb8b16dc4fa9d7c2e1d3a8b1f0e8d3a4c5b6e7f001");
  REQUIRE(key.has_value());
  const Fp5 msg(lt::Fp(1), lt::Fp(2), lt::Fp(3), lt::Fp(4), lt::Fp(5));
  const Signature a = key->sign(msg);
  CHECK(a == key->sign(msg));  // reproducible
  CHECK(lt::schnorr_verify(key->public_key(), msg, a));
  const std::array<std::uint8_t, lt::kNonceAuxBytes> aux{1, 2, 3};
  const Signature h = key->sign(msg, aux);
  CHECK_FALSE(h == a);  // hedged nonce differs
  CHECK(lt::schnorr_verify(key->public_key(), msg, h));
  const Fp5 other = msg + Fp5::one();
  CHECK_FALSE(key->sign(other) == a);
  CHECK_FALSE(lt::schnorr_verify(key->public_key(), other, a));
  Signature bad = a;
  bad.s = bad.s + Scalar::one();
  CHECK_FALSE(lt::schnorr_verify(key->public_key(), msg, bad));
  // s >= n is refused by the strict parser.
  auto bytes = a.bytes();
  for (unsigned i = 0; i < 40; ++i) bytes[i] = static_cast<std::uint8_t>(Scalar::kN[i / 8] >> (8 * (i % 8)));
  Signature parsed;
  CHECK_FALSE(Signature::from_bytes(bytes, parsed));
  // A public key that does not decode never verifies.
  CHECK_FALSE(lt::schnorr_verify(fp5_from_hex("e44b0bc4331927bcbb359652c87774d9dc6f1737312f71762516b2bca4efeeadacdb757780e03146"), msg, a));
}

TEST_CASE("PrivateKey: seed derivation and malformed keys") {
  // Expected scalar computed independently (Python hashlib) from the rule of lighter-go
  // GetScalarFromSeed: int.from_bytes(SHA256(01||seed) || SHA256(02||seed)[:8], "big") mod n,
  // seed = bytes 0x00..0x1f.
  std::array<std::uint8_t, 32> seed;
  for (unsigned i = 0; i < 32; ++i) seed[i] = static_cast<std::uint8_t>(i);
  const auto key = PrivateKey::from_seed(seed);
  REQUIRE(key.has_value());
  const auto b = key->bytes();
  CHECK(to_hex(b.data(), b.size()) == "ecc2d847fd011e1219f9b67a67773e0df619a6b51f114ed0c0cbd647df727d7c5ac643f4b0761149");
  CHECK_FALSE(PrivateKey::from_seed(std::span<const std::uint8_t>(seed.data(), 31)).has_value());
  CHECK_FALSE(PrivateKey::from_hex("zz").has_value());
  CHECK_FALSE(PrivateKey::from_bytes(std::array<std::uint8_t, 40>{}).has_value());
  CHECK(PrivateKey::from_hex("0x" + std::string(79, '0') + "1")->public_key() != Fp5::zero());
}
