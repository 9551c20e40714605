// fp5.hpp — Fp5 = GF(p^5) = Fp[X]/(X^5 - 3), the field ECgFp5 lives over.
//
// Contract: an element is five Fp coefficients c0 + c1 X + ... + c4 X^4 (Fp's non-canonical
// words allowed); bytes are the five canonical coefficients as 8-byte little-endian words,
// c0 first (40 bytes). mul/square/add/sub/inverse are constant time; sqrt/legendre are
// constant time except Fp::sqrt's Tonelli-Shanks loop (used on public data only: point
// decoding). noexcept, allocation-free, any thread.
// Facts: X^5 = 3; Frobenius x -> x^p maps c_i X^i to c_i w^i X^i with w = 3^((p-1)/5)
// = 1041288259238279555.
// References: T. Pornin, "EcGFp5: a Specialized Elliptic Curve" (https://github.com/pornin/ecgfp5,
// doc/ecgfp5.pdf, section 3); elliottech/poseidon_crypto
// field/goldilocks_quintic_extension/goldilocks_quintic_extension.go.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "crypto/lighter/fp.hpp"

namespace xtb::crypto::lighter {

class Fp5 {
 public:
  static constexpr std::size_t kBytes = 40;
  std::array<Fp, 5> c{};

  constexpr Fp5() noexcept = default;
  constexpr Fp5(Fp c0, Fp c1, Fp c2, Fp c3, Fp c4) noexcept : c{c0, c1, c2, c3, c4} {}
  static constexpr Fp5 from_fp(Fp x) noexcept { return Fp5(x, Fp(), Fp(), Fp(), Fp()); }
  static constexpr Fp5 zero() noexcept { return Fp5(); }
  static constexpr Fp5 one() noexcept { return from_fp(Fp::one()); }

  /// 40 little-endian bytes; false (and *this unchanged) if a coefficient is >= p.
  bool from_bytes(std::span<const std::uint8_t, kBytes> in) noexcept;
  /// The canonical 40-byte little-endian encoding.
  void to_bytes(std::span<std::uint8_t, kBytes> out) const noexcept;
  /// The five canonical coefficients.
  std::array<std::uint64_t, 5> canonical() const noexcept;

  bool is_zero() const noexcept;
  friend bool operator==(const Fp5& a, const Fp5& b) noexcept;

  friend Fp5 operator+(const Fp5& a, const Fp5& b) noexcept {
    return Fp5(a.c[0] + b.c[0], a.c[1] + b.c[1], a.c[2] + b.c[2], a.c[3] + b.c[3], a.c[4] + b.c[4]);
  }
  friend Fp5 operator-(const Fp5& a, const Fp5& b) noexcept {
    return Fp5(a.c[0] - b.c[0], a.c[1] - b.c[1], a.c[2] - b.c[2], a.c[3] - b.c[3], a.c[4] - b.c[4]);
  }
  Fp5 operator-() const noexcept { return Fp5() - *this; }
  friend Fp5 operator*(const Fp5& a, const Fp5& b) noexcept;
  /// Multiplication by an element of the base field.
  friend Fp5 operator*(const Fp5& a, Fp s) noexcept {
    return Fp5(a.c[0] * s, a.c[1] * s, a.c[2] * s, a.c[3] * s, a.c[4] * s);
  }
  Fp5& operator+=(const Fp5& b) noexcept { return *this = *this + b; }
  Fp5& operator-=(const Fp5& b) noexcept { return *this = *this - b; }
  Fp5& operator*=(const Fp5& b) noexcept { return *this = *this * b; }
  Fp5 dbl() const noexcept { return *this + *this; }
  Fp5 square() const noexcept;
  /// x^(2^k).
  Fp5 exp_power_of_2(unsigned k) const noexcept;
  /// x^e (square-and-multiply over the public exponent).
  Fp5 pow(std::uint64_t e) const noexcept;

  /// x^(p^k), k in 0..4.
  Fp5 frobenius(unsigned k = 1) const noexcept;
  /// 1/x, 0 for x = 0 (norm through the Frobenius, one Fp inversion).
  Fp5 inverse_or_zero() const noexcept;
  /// Legendre symbol as an Fp: 1 (non-zero square), p-1 (non-square) or 0.
  Fp legendre() const noexcept;
  /// A square root and true, or false when x is not a square.
  bool sqrt(Fp5& root) const noexcept;
  /// The square root r with sgn0(r) = false, and true; false when x is not a square.
  bool canonical_sqrt(Fp5& root) const noexcept;
  /// sgn0 exactly as poseidon_crypto's Sgn0 computes it (the scan over the coefficients
  /// reduces to "c0 is even", zero included).
  bool sgn0() const noexcept;
};

}  // namespace xtb::crypto::lighter
