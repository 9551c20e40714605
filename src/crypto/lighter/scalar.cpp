// scalar.cpp — arithmetic modulo the ECgFp5 group order n (see scalar.hpp).
#include "crypto/lighter/scalar.hpp"

namespace xtb::crypto::lighter {
namespace {

using u128 = unsigned __int128;
using Limbs = Scalar::Limbs;

constexpr std::uint64_t kN0I = 0xD78BEF72057B7BDFULL;  // -1/n mod 2^64
constexpr Limbs kR2 = {0xA01001DCE33DC739ULL, 0x6C3228D33F62ACCFULL, 0xD1D796CC91CF8525ULL,
                       0xAADFFF5D1574C1D8ULL, 0x4ACA13B28CA251F5ULL};  // 2^640 mod n

/// r = a - b; returns all-ones when it borrowed.
inline std::uint64_t sub_limbs(const Limbs& a, const Limbs& b, Limbs& r) noexcept {
  std::uint64_t borrow = 0;
  for (unsigned i = 0; i < 5; ++i) {
    const u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    r[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  return 0 - borrow;
}

/// r = a + b; returns the carry out.
inline std::uint64_t add_limbs(const Limbs& a, const Limbs& b, Limbs& r) noexcept {
  std::uint64_t carry = 0;
  for (unsigned i = 0; i < 5; ++i) {
    const u128 s = static_cast<u128>(a[i]) + b[i] + carry;
    r[i] = static_cast<std::uint64_t>(s);
    carry = static_cast<std::uint64_t>(s >> 64);
  }
  return carry;
}

inline Limbs select_limbs(std::uint64_t mask, const Limbs& a, const Limbs& b) noexcept {
  Limbs r;
  for (unsigned i = 0; i < 5; ++i) r[i] = a[i] ^ (mask & (a[i] ^ b[i]));
  return r;
}

inline Limbs le_limbs(std::span<const std::uint8_t, Scalar::kBytes> le) noexcept {
  Limbs x{};
  for (unsigned i = 0; i < 40; ++i) x[i / 8] |= static_cast<std::uint64_t>(le[i]) << (8 * (i % 8));
  return x;
}

}  // namespace

Scalar Scalar::reduce(const Limbs& x) noexcept {
  Limbs t, u;
  const std::uint64_t b1 = sub_limbs(x, kN, t);
  const Limbs r1 = select_limbs(b1, t, x);
  const std::uint64_t b2 = sub_limbs(r1, kN, u);
  Scalar s;
  s.v_ = select_limbs(b2, u, r1);
  return s;
}

Scalar Scalar::from_u64(std::uint64_t v) noexcept { return reduce(Limbs{v, 0, 0, 0, 0}); }

Scalar Scalar::from_bytes_reduce(std::span<const std::uint8_t, kBytes> le) noexcept {
  return reduce(le_limbs(le));
}

Scalar Scalar::from_be_bytes_reduce(std::span<const std::uint8_t, kBytes> be) noexcept {
  std::array<std::uint8_t, kBytes> le;
  for (unsigned i = 0; i < kBytes; ++i) le[i] = be[kBytes - 1 - i];
  return reduce(le_limbs(le));
}

bool Scalar::from_bytes_canonical(std::span<const std::uint8_t, kBytes> le, Scalar& out) noexcept {
  const Limbs x = le_limbs(le);
  Limbs t;
  if (sub_limbs(x, kN, t) == 0) return false;  // x >= n
  out.v_ = x;
  return true;
}

Scalar Scalar::from_fp5(const Fp5& x) noexcept { return reduce(x.canonical()); }

Scalar Scalar::from_fp5_wide(const Fp5& a, const Fp5& b) noexcept {
  // b 2^320 = monty_mul(b, 2^640 mod n).
  return monty_mul(from_fp5(b), kR2) + from_fp5(a);
}

void Scalar::to_bytes(std::span<std::uint8_t, kBytes> out) const noexcept {
  for (unsigned i = 0; i < kBytes; ++i) out[i] = static_cast<std::uint8_t>(v_[i / 8] >> (8 * (i % 8)));
}

bool Scalar::is_zero() const noexcept {
  return (v_[0] | v_[1] | v_[2] | v_[3] | v_[4]) == 0;
}

bool operator==(const Scalar& a, const Scalar& b) noexcept {
  std::uint64_t d = 0;
  for (unsigned i = 0; i < 5; ++i) d |= a.v_[i] ^ b.v_[i];
  return d == 0;
}

Scalar operator+(const Scalar& a, const Scalar& b) noexcept {
  Limbs s, t;
  add_limbs(a.v_, b.v_, s);  // a + b < 2n < 2^320: no carry out
  const std::uint64_t borrow = sub_limbs(s, Scalar::kN, t);
  Scalar r;
  r.v_ = select_limbs(borrow, t, s);
  return r;
}

Scalar operator-(const Scalar& a, const Scalar& b) noexcept {
  Limbs d, t;
  const std::uint64_t borrow = sub_limbs(a.v_, b.v_, d);
  add_limbs(d, Scalar::kN, t);
  Scalar r;
  r.v_ = select_limbs(borrow, d, t);
  return r;
}

Scalar operator*(const Scalar& a, const Scalar& b) noexcept {
  return Scalar::monty_mul(Scalar::to_monty(a), b.v_);
}

Scalar Scalar::to_monty(const Scalar& a) noexcept { return monty_mul(a, kR2); }

// CIOS Montgomery multiplication: r <- (r + a b_i + f n) / 2^64 for each limb b_i of b,
// f chosen so the division is exact; the result is < 2n and one subtraction finishes it.
Scalar Scalar::monty_mul(const Scalar& a, const Limbs& b) noexcept {
  Limbs r{};
  for (unsigned i = 0; i < 5; ++i) {
    const std::uint64_t m = b[i];
    const std::uint64_t f = (a.v_[0] * m + r[0]) * kN0I;
    std::uint64_t cc1 = 0, cc2 = 0;
    for (unsigned j = 0; j < 5; ++j) {
      const u128 z = static_cast<u128>(a.v_[j]) * m + r[j] + cc1;
      cc1 = static_cast<std::uint64_t>(z >> 64);
      const u128 z2 = static_cast<u128>(f) * kN[j] + static_cast<std::uint64_t>(z) + cc2;
      cc2 = static_cast<std::uint64_t>(z2 >> 64);
      if (j > 0) r[j - 1] = static_cast<std::uint64_t>(z2);
    }
    r[4] = cc1 + cc2;
  }
  Limbs t;
  const std::uint64_t borrow = sub_limbs(r, kN, t);
  Scalar s;
  s.v_ = select_limbs(borrow, t, r);
  return s;
}

Scalar Scalar::select(std::uint64_t mask, const Scalar& a, const Scalar& b) noexcept {
  Scalar s;
  s.v_ = select_limbs(mask, a.v_, b.v_);
  return s;
}

}  // namespace xtb::crypto::lighter
