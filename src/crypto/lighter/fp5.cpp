// fp5.cpp — GF(p^5) arithmetic (see fp5.hpp).
//
// Products are summed as 128-bit words with a carry count and reduced once per coefficient
// (Fp::reduce192), so a multiplication costs 25 64x64 products and 5 reductions.
#include "crypto/lighter/fp5.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace xtb::crypto::lighter {
namespace {

constexpr std::uint64_t kDthRoot = 1041288259238279555ULL;  // 3^((p-1)/5)

/// Sum of up to five 64x64 products as three words (l + 2^64 m + 2^128 h, h <= 4): one
/// add / adc / adc per product where the carry intrinsic exists, then one reduction.
struct Acc {
  unsigned long long l = 0, m = 0, h = 0;
  void add(Fp a, Fp b) noexcept {
    const unsigned __int128 p = static_cast<unsigned __int128>(a.raw()) * b.raw();
    const auto plo = static_cast<unsigned long long>(p);
    const auto phi = static_cast<unsigned long long>(p >> 64);
#if defined(__x86_64__)
    unsigned char c = _addcarry_u64(0, l, plo, &l);
    c = _addcarry_u64(c, m, phi, &m);
    h += c;
#else
    l += plo;
    const unsigned long long c1 = l < plo;
    const unsigned __int128 mid = static_cast<unsigned __int128>(m) + phi + c1;
    m = static_cast<unsigned long long>(mid);
    h += static_cast<unsigned long long>(mid >> 64);
#endif
  }
  Fp reduce() const noexcept { return Fp::reduce192(l, m, h); }
};

constexpr Fp triple(Fp x) noexcept { return x.mul_small(3); }

/// w^(k i) for k = 0..4, i = 0..4: the Frobenius multipliers.
struct FrobeniusTable {
  std::array<std::array<Fp, 5>, 5> m{};
  constexpr FrobeniusTable() {
    for (unsigned k = 0; k < 5; ++k) {
      Fp z = Fp::one();
      for (unsigned j = 0; j < k; ++j) z = z * Fp(kDthRoot);
      Fp zi = Fp::one();
      for (unsigned i = 0; i < 5; ++i) {
        m[k][i] = zi;
        zi = zi * z;
      }
    }
  }
};
constexpr FrobeniusTable kFrobenius{};

}  // namespace

bool Fp5::from_bytes(std::span<const std::uint8_t, kBytes> in) noexcept {
  std::array<Fp, 5> v{};
  bool ok = true;
  for (unsigned i = 0; i < 5; ++i) {
    std::uint64_t w = 0;
    for (unsigned b = 0; b < 8; ++b) w |= static_cast<std::uint64_t>(in[i * 8 + b]) << (8 * b);
    ok &= w < Fp::P;
    v[i] = Fp(w);
  }
  if (ok) c = v;
  return ok;
}

void Fp5::to_bytes(std::span<std::uint8_t, kBytes> out) const noexcept {
  for (unsigned i = 0; i < 5; ++i) {
    const std::uint64_t w = c[i].canonical();
    for (unsigned b = 0; b < 8; ++b) out[i * 8 + b] = static_cast<std::uint8_t>(w >> (8 * b));
  }
}

std::array<std::uint64_t, 5> Fp5::canonical() const noexcept {
  return {c[0].canonical(), c[1].canonical(), c[2].canonical(), c[3].canonical(), c[4].canonical()};
}

bool Fp5::is_zero() const noexcept {
  std::uint64_t acc = 0;
  for (const Fp& x : c) acc |= x.canonical();
  return acc == 0;
}

bool operator==(const Fp5& a, const Fp5& b) noexcept {
  std::uint64_t diff = 0;
  for (unsigned i = 0; i < 5; ++i) diff |= a.c[i].canonical() ^ b.c[i].canonical();
  return diff == 0;
}

// (a0 + a1 X + ...)(b0 + b1 X + ...) with X^5 = 3.
Fp5 operator*(const Fp5& a, const Fp5& b) noexcept {
  const Fp b1 = triple(b.c[1]), b2 = triple(b.c[2]), b3 = triple(b.c[3]), b4 = triple(b.c[4]);
  Acc c0, c1, c2, c3, c4;
  c0.add(a.c[0], b.c[0]); c0.add(a.c[1], b4); c0.add(a.c[2], b3); c0.add(a.c[3], b2); c0.add(a.c[4], b1);
  c1.add(a.c[0], b.c[1]); c1.add(a.c[1], b.c[0]); c1.add(a.c[2], b4); c1.add(a.c[3], b3); c1.add(a.c[4], b2);
  c2.add(a.c[0], b.c[2]); c2.add(a.c[1], b.c[1]); c2.add(a.c[2], b.c[0]); c2.add(a.c[3], b4); c2.add(a.c[4], b3);
  c3.add(a.c[0], b.c[3]); c3.add(a.c[1], b.c[2]); c3.add(a.c[2], b.c[1]); c3.add(a.c[3], b.c[0]); c3.add(a.c[4], b4);
  c4.add(a.c[0], b.c[4]); c4.add(a.c[1], b.c[3]); c4.add(a.c[2], b.c[2]); c4.add(a.c[3], b.c[1]); c4.add(a.c[4], b.c[0]);
  return Fp5(c0.reduce(), c1.reduce(), c2.reduce(), c3.reduce(), c4.reduce());
}

Fp5 Fp5::square() const noexcept {
  const Fp a0 = c[0], a1 = c[1], a2 = c[2], a3 = c[3], a4 = c[4];
  const Fp d0 = a0.mul_small(2), d1 = a1.mul_small(2);
  const Fp s1 = a1.mul_small(6), s2 = a2.mul_small(6), s3 = a3.mul_small(6);
  const Fp t3 = triple(a3), t4 = triple(a4);
  Acc r0, r1, r2, r3, r4;
  r0.add(a0, a0); r0.add(s1, a4); r0.add(s2, a3);
  r1.add(d0, a1); r1.add(s2, a4); r1.add(t3, a3);
  r2.add(d0, a2); r2.add(a1, a1); r2.add(s3, a4);
  r3.add(d0, a3); r3.add(d1, a2); r3.add(t4, a4);
  r4.add(d0, a4); r4.add(d1, a3); r4.add(a2, a2);
  return Fp5(r0.reduce(), r1.reduce(), r2.reduce(), r3.reduce(), r4.reduce());
}

Fp5 Fp5::exp_power_of_2(unsigned k) const noexcept {
  Fp5 z = *this;
  for (unsigned i = 0; i < k; ++i) z = z.square();
  return z;
}

Fp5 Fp5::pow(std::uint64_t e) const noexcept {
  Fp5 result = one();
  Fp5 base = *this;
  while (e != 0) {
    if (e & 1) result *= base;
    base = base.square();
    e >>= 1;
  }
  return result;
}

Fp5 Fp5::frobenius(unsigned k) const noexcept {
  const auto& m = kFrobenius.m[k % 5];
  return Fp5(c[0] * m[0], c[1] * m[1], c[2] * m[2], c[3] * m[3], c[4] * m[4]);
}

namespace {
/// The constant coefficient of a*b (the product lands in Fp when b is a's norm cofactor).
Fp mul_c0(const Fp5& a, const Fp5& b) noexcept {
  Acc r;
  r.add(a.c[0], b.c[0]);
  r.add(a.c[1], triple(b.c[4]));
  r.add(a.c[2], triple(b.c[3]));
  r.add(a.c[3], triple(b.c[2]));
  r.add(a.c[4], triple(b.c[1]));
  return r.reduce();
}
}  // namespace

// 1/a = f / N(a) with f = a^(p + p^2 + p^3 + p^4) and N(a) = a f in Fp.
Fp5 Fp5::inverse_or_zero() const noexcept {
  const Fp5 d = frobenius(1);
  const Fp5 e = d * d.frobenius(1);
  const Fp5 f = e * e.frobenius(2);
  const Fp g = mul_c0(*this, f);
  return f * g.inverse_or_zero();
}

// Legendre(x) = Legendre_p(N(x)).
Fp Fp5::legendre() const noexcept {
  const Fp5 f1 = frobenius(1);
  const Fp5 f12 = f1 * f1.frobenius(1);
  const Fp5 f1234 = f12 * f12.frobenius(2);
  return mul_c0(*this, f1234).legendre();
}

// Pornin's square root (ecgfp5 section 3): with v = x^(2^31), d = x v^(2^32) / v,
// e = Frob(d Frob^2(d)), g = x e^2 lies in Fp; sqrt(x) = sqrt_p(g) / e.
bool Fp5::sqrt(Fp5& root) const noexcept {
  const Fp5 v = exp_power_of_2(31);
  const Fp5 d = *this * v.exp_power_of_2(32) * v.inverse_or_zero();
  const Fp5 e = (d * d.frobenius(2)).frobenius(1);
  const Fp5 f = e.square();
  const Fp g = mul_c0(*this, f);
  Fp s;
  if (!g.sqrt(s)) return false;
  root = from_fp(s) * e.inverse_or_zero();
  return true;
}

bool Fp5::sgn0() const noexcept {
  bool sign = false;
  bool zero = true;
  for (const Fp& limb : c) {
    const bool sign_i = (limb.canonical() & 1) == 0;
    sign = sign || (zero && sign_i);
    zero = zero && limb.is_zero();
  }
  return sign;
}

bool Fp5::canonical_sqrt(Fp5& root) const noexcept {
  Fp5 r;
  if (!sqrt(r)) return false;
  root = r.sgn0() ? -r : r;
  return true;
}

}  // namespace xtb::crypto::lighter
