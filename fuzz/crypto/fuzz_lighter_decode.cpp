// fuzz_lighter_decode.cpp — libFuzzer target: everything in src/crypto/lighter that reads
// untrusted bytes — ECgFp5 point decoding, strict and reducing scalar parsing, signature
// parsing + verification, auth-token verification.
//
// Input layout: bytes 0..39 a point encoding, 40..79 a scalar, 0..79 a signature, the whole
// input as an auth token text. Invariants: a point decodes iff re-encoding gives back the
// same 40 bytes (canonical encoding) and then P + N = P, P - P = N; a scalar parses
// strictly iff it re-serialises to the same bytes, the reducing parse always yields a
// canonical scalar congruent to the input; parsing/verifying never crashes and a random
// signature verification always returns. Never a crash, hang or UB.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "crypto/lighter/auth_token.hpp"
#include "crypto/lighter/point.hpp"
#include "crypto/lighter/scalar.hpp"
#include "crypto/lighter/schnorr.hpp"

namespace lt = xtb::crypto::lighter;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_point(const std::uint8_t* data) {
  std::array<std::uint8_t, 40> in;
  std::memcpy(in.data(), data, 40);
  lt::Point p;
  const bool ok = lt::Point::decode(in, p);
  if (!ok) {
    check(p.is_neutral());
    return;
  }
  std::array<std::uint8_t, 40> back;
  p.encode().to_bytes(back);
  check(back == in);
  check(p + lt::Point::neutral() == p);
  check((p + p.neg()).is_neutral());
}

void fuzz_scalar(const std::uint8_t* data) {
  std::array<std::uint8_t, 40> in;
  std::memcpy(in.data(), data, 40);
  lt::Scalar strict;
  const lt::Scalar reduced = lt::Scalar::from_bytes_reduce(in);
  std::array<std::uint8_t, 40> out;
  reduced.to_bytes(out);
  lt::Scalar again;
  check(lt::Scalar::from_bytes_canonical(out, again) && again == reduced);
  if (lt::Scalar::from_bytes_canonical(in, strict)) {
    check(strict == reduced);
    check(out == in);
  } else {
    check(out != in);
  }
  check((reduced + (-reduced)).is_zero());
}

void fuzz_signature(const std::uint8_t* data) {
  std::array<std::uint8_t, 80> in;
  std::memcpy(in.data(), data, 80);
  lt::Signature sig;
  if (!lt::Signature::from_bytes(in, sig)) return;
  check(sig.bytes() == in);
  const lt::Fp5 msg(lt::Fp(1), lt::Fp(2), lt::Fp(3), lt::Fp(4), lt::Fp(5));
  (void)lt::schnorr_verify(lt::Point::generator(), msg, sig);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size >= 40) fuzz_point(data);
  if (size >= 80) {
    fuzz_scalar(data + 40);
    fuzz_signature(data);
  }
  if (size <= 512) {
    const std::string_view token(reinterpret_cast<const char*>(data), size);
    (void)lt::verify_auth_token(token, lt::Fp5::from_fp(lt::Fp(4)));
  }
  return 0;
}
