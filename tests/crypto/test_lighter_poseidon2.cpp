// Poseidon2-Goldilocks against signing_hash_poseidon2_vectors.json (permute 18, sponge 45,
// hash_to_quintic 13, hash_n_to_one 7) and the upstream Go tests' own vectors
// (poseidon_crypto_upstream_vectors.json: TestPermute, TestHashNToMNoPad,
// TestHashNToHashNoPad, TestHashTwoToOne, TestHashToQuinticExtension).
#include <doctest/doctest.h>

#include <vector>

#include "crypto/lighter/poseidon2.hpp"
#include "lighter_vectors.hpp"

namespace lt = xtb::crypto::lighter;
namespace p2 = lt::poseidon2;
using lt::Fp;
using namespace lt::test;

namespace {
std::vector<Fp> fps_from_hex(std::string_view hex) {
  std::vector<Fp> out;
  for (std::size_t i = 0; i < hex.size(); i += 16) out.push_back(fp_from_hex(hex.substr(i, 16)));
  return out;
}
std::string fps_to_hex(std::span<const Fp> v) {
  std::string s;
  for (Fp x : v) s += fp_to_hex(x);
  return s;
}
std::vector<Fp> fps_from_limbs(simdjson::dom::element arr) {
  std::vector<Fp> out;
  for (std::uint64_t w : u64_array(arr)) out.push_back(Fp(w));
  return out;
}
}  // namespace

TEST_CASE("Poseidon2: permutation, sponge, hash_to_quintic, hash_n_to_one vectors") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_hash_poseidon2_vectors.json")["vectors"];
  int n = 0;
  for (simdjson::dom::element v : root["permute"].get_array()) {
    const auto in = fps_from_hex(v["input"].get_string().value());
    REQUIRE(in.size() == 12);
    p2::State s;
    std::copy(in.begin(), in.end(), s.begin());
    p2::permute(s);
    CHECK(fps_to_hex(s) == v["output"].get_string().value());
    ++n;
  }
  CHECK(n == 18);
  n = 0;
  for (simdjson::dom::element v : root["sponge"].get_array()) {
    const auto in = fps_from_hex(v["input"].get_string().value());
    std::vector<Fp> out(v["num_outputs"].get_uint64().value());
    p2::hash_n_to_m_no_pad(in, out);
    CAPTURE(in.size());
    CHECK(fps_to_hex(out) == v["output"].get_string().value());
    ++n;
  }
  CHECK(n == 45);
  n = 0;
  for (simdjson::dom::element v : root["hash_to_quintic"].get_array()) {
    const auto in = fps_from_hex(v["input"].get_string().value());
    CHECK(fp5_to_hex(p2::hash_to_quintic(in)) == v["output"].get_string().value());
    ++n;
  }
  CHECK(n == 13);
  n = 0;
  for (simdjson::dom::element v : root["hash_n_to_one"].get_array()) {
    std::vector<p2::HashOut> ins;
    for (simdjson::dom::element h : v["inputs"].get_array()) {
      const auto f = fps_from_hex(h.get_string().value());
      REQUIRE(f.size() == 4);
      ins.push_back({f[0], f[1], f[2], f[3]});
    }
    CHECK(fps_to_hex(p2::hash_n_to_one(ins)) == v["output"].get_string().value());
    ++n;
  }
  CHECK(n == 7);
}

TEST_CASE("Poseidon2: upstream Go test vectors") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "poseidon_crypto_upstream_vectors.json")["poseidon2"];
  auto perm = root["permute"].at(0);
  auto in = fps_from_limbs(perm["input"]);
  p2::State s;
  std::copy(in.begin(), in.end(), s.begin());
  p2::permute(s);
  CHECK(std::vector<Fp>(s.begin(), s.end()) == fps_from_limbs(perm["expected"]));

  auto m = root["hash_n_to_m_no_pad"].at(0);
  std::vector<Fp> out(m["num_outputs"].get_uint64().value());
  p2::hash_n_to_m_no_pad(fps_from_limbs(m["input"]), out);
  CHECK(out == fps_from_limbs(m["expected"]));

  auto h = root["hash_n_to_hash_no_pad"].at(0);
  const p2::HashOut ho = p2::hash_no_pad(fps_from_limbs(h["input"]));
  CHECK(std::vector<Fp>(ho.begin(), ho.end()) == fps_from_limbs(h["expected"]));

  auto t = root["hash_two_to_one"].at(0);
  const auto a = fps_from_limbs(t["input1"]), b = fps_from_limbs(t["input2"]);
  const p2::HashOut two = p2::hash_two_to_one({a[0], a[1], a[2], a[3]}, {b[0], b[1], b[2], b[3]});
  CHECK(std::vector<Fp>(two.begin(), two.end()) == fps_from_limbs(t["expected"]));

  auto q = root["hash_to_quintic_extension"].at(0);
  CHECK(p2::hash_to_quintic(fps_from_limbs(q["input"])) == fp5_from_limbs(q["expected"]));
}

TEST_CASE("Poseidon2: non-canonical input words hash as their residues") {
  const std::array<Fp, 3> a{Fp(Fp::P + 1), Fp(5), Fp(Fp::P)};
  const std::array<Fp, 3> b{Fp(1), Fp(5), Fp(0)};
  CHECK(p2::hash_to_quintic(a) == p2::hash_to_quintic(b));
}
