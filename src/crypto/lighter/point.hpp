// point.hpp — Point, an element of the ECgFp5 group, and AffinePoint.
//
// The curve is y^2 = x (x^2 + a x + b) over Fp5 with a = 2, b = 263 X; the group is the
// prime-order (order n, see scalar.hpp) group where N = (0, 0) is the neutral and the law is
// P (+) Q = P + Q + N. Points are kept in fractional (x, u) coordinates, x = X/Z, u = x/y = U/T
// (u = 0 for the neutral), with complete formulas: add 10M, double 4M+5S, mdouble(n)
// n(2M+5S)+2M+1S, add_affine 8M. Encoding is the single Fp5 w = 1/u = T/U (0 for the neutral);
// decode accepts exactly the encodings of group elements (canonical coefficients required).
// Contract: value types, noexcept, allocation-free, constant time except decode (public
// input; Fp::sqrt is variable time) and lookup_vartime. Any thread.
// References: T. Pornin, "EcGFp5: a Specialized Elliptic Curve", https://eprint.iacr.org/2022/274
// (sections 4-5) and https://github.com/pornin/ecgfp5; elliottech/poseidon_crypto
// curve/ecgfp5/point.go, affine_point.go (the generator and the formulas Lighter uses).
#pragma once
#include <array>
#include <span>

#include "crypto/lighter/fp5.hpp"

namespace xtb::crypto::lighter {

/// A point with Z = T = 1: (x, u). The neutral is (0, 0).
struct AffinePoint {
  Fp5 x, u;
  void set_neg() noexcept { u = -u; }
};

class Point {
 public:
  Fp5 x, z, u, t;

  static Point neutral() noexcept;
  static Point generator() noexcept;
  static Point from_affine(const AffinePoint& a) noexcept;

  /// Decodes w; false (out = neutral) when w encodes no group element. w = 0 is the neutral.
  static bool decode(const Fp5& w, Point& out) noexcept;
  /// Decodes 40 little-endian bytes (false also when a coefficient is >= p).
  static bool decode(std::span<const std::uint8_t, Fp5::kBytes> bytes, Point& out) noexcept;
  /// The canonical encoding w = t / u (one Fp5 inversion).
  Fp5 encode() const noexcept;

  bool is_neutral() const noexcept { return u.is_zero(); }
  friend bool operator==(const Point& p, const Point& q) noexcept;

  friend Point operator+(const Point& p, const Point& q) noexcept;
  Point add_affine(const AffinePoint& q) noexcept;
  Point neg() const noexcept { return Point{x, z, -u, t}; }
  Point dbl() const noexcept;
  /// 2^n P.
  Point mdouble(unsigned n) const noexcept;
};

/// Affine forms of src (Montgomery's trick: one Fp5 inversion). dst.size() == src.size().
void batch_to_affine(std::span<const Point> src, std::span<AffinePoint> dst) noexcept;

/// P, 2P, ..., N P in affine form: the windows of the signed-digit multiplications
/// (N = 16 for 5-bit digits, 32 for the 6-bit digits of the generator table).
template <std::size_t N>
using Window = std::array<AffinePoint, N>;
using Window16 = Window<16>;
using Window32 = Window<32>;
template <std::size_t N>
void make_window(const Point& p, Window<N>& win) noexcept;
/// k P for k in [-N, N], scanning the whole window (constant time).
template <std::size_t N>
AffinePoint lookup(const Window<N>& win, std::int32_t k) noexcept;
/// Same, indexing directly (variable time: public scalars only).
template <std::size_t N>
AffinePoint lookup_vartime(const Window<N>& win, std::int32_t k) noexcept;

}  // namespace xtb::crypto::lighter
