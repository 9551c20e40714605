// poseidon2.cpp — Poseidon2-Goldilocks permutation and sponge (see poseidon2.hpp).
#include "crypto/lighter/poseidon2.hpp"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace xtb::crypto::lighter::poseidon2 {
namespace {

using u128 = unsigned __int128;

// M_E = circ(2 M4, M4, M4) applied as: each group of 4 lanes times M4 (Plonky3's
// [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]]), then every lane plus the sum of its column
// across the three groups. Sums stay below 2^70 and are reduced once.
inline void external_linear_layer(State& s) noexcept {
  std::array<u128, kWidth> x;
  for (std::size_t i = 0; i < kWidth; ++i) x[i] = s[i].raw();
  for (std::size_t i = 0; i < kWidth; i += 4) {
    const u128 t01 = x[i] + x[i + 1];
    const u128 t23 = x[i + 2] + x[i + 3];
    const u128 t0123 = t01 + t23;
    const u128 x0 = x[i], x2 = x[i + 2];
    x[i] = t0123 + t01 + x[i + 1];
    x[i + 1] = t0123 + x[i + 1] + x2 + x2;
    x[i + 2] = t0123 + t23 + x[i + 3];
    x[i + 3] = t0123 + x[i + 3] + x0 + x0;
  }
  for (std::size_t j = 0; j < 4; ++j) {
    const u128 col = x[j] + x[j + 4] + x[j + 8];
    x[j] += col;
    x[j + 4] += col;
    x[j + 8] += col;
  }
  for (std::size_t i = 0; i < kWidth; ++i) s[i] = Fp::reduce96(x[i]);
}

// M_I = 1 + diag(d): x_i <- sum + d_i x_i.
// Lanes 1..11 are summed first: they do not depend on this round's S-box, so the sum
// overlaps the x^7 of lane 0 instead of waiting for it.
inline void internal_linear_layer(State& s) noexcept {
  u128 sum = 0;
  for (std::size_t i = 1; i < kWidth; ++i) sum += s[i].raw();
  sum += s[0].raw();
  const std::uint64_t sum_f = Fp::reduce96(sum).raw();
  for (std::size_t i = 0; i < kWidth; ++i) {
    s[i] = Fp::reduce128(static_cast<u128>(s[i].raw()) * kMatrixDiag[i] + sum_f);
  }
}

/// x + c for a canonical constant c (one carry fold suffices: x + c - 2^64 + eps < 2^64).
inline Fp add_constant(Fp x, std::uint64_t c) noexcept {
  const std::uint64_t s = x.raw() + c;
  return Fp(s + (Fp::EPSILON & (0 - static_cast<std::uint64_t>(s < c))));
}

/// x^7 = (x x^2) (x^2)^2: three multiplications deep instead of four.
inline Fp sbox(Fp x) noexcept {
  const Fp x2 = x.square();
  return (x2 * x) * x2.square();
}

#if defined(__AVX2__)
// Four lanes at a time: the 64x64 -> 128 product from four 32x32 products (vpmuludq), then
// the same reduction as Fp::reduce128; unsigned compares through the sign-flip trick.
inline __m256i ult(__m256i a, __m256i b) noexcept {  // all-ones where a < b (unsigned)
  const __m256i flip = _mm256_set1_epi64x(static_cast<long long>(0x8000000000000000ULL));
  return _mm256_cmpgt_epi64(_mm256_xor_si256(b, flip), _mm256_xor_si256(a, flip));
}

inline __m256i mul4(__m256i a, __m256i b) noexcept {
  const __m256i eps = _mm256_set1_epi64x(static_cast<long long>(Fp::EPSILON));
  const __m256i a_hi = _mm256_srli_epi64(a, 32), b_hi = _mm256_srli_epi64(b, 32);
  const __m256i ll = _mm256_mul_epu32(a, b), lh = _mm256_mul_epu32(a, b_hi);
  const __m256i hl = _mm256_mul_epu32(a_hi, b), hh = _mm256_mul_epu32(a_hi, b_hi);
  const __m256i mid = _mm256_add_epi64(lh, _mm256_srli_epi64(ll, 32));
  const __m256i mid2 = _mm256_add_epi64(hl, _mm256_and_si256(mid, eps));
  const __m256i lo = _mm256_or_si256(_mm256_slli_epi64(mid2, 32), _mm256_and_si256(ll, eps));
  const __m256i hi = _mm256_add_epi64(_mm256_add_epi64(hh, _mm256_srli_epi64(mid, 32)), _mm256_srli_epi64(mid2, 32));
  // reduce128: lo - hi_hi + hi_lo eps, one fix-up each way.
  const __m256i hi_hi = _mm256_srli_epi64(hi, 32), hi_lo = _mm256_and_si256(hi, eps);
  __m256i t0 = _mm256_sub_epi64(lo, hi_hi);
  t0 = _mm256_sub_epi64(t0, _mm256_and_si256(ult(lo, hi_hi), eps));
  const __m256i t1 = _mm256_sub_epi64(_mm256_slli_epi64(hi_lo, 32), hi_lo);
  const __m256i s = _mm256_add_epi64(t0, t1);
  return _mm256_add_epi64(s, _mm256_and_si256(ult(s, t1), eps));
}

inline __m256i add_constant4(__m256i x, __m256i c) noexcept {
  const __m256i eps = _mm256_set1_epi64x(static_cast<long long>(Fp::EPSILON));
  const __m256i s = _mm256_add_epi64(x, c);
  return _mm256_add_epi64(s, _mm256_and_si256(ult(s, c), eps));
}

inline void sbox_full(State& s, const std::array<std::uint64_t, kWidth>& rc) noexcept {
  static_assert(sizeof(State) == kWidth * sizeof(std::uint64_t));
  auto* lanes = reinterpret_cast<__m256i*>(s.data());
  const auto* c = reinterpret_cast<const __m256i*>(rc.data());
  for (std::size_t v = 0; v < kWidth / 4; ++v) {
    const __m256i x = add_constant4(_mm256_loadu_si256(lanes + v), _mm256_loadu_si256(c + v));
    const __m256i x2 = mul4(x, x);
    _mm256_storeu_si256(lanes + v, mul4(mul4(x2, x), mul4(x2, x2)));
  }
}
#else
inline void sbox_full(State& s, const std::array<std::uint64_t, kWidth>& rc) noexcept {
  for (std::size_t i = 0; i < kWidth; ++i) s[i] = sbox(add_constant(s[i], rc[i]));
}
#endif

inline void full_rounds(State& s, std::size_t first) noexcept {
  for (std::size_t r = first; r < first + kRoundsFHalf; ++r) {
    sbox_full(s, kExternalConstants[r]);
    external_linear_layer(s);
  }
}

inline void partial_rounds(State& s) noexcept {
  for (std::size_t r = 0; r < kRoundsP; ++r) {
    s[0] = sbox(add_constant(s[0], kInternalConstants[r]));
    internal_linear_layer(s);
  }
}

}  // namespace

void permute(State& state) noexcept {
  external_linear_layer(state);
  full_rounds(state, 0);
  partial_rounds(state);
  full_rounds(state, kRoundsFHalf);
}

void absorb(State& state, std::span<const Fp> in) noexcept {
  for (std::size_t i = 0; i < in.size(); i += kRate) {
    for (std::size_t j = 0; j < kRate && i + j < in.size(); ++j) state[j] = in[i + j];
    permute(state);
  }
}

void squeeze(State& state, std::span<Fp> out) noexcept {
  std::size_t n = 0;
  while (true) {
    for (std::size_t i = 0; i < kRate && n < out.size(); ++i) out[n++] = state[i];
    if (n == out.size()) return;
    permute(state);
  }
}

void hash_n_to_m_no_pad(std::span<const Fp> in, std::span<Fp> out) noexcept {
  State state{};
  absorb(state, in);
  squeeze(state, out);
}

Fp5 hash_to_quintic(std::span<const Fp> in) noexcept {
  std::array<Fp, 5> out;
  hash_n_to_m_no_pad(in, out);
  return Fp5(out[0], out[1], out[2], out[3], out[4]);
}

HashOut hash_no_pad(std::span<const Fp> in) noexcept {
  HashOut out;
  hash_n_to_m_no_pad(in, out);
  return out;
}

HashOut hash_two_to_one(const HashOut& a, const HashOut& b) noexcept {
  const std::array<Fp, 8> in{a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]};
  return hash_no_pad(in);
}

HashOut hash_n_to_one(std::span<const HashOut> in) noexcept {
  HashOut res = in[0];
  for (std::size_t i = 1; i < in.size(); ++i) res = hash_two_to_one(res, in[i]);
  return res;
}

}  // namespace xtb::crypto::lighter::poseidon2
