// Fp and Fp5 against nautilus_trader's signing_field_{goldilocks,quintic}_vectors.json
// (generated from elliottech/poseidon_crypto): add, sub, mul, neg, inverse, pow, equality.
#include <doctest/doctest.h>

#include "crypto/lighter/fp.hpp"
#include "crypto/lighter/fp5.hpp"
#include "lighter_vectors.hpp"

namespace lt = xtb::crypto::lighter;
using lt::Fp;
using lt::Fp5;
using namespace lt::test;

TEST_CASE("Fp: every Goldilocks vector") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_field_goldilocks_vectors.json");
  int n = 0;
  for (simdjson::dom::element v : root["vectors"].get_array()) {
    const Fp a = fp_from_hex(v["a"].get_string().value());
    const Fp b = fp_from_hex(v["b"].get_string().value());
    const std::uint64_t e = std::stoull(std::string(v["e"].get_string().value()));
    CAPTURE(n);
    CHECK(fp_to_hex(a + b) == v["add"].get_string().value());
    CHECK(fp_to_hex(a - b) == v["sub"].get_string().value());
    CHECK(fp_to_hex(a * b) == v["mul"].get_string().value());
    CHECK(fp_to_hex(-a) == v["neg_a"].get_string().value());
    CHECK(fp_to_hex(a.inverse_or_zero()) == v["inv_a"].get_string().value());
    CHECK(fp_to_hex(a.pow(e)) == v["pow_a_e"].get_string().value());
    CHECK((a == b) == v["a_eq_b"].get_bool().value());
    ++n;
  }
  CHECK(n == 92);
}

TEST_CASE("Fp: non-canonical words, reductions, square roots") {
  const Fp p_word(Fp::P);  // p itself stands for 0
  CHECK(p_word.is_zero());
  CHECK(Fp(Fp::P + 5) == Fp(5));
  CHECK((Fp(~0ULL) + Fp(~0ULL)).canonical() == (2 * (Fp::EPSILON - 1)) % Fp::P);
  CHECK((Fp(0) - Fp(1)).canonical() == Fp::P - 1);
  CHECK(Fp::reduce192(0, 0, 1) == -Fp(1ULL << 32));  // 2^128 = -2^32
  CHECK(Fp::reduce192(0, 1ULL << 32, 0) == -Fp(1));     // 2^96 = -1
  CHECK(Fp::reduce192(0, 1, 0) == Fp(Fp::EPSILON));      // 2^64 = 2^32 - 1
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 200; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const Fp a(x);
    CHECK(a.mul_small(789) == a * Fp(789));
    const unsigned __int128 wide = static_cast<unsigned __int128>(x) * (x >> 3);
    CHECK(Fp::reduce192(static_cast<std::uint64_t>(wide), static_cast<std::uint64_t>(wide >> 64), 3) ==
          Fp::reduce128(wide) + Fp::reduce192(0, 0, 3));
    if (!a.is_zero()) CHECK(a * a.inverse_or_zero() == Fp::one());
    const Fp sq = a.square();
    Fp r;
    REQUIRE(sq.sqrt(r));
    CHECK(r.square() == sq);
    CHECK((sq.legendre() == Fp::one()) == !sq.is_zero());
  }
  Fp r;
  CHECK_FALSE(Fp(7).sqrt(r));  // 7 generates the multiplicative group: a non-square
  CHECK(Fp(7).legendre() == -Fp::one());
}

TEST_CASE("Fp5: every quintic-extension vector") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_field_quintic_vectors.json");
  int n = 0;
  for (simdjson::dom::element v : root["vectors"].get_array()) {
    const Fp5 a = fp5_from_hex(v["a"].get_string().value());
    const Fp5 b = fp5_from_hex(v["b"].get_string().value());
    const std::uint64_t e = std::stoull(std::string(v["e"].get_string().value()));
    CAPTURE(n);
    CHECK(fp5_to_hex(a + b) == v["add"].get_string().value());
    CHECK(fp5_to_hex(a - b) == v["sub"].get_string().value());
    CHECK(fp5_to_hex(a * b) == v["mul"].get_string().value());
    CHECK(fp5_to_hex(a.square()) == fp5_to_hex(a * a));
    CHECK(fp5_to_hex(-a) == v["neg_a"].get_string().value());
    CHECK(fp5_to_hex(a.inverse_or_zero()) == v["inv_a"].get_string().value());
    CHECK(fp5_to_hex(a.pow(e)) == v["pow_a_e"].get_string().value());
    CHECK((a == b) == v["a_eq_b"].get_bool().value());
    ++n;
  }
  CHECK(n == 92);
}

TEST_CASE("Fp5: Frobenius, Legendre and square roots") {
  std::uint64_t s = 12345;
  auto next = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return Fp(s);
  };
  for (int i = 0; i < 50; ++i) {
    const Fp5 a(next(), next(), next(), next(), next());
    CHECK(a.frobenius(1) == a.pow(Fp::P));
    CHECK(a.frobenius(5) == a);
    CHECK(a * a.inverse_or_zero() == Fp5::one());
    const Fp5 sq = a.square();
    CHECK(sq.legendre() == Fp::one());
    Fp5 r;
    REQUIRE(sq.canonical_sqrt(r));
    CHECK(r.square() == sq);
    CHECK_FALSE(r.sgn0());
    const Fp5 ns = sq * Fp5::from_fp(Fp(7));  // 7 is a non-square in Fp, hence in Fp5 (odd degree)
    CHECK(ns.legendre() == -Fp::one());
    CHECK_FALSE(ns.sqrt(r));
  }
  std::array<std::uint8_t, 40> bad{};
  for (int i = 0; i < 8; ++i) bad[static_cast<std::size_t>(i)] = 0xFF;  // c0 = 2^64 - 1 >= p
  Fp5 x;
  CHECK_FALSE(x.from_bytes(bad));
}
