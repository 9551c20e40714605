// schnorr.cpp — Schnorr over ECgFp5 (see schnorr.hpp).
#include "crypto/lighter/schnorr.hpp"

#include "crypto/lighter/poseidon2.hpp"
#include "crypto/lighter/scalar_mul.hpp"

namespace xtb::crypto::lighter {

void Signature::to_bytes(std::span<std::uint8_t, kBytes> out) const noexcept {
  s.to_bytes(out.first<Scalar::kBytes>());
  e.to_bytes(out.last<Scalar::kBytes>());
}

std::array<std::uint8_t, Signature::kBytes> Signature::bytes() const noexcept {
  std::array<std::uint8_t, kBytes> out;
  to_bytes(out);
  return out;
}

bool Signature::from_bytes(std::span<const std::uint8_t, kBytes> in, Signature& out) noexcept {
  Signature sig;
  if (!Scalar::from_bytes_canonical(in.first<Scalar::kBytes>(), sig.s)) return false;
  if (!Scalar::from_bytes_canonical(in.last<Scalar::kBytes>(), sig.e)) return false;
  out = sig;
  return true;
}

Scalar schnorr_challenge(const Fp5& r, const Fp5& hashed_msg) noexcept {
  const std::array<Fp, 10> pre{r.c[0], r.c[1], r.c[2], r.c[3], r.c[4],
                               hashed_msg.c[0], hashed_msg.c[1], hashed_msg.c[2], hashed_msg.c[3], hashed_msg.c[4]};
  return Scalar::from_fp5(poseidon2::hash_to_quintic(pre));
}

Signature schnorr_sign_with_nonce(const Fp5& hashed_msg, const Scalar& sk_monty, const Scalar& k) noexcept {
  const Fp5 r = mul_generator(k).encode();
  Signature sig;
  sig.e = schnorr_challenge(r, hashed_msg);
  sig.s = k - Scalar::monty_mul(sk_monty, sig.e.limbs());
  return sig;
}

bool schnorr_verify(const Point& pk, const Fp5& hashed_msg, const Signature& sig) noexcept {
  const Fp5 rv = mul_add_vartime(sig.s, pk, sig.e).encode();
  return schnorr_challenge(rv, hashed_msg) == sig.e;
}

bool schnorr_verify(const Fp5& pk_encoded, const Fp5& hashed_msg, const Signature& sig) noexcept {
  Point pk;
  if (!Point::decode(pk_encoded, pk)) return false;
  return schnorr_verify(pk, hashed_msg, sig);
}

}  // namespace xtb::crypto::lighter
