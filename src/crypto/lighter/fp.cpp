// fp.cpp — Fp exponentiation, inversion, Legendre symbol and square root (see fp.hpp).
#include "crypto/lighter/fp.hpp"

namespace xtb::crypto::lighter {

Fp Fp::pow(std::uint64_t e) const noexcept {
  Fp result = one();
  Fp base = *this;
  while (e != 0) {
    if (e & 1) result *= base;
    base = base.square();
    e >>= 1;
  }
  return result;
}

Fp Fp::exp_power_of_2(unsigned k) const noexcept {
  Fp z = *this;
  for (unsigned i = 0; i < k; ++i) z = z.square();
  return z;
}

// x^(p-2), the addition chain of plonky2: t_k = x^(2^k - 1), t63 = x^((2^31 - 1)(2^32 + 1)),
// and p - 2 = 2 (2^31 - 1)(2^32 + 1) + 1.
Fp Fp::inverse_or_zero() const noexcept {
  const Fp x = *this;
  const Fp t2 = x.square() * x;                       // 2^2 - 1
  const Fp t3 = t2.square() * x;                      // 2^3 - 1
  const Fp t6 = t3.exp_power_of_2(3) * t3;            // 2^6 - 1
  const Fp t12 = t6.exp_power_of_2(6) * t6;           // 2^12 - 1
  const Fp t24 = t12.exp_power_of_2(12) * t12;        // 2^24 - 1
  const Fp t30 = t24.exp_power_of_2(6) * t6;          // 2^30 - 1
  const Fp t31 = t30.square() * x;                    // 2^31 - 1
  const Fp t63 = t31.exp_power_of_2(32) * t31;        // (2^31 - 1)(2^32 + 1)
  return t63.square() * x;                            // 2^64 - 2^32 - 1 = p - 2
}

// (p - 1)/2 = 2^63 - 2^31 = (2^32 - 1) * 2^31.
Fp Fp::legendre() const noexcept {
  const Fp x = *this;
  const Fp t2 = x.square() * x;
  const Fp t4 = t2.exp_power_of_2(2) * t2;            // 2^4 - 1
  const Fp t8 = t4.exp_power_of_2(4) * t4;            // 2^8 - 1
  const Fp t16 = t8.exp_power_of_2(8) * t8;           // 2^16 - 1
  const Fp t32 = t16.exp_power_of_2(16) * t16;        // 2^32 - 1
  return t32.exp_power_of_2(31);
}

// Tonelli-Shanks with p - 1 = 2^32 * t, t = 2^32 - 1; g = 7^t generates the 2^32-torsion.
bool Fp::sqrt(Fp& root) const noexcept {
  if (is_zero()) {
    root = zero();
    return true;
  }
  if (legendre().canonical() != 1) return false;
  constexpr std::uint64_t kT = 0xFFFFFFFFULL;
  Fp z(7277203076849721926ULL);  // POWER_OF_TWO_GENERATOR = 7^t, order 2^32
  Fp w = pow((kT - 1) / 2);
  Fp x = *this * w;
  Fp b = x * w;
  unsigned v = 32;
  while (b.canonical() != 1) {
    unsigned k = 0;
    Fp b2k = b;
    while (b2k.canonical() != 1) {
      b2k = b2k.square();
      ++k;
    }
    w = z.exp_power_of_2(v - k - 1);
    z = w.square();
    b *= z;
    x *= w;
    v = k;
  }
  root = x;
  return true;
}

}  // namespace xtb::crypto::lighter
