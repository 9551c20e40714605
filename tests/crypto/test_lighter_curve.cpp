// ECgFp5 and its scalars against signing_curve_ecgfp5_vectors.json (decode 14, add 9,
// scalar_mul 13, scalar_ops 25) and the upstream Go tests (TestEncode, TestScalarMul,
// the encoded points w0..w7 and their stated relations).
#include <doctest/doctest.h>

#include "crypto/lighter/point.hpp"
#include "crypto/lighter/scalar.hpp"
#include "crypto/lighter/scalar_mul.hpp"
#include "lighter_vectors.hpp"

namespace lt = xtb::crypto::lighter;
using lt::Fp5;
using lt::Point;
using lt::Scalar;
using namespace lt::test;

namespace {
Point decode_hex(std::string_view hex) {
  Point p;
  REQUIRE(Point::decode(bytes40(hex), p));
  return p;
}
Point xzut(simdjson::dom::element o) {
  return Point{fp5_from_limbs(o["x"]), fp5_from_limbs(o["z"]), fp5_from_limbs(o["u"]), fp5_from_limbs(o["t"])};
}
}  // namespace

TEST_CASE("ECgFp5: decode / encode, add, double, scalar mul vectors") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_curve_ecgfp5_vectors.json")["vectors"];
  int n = 0;
  for (simdjson::dom::element v : root["decode"].get_array()) {
    Point p;
    const bool ok = Point::decode(bytes40(v["w"].get_string().value()), p);
    CHECK(ok == v["decodes"].get_bool().value());
    if (ok) {
      CHECK(p.is_neutral() == v["is_neutral"].get_bool().value());
      CHECK(fp5_to_hex(p.encode()) == v["encoded_back"].get_string().value());
    }
    ++n;
  }
  CHECK(n == 14);
  n = 0;
  for (simdjson::dom::element v : root["add"].get_array()) {
    const Point a = decode_hex(v["a_w"].get_string().value());
    const Point b = decode_hex(v["b_w"].get_string().value());
    CHECK(fp5_to_hex((a + b).encode()) == v["sum_w"].get_string().value());
    CHECK(fp5_to_hex(a.dbl().encode()) == v["a_double_w"].get_string().value());
    CHECK(fp5_to_hex((a + a).encode()) == v["a_double_w"].get_string().value());
    lt::AffinePoint bb;
    lt::batch_to_affine(std::span<const Point>(&b, 1), std::span<lt::AffinePoint>(&bb, 1));
    Point a2 = a;
    CHECK(fp5_to_hex(a2.add_affine(bb).encode()) == v["sum_w"].get_string().value());
    ++n;
  }
  CHECK(n == 9);
  n = 0;
  for (simdjson::dom::element v : root["scalar_mul"].get_array()) {
    const Point b = decode_hex(v["base_w"].get_string().value());
    const Scalar s = scalar_from_hex(v["scalar_le"].get_string().value());
    CHECK(fp5_to_hex(lt::mul(b, s).encode()) == v["out_w"].get_string().value());
    CHECK(fp5_to_hex(lt::mul_add_vartime(Scalar::zero(), b, s).encode()) == v["out_w"].get_string().value());
    ++n;
  }
  CHECK(n == 13);
}

TEST_CASE("ECgFp5: scalar arithmetic modulo n") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_curve_ecgfp5_vectors.json")["vectors"];
  int n = 0;
  for (simdjson::dom::element v : root["scalar_ops"].get_array()) {
    const Scalar a = scalar_from_hex(v["a"].get_string().value());
    const Scalar b = scalar_from_hex(v["b"].get_string().value());
    CAPTURE(n);
    CHECK(scalar_to_hex(a + b) == v["add"].get_string().value());
    CHECK(scalar_to_hex(a - b) == v["sub"].get_string().value());
    CHECK(scalar_to_hex(a * b) == v["mul"].get_string().value());
    CHECK(scalar_to_hex(-a) == v["neg_a"].get_string().value());
    CHECK(a.is_zero() == v["a_is_zero"].get_bool().value());
    ++n;
  }
  CHECK(n == 25);
  // Reduction of integers >= n, strict parsing, recoding.
  std::array<std::uint8_t, 40> all_ones;
  all_ones.fill(0xFF);
  Scalar s;
  CHECK_FALSE(Scalar::from_bytes_canonical(all_ones, s));
  const Scalar r = Scalar::from_bytes_reduce(all_ones);  // 2^320 - 1 = 2n + (2^320 - 1 - 2n)
  CHECK(r + Scalar::one() == Scalar::from_bytes_reduce(std::array<std::uint8_t, 40>{}) + (r + Scalar::one()));
  const Scalar minus_one = -Scalar::one();
  CHECK(minus_one + Scalar::one() == Scalar::zero());
  CHECK(minus_one * minus_one == Scalar::one());
  const auto d = minus_one.recode_signed<5>();
  Scalar back = Scalar::zero(), pow32 = Scalar::one();
  for (std::int8_t di : d) {
    const Scalar m = Scalar::from_u64(static_cast<std::uint64_t>(di < 0 ? -di : di)) * pow32;
    back = di < 0 ? back - m : back + m;
    pow32 = pow32 * Scalar::from_u64(32);
    CHECK(di >= -16);
    CHECK(di <= 16);
  }
  CHECK(back == minus_one);
  const auto d6 = minus_one.recode_signed<6>();
  back = Scalar::zero();
  pow32 = Scalar::one();
  for (std::int8_t di : d6) {
    const Scalar m = Scalar::from_u64(static_cast<std::uint64_t>(di < 0 ? -di : di)) * pow32;
    back = di < 0 ? back - m : back + m;
    pow32 = pow32 * Scalar::from_u64(64);
    CHECK(di >= -32);
    CHECK(di <= 32);
  }
  CHECK(back == minus_one);
}

TEST_CASE("ECgFp5: upstream Go vectors and group relations") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "poseidon_crypto_upstream_vectors.json")["ecgfp5"];
  auto enc = root["encode"].at(0);
  CHECK(xzut(enc["point_xzut"]).encode() == fp5_from_limbs(enc["expected_encoding"]));
  auto sm = root["scalar_mul"].at(0);
  const auto limbs = u64_array(sm["scalar"]);
  std::array<std::uint8_t, 40> sb{};
  for (unsigned i = 0; i < 40; ++i) sb[i] = static_cast<std::uint8_t>(limbs[i / 8] >> (8 * (i % 8)));
  const Point got = lt::mul(xzut(sm["point_xzut"]), Scalar::from_bytes_reduce(sb));
  CHECK(got == xzut(sm["expected_xzut"]));

  auto w = root["encoded_points"]["values"];
  std::array<Point, 8> p;
  for (int i = 0; i < 8; ++i) {
    const Fp5 wi = fp5_from_limbs(w["w" + std::to_string(i)]);
    REQUIRE(Point::decode(wi, p[static_cast<std::size_t>(i)]));
    CHECK(p[static_cast<std::size_t>(i)].encode() == wi);
  }
  CHECK(p[0].is_neutral());
  CHECK(p[3] == p[1] + p[2]);
  CHECK(p[4] == p[1].dbl());
  CHECK(p[5] == p[2].dbl());
  CHECK(p[6] == p[1].dbl() + p[2]);
  CHECK(p[7] == p[1] + p[2].dbl());
  CHECK(p[1] + p[0] == p[1]);
  CHECK(p[1] + p[1].neg() == p[0]);
}

TEST_CASE("ECgFp5: generator, fixed-base table, mdouble, the group order") {
  const Point g = Point::generator();
  CHECK(g.encode() == Fp5::from_fp(lt::Fp(4)));
  std::uint64_t x = 99;
  for (int i = 0; i < 20; ++i) {
    std::array<std::uint8_t, 40> b;
    for (auto& byte : b) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      byte = static_cast<std::uint8_t>(x >> 56);
    }
    const Scalar s = Scalar::from_bytes_reduce(b);
    const Point a = lt::mul(g, s);
    CHECK(lt::mul_generator(s) == a);
    CHECK(a.mdouble(7) == lt::mul(a, Scalar::from_u64(128)));
    CHECK(lt::mul_add_vartime(s, g, s) == a.dbl());
    CHECK(lt::mul_add_vartime(s, a, Scalar::one()) == a + lt::mul_generator(s));
  }
  CHECK(lt::mul_generator(-Scalar::one()) == g.neg());
  CHECK(lt::mul_generator(Scalar::zero()).is_neutral());
  CHECK((lt::mul_generator(-Scalar::one()) + g).is_neutral());
}
