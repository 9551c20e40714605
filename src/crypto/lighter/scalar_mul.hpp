// scalar_mul.hpp — multiplication of ECgFp5 points by scalars.
//
// mul(P, s): signed 5-bit windows, a 16-point affine window of P, 63 x (mdouble(5) +
// add_affine) with a constant-time window scan: constant time in s (the secret-key path
// when P is not the generator). mul_generator(s): fixed base, signed 6-bit digits, a
// precomputed table of j 64^i G (i < 54, j = 1..32, affine, 138 KiB, built once on first use
// or by warm_up_generator_table()) and 54 constant-time add_affine, no doubling: used for
// the public key and the nonce point k G. mul_add_vartime: s G + e P for verification (public
// inputs, variable time).
// Thread safety: the table is built under a function-local static (thread-safe once);
// everything else is pure. noexcept, allocation-free (the table is static storage).
// References: T. Pornin, ecgfp5 (https://github.com/pornin/ecgfp5, rust/src/curve.rs
// mul/mulgen); elliottech/poseidon_crypto curve/ecgfp5/point.go Mul (same window recoding).
#pragma once
#include "crypto/lighter/point.hpp"
#include "crypto/lighter/scalar.hpp"

namespace xtb::crypto::lighter {

/// s P, constant time in s.
Point mul(const Point& p, const Scalar& s) noexcept;
/// s G, constant time in s.
Point mul_generator(const Scalar& s) noexcept;
/// s G + e P, variable time (verification only).
Point mul_add_vartime(const Scalar& s, const Point& p, const Scalar& e) noexcept;
/// Builds the generator table now (else the first mul_generator pays ~1-2 ms).
void warm_up_generator_table() noexcept;

}  // namespace xtb::crypto::lighter
