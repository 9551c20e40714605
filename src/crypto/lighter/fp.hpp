// fp.hpp — Fp, the Goldilocks prime field, p = 2^64 - 2^32 + 1.
//
// Contract: an Fp holds any 64-bit word w and stands for w mod p ("non-canonical" form, as in
// plonky2 and elliottech/poseidon_crypto); every operation accepts any word and returns some
// word congruent to the result. canonical() gives the unique value in [0, p); equality and
// byte encoding go through it. All operations are branch-free on the value (constant time),
// noexcept, allocation-free and callable from any thread.
// Facts: p, 2^64 = 2^32 - 1 (mod p), 2^96 = -1 (mod p), 2^128 = -2^32 (mod p).
// Reference: https://github.com/elliottech/poseidon_crypto field/goldilocks/goldilocks_plonky2.go
#pragma once
#include <cstdint>

namespace xtb::crypto::lighter {

class Fp {
 public:
  static constexpr std::uint64_t P = 0xFFFFFFFF00000001ULL;
  static constexpr std::uint64_t EPSILON = 0xFFFFFFFFULL;  // 2^64 mod p

  constexpr Fp() noexcept = default;
  /// Any 64-bit word; it stands for w mod p.
  constexpr explicit Fp(std::uint64_t w) noexcept : w_(w) {}

  static constexpr Fp zero() noexcept { return Fp(0); }
  static constexpr Fp one() noexcept { return Fp(1); }

  /// The raw word (possibly >= p).
  constexpr std::uint64_t raw() const noexcept { return w_; }
  /// The value in [0, p).
  constexpr std::uint64_t canonical() const noexcept {
    return w_ - (P & (0 - static_cast<std::uint64_t>(w_ >= P)));
  }
  constexpr bool is_zero() const noexcept { return canonical() == 0; }
  friend constexpr bool operator==(Fp a, Fp b) noexcept { return a.canonical() == b.canonical(); }

  friend constexpr Fp operator+(Fp a, Fp b) noexcept {
    std::uint64_t s = a.w_ + b.w_;
    std::uint64_t c = s < a.w_;
    std::uint64_t s2 = s + (EPSILON & (0 - c));
    std::uint64_t c2 = s2 < s;
    return Fp(s2 + (EPSILON & (0 - c2)));
  }
  friend constexpr Fp operator-(Fp a, Fp b) noexcept {
    std::uint64_t d = a.w_ - b.w_;
    std::uint64_t br = a.w_ < b.w_;
    std::uint64_t d2 = d - (EPSILON & (0 - br));
    std::uint64_t br2 = d < d2;
    return Fp(d2 - (EPSILON & (0 - br2)));
  }
  constexpr Fp operator-() const noexcept { return Fp(0) - *this; }
  friend constexpr Fp operator*(Fp a, Fp b) noexcept {
    return reduce128(static_cast<unsigned __int128>(a.w_) * b.w_);
  }
  Fp& operator+=(Fp b) noexcept { return *this = *this + b; }
  Fp& operator-=(Fp b) noexcept { return *this = *this - b; }
  Fp& operator*=(Fp b) noexcept { return *this = *this * b; }

  constexpr Fp square() const noexcept { return *this * *this; }
  /// x k for a small constant k < 2^32 (the product is below 2^96: reduce96).
  constexpr Fp mul_small(std::uint32_t k) const noexcept {
    return reduce96(static_cast<unsigned __int128>(w_) * k);
  }
  constexpr Fp dbl() const noexcept { return *this + *this; }

  /// x mod p for any 128-bit x (x = lo + 2^64 hi; 2^96 = -1, 2^64 = EPSILON).
  static constexpr Fp reduce128(unsigned __int128 x) noexcept {
    const auto lo = static_cast<std::uint64_t>(x);
    const auto hi = static_cast<std::uint64_t>(x >> 64);
    const std::uint64_t hi_hi = hi >> 32;
    const std::uint64_t hi_lo = hi & EPSILON;
    std::uint64_t t0 = lo - hi_hi;
    t0 -= EPSILON & (0 - static_cast<std::uint64_t>(lo < hi_hi));
    const std::uint64_t t1 = hi_lo * EPSILON;
    const std::uint64_t s = t0 + t1;
    return Fp(s + (EPSILON & (0 - static_cast<std::uint64_t>(s < t1))));
  }
  /// x mod p for x < 2^96.
  static constexpr Fp reduce96(unsigned __int128 x) noexcept {
    const auto lo = static_cast<std::uint64_t>(x);
    const auto hi = static_cast<std::uint64_t>(x >> 64);
    const std::uint64_t t1 = hi * EPSILON;
    const std::uint64_t s = lo + t1;
    return Fp(s + (EPSILON & (0 - static_cast<std::uint64_t>(s < t1))));
  }
  /// (lo + 2^64 mid + 2^128 hi) mod p for hi < 2^31: with mid = 2^32 mh + ml,
  /// 2^64 ml = ml eps, 2^96 mh = -mh and 2^128 hi = -2^32 hi, so the value is
  /// lo - (mh + 2^32 hi) + ml eps; the subtrahend stays below 2^63 + 2^32, so a single
  /// borrow fix-up suffices, as in reduce128.
  static constexpr Fp reduce192(std::uint64_t lo, std::uint64_t mid, std::uint64_t hi) noexcept {
    const std::uint64_t n = (mid >> 32) + (hi << 32);
    std::uint64_t t0 = lo - n;
    t0 -= EPSILON & (0 - static_cast<std::uint64_t>(lo < n));
    const std::uint64_t t1 = (mid & EPSILON) * EPSILON;
    const std::uint64_t s = t0 + t1;
    return Fp(s + (EPSILON & (0 - static_cast<std::uint64_t>(s < t1))));
  }

  /// x^e, square-and-multiply over a public exponent (the exponent's bits set the timing).
  Fp pow(std::uint64_t e) const noexcept;
  /// x^(2^k).
  Fp exp_power_of_2(unsigned k) const noexcept;
  /// 1/x by Fermat (fixed addition chain, constant time); 0 for x = 0.
  Fp inverse_or_zero() const noexcept;
  /// x^((p-1)/2): 1 for a non-zero square, p-1 for a non-square, 0 for 0.
  Fp legendre() const noexcept;
  /// A square root (Tonelli-Shanks, variable time) and true, or false when x is not a square.
  bool sqrt(Fp& root) const noexcept;

 private:
  std::uint64_t w_ = 0;
};

}  // namespace xtb::crypto::lighter
