// nonce.cpp — deterministic, optionally hedged Schnorr nonce (see nonce.hpp).
#include "crypto/lighter/nonce.hpp"

namespace xtb::crypto::lighter {
namespace {

constexpr std::uint64_t kTag = 0x65636E6F6E627478ULL;  // "xtbnonce", little-endian
constexpr std::uint64_t kMask48 = (1ULL << 48) - 1;

/// 48-bit piece i of a little-endian multi-word integer (words beyond the array read as 0).
template <std::size_t N>
std::uint64_t piece48(const std::array<std::uint64_t, N>& w, unsigned i) noexcept {
  const unsigned bit = 48 * i, word = bit / 64, off = bit % 64;
  std::uint64_t v = word < N ? w[word] >> off : 0;
  if (off > 16 && word + 1 < N) v |= w[word + 1] << (64 - off);
  return v & kMask48;
}

}  // namespace

NoncePrefix NoncePrefix::for_key(const Scalar& sk) noexcept {
  NoncePrefix p;
  std::array<Fp, poseidon2::kRate> block;
  block[0] = Fp(kTag);
  for (unsigned i = 0; i < 7; ++i) block[i + 1] = Fp(piece48(sk.limbs(), i));
  poseidon2::absorb(p.state, block);
  return p;
}

Scalar deterministic_nonce(const NoncePrefix& prefix, const Fp5& hashed_msg,
                           std::span<const std::uint8_t> aux) noexcept {
  std::array<std::uint64_t, 3> a{};
  const std::size_t n = aux.size() < kNonceAuxBytes ? aux.size() : kNonceAuxBytes;
  for (std::size_t i = 0; i < n; ++i) a[i / 8] |= static_cast<std::uint64_t>(aux[i]) << (8 * (i % 8));
  std::array<Fp, poseidon2::kRate> block{hashed_msg.c[0], hashed_msg.c[1], hashed_msg.c[2],
                                         hashed_msg.c[3], hashed_msg.c[4], Fp(piece48(a, 0)),
                                         Fp(piece48(a, 1)), Fp(piece48(a, 2))};
  poseidon2::State st = prefix.state;
  poseidon2::absorb(st, block);
  // The rate lanes after the second permutation: 8 outputs, no further permutation.
  const Fp5 h0(st[0], st[1], st[2], st[3], st[4]);
  const Fp5 h1(st[5], st[6], st[7], Fp(), Fp());
  return Scalar::from_fp5_wide(h0, h1);
}

}  // namespace xtb::crypto::lighter
