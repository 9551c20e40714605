// point.cpp — the ECgFp5 group law, encoding and decoding (see point.hpp).
#include "crypto/lighter/point.hpp"

#include <cstring>

namespace xtb::crypto::lighter {
namespace {

constexpr std::uint32_t kB1 = 263;  // b = 263 X

inline Fp mul_small(Fp x, std::uint32_t k) noexcept { return x.mul_small(k); }
/// b v = 263 X v, with X^5 = 3.
inline Fp5 mul_b(const Fp5& v) noexcept {
  return Fp5(mul_small(v.c[4], 3 * kB1), mul_small(v.c[0], kB1), mul_small(v.c[1], kB1),
             mul_small(v.c[2], kB1), mul_small(v.c[3], kB1));
}
inline Fp5 mul_small(const Fp5& v, std::uint32_t k) noexcept {
  return Fp5(mul_small(v.c[0], k), mul_small(v.c[1], k), mul_small(v.c[2], k), mul_small(v.c[3], k),
             mul_small(v.c[4], k));
}

inline Fp5 select(std::uint64_t mask, const Fp5& a, const Fp5& b) noexcept {
  Fp5 r;
  for (unsigned i = 0; i < 5; ++i) {
    const std::uint64_t wa = a.c[i].raw(), wb = b.c[i].raw();
    r.c[i] = Fp(wa ^ (mask & (wa ^ wb)));
  }
  return r;
}

}  // namespace

Point Point::neutral() noexcept { return Point{Fp5::zero(), Fp5::one(), Fp5::zero(), Fp5::one()}; }

Point Point::generator() noexcept {
  const Fp5 gx(Fp(12883135586176881569ULL), Fp(4356519642755055268ULL), Fp(5248930565894896907ULL),
               Fp(2165973894480315022ULL), Fp(2448410071095648785ULL));
  return Point{gx, Fp5::one(), Fp5::one(), Fp5::from_fp(Fp(4))};
}

Point Point::from_affine(const AffinePoint& a) noexcept { return Point{a.x, Fp5::one(), a.u, Fp5::one()}; }

// With w = y/x the curve equation gives x^2 - (w^2 - a) x + b = 0: of its two roots exactly
// one is a non-square, and that is the point's x; u = 1/w.
bool Point::decode(const Fp5& w, Point& out) noexcept {
  const Fp5 e = w.square() - Fp5::from_fp(Fp(2));
  const Fp5 delta = e.square() - mul_small(mul_b(Fp5::one()), 4);
  Fp5 r;
  const bool ok = delta.canonical_sqrt(r);
  if (!ok) {
    out = neutral();
    return w.is_zero();  // w = 0: delta = a^2 - 4b is a non-square, and 0 encodes N
  }
  const Fp half((Fp::P + 1) / 2);
  const Fp5 x1 = (e + r) * half;
  const Fp5 x2 = (e - r) * half;
  const bool x1_square = x1.legendre().canonical() == 1;
  out = Point{x1_square ? x2 : x1, Fp5::one(), Fp5::one(), w};
  return true;
}

bool Point::decode(std::span<const std::uint8_t, Fp5::kBytes> bytes, Point& out) noexcept {
  Fp5 w;
  if (!w.from_bytes(bytes)) {
    out = neutral();
    return false;
  }
  return decode(w, out);
}

Fp5 Point::encode() const noexcept { return t * u.inverse_or_zero(); }

bool operator==(const Point& p, const Point& q) noexcept { return p.u * q.t == q.u * p.t; }

Point operator+(const Point& p, const Point& q) noexcept {
  const Fp5 t1 = p.x * q.x;
  const Fp5 t2 = p.z * q.z;
  const Fp5 t3 = p.u * q.u;
  const Fp5 t4 = p.t * q.t;
  const Fp5 t5 = (p.x + p.z) * (q.x + q.z) - (t1 + t2);
  const Fp5 t6 = (p.u + p.t) * (q.u + q.t) - (t3 + t4);
  const Fp5 t7 = t1 + mul_b(t2);
  const Fp5 t8 = t4 * t7;
  const Fp5 t9 = t3 * (mul_b(t5).dbl() + t7.dbl());
  const Fp5 t10 = (t4 + t3.dbl()) * (t5 + t7);
  return Point{mul_b(t10 - t8), t8 - t9, t6 * (mul_b(t2) - t1), t8 + t9};
}

Point Point::add_affine(const AffinePoint& q) noexcept {
  const Fp5 t1 = x * q.x;
  const Fp5& t2 = z;
  const Fp5 t3 = u * q.u;
  const Fp5& t4 = t;
  const Fp5 t5 = x + q.x * z;
  const Fp5 t6 = u + q.u * t;
  const Fp5 t7 = t1 + mul_b(t2);
  const Fp5 t8 = t4 * t7;
  const Fp5 t9 = t3 * (mul_b(t5).dbl() + t7.dbl());
  const Fp5 t10 = (t4 + t3.dbl()) * (t5 + t7);
  return Point{mul_b(t10 - t8), t8 - t9, t6 * (mul_b(t2) - t1), t8 + t9};
}

Point Point::dbl() const noexcept {
  const Fp5 t1 = z * t;
  const Fp5 t2 = t1 * t;
  const Fp5 x1 = t2.square();
  const Fp5 z1 = t1 * u;
  const Fp5 t3 = u.square();
  const Fp5 w1 = t2 - t3 * (x + z).dbl();
  const Fp5 t4 = z1.square();
  const Fp5 nz = w1.square();
  return Point{mul_small(mul_b(t4), 4), nz, (w1 + z1).square() - (t4 + nz),
               x1.dbl() - (mul_small(t4, 4) + nz)};
}

// Pornin's repeated doubling (ecgfp5 section 5.3): the intermediate doublings run on
// (x, w, z) Jacobian-like coordinates of the isomorphic curve and skip the u, t bookkeeping.
Point Point::mdouble(unsigned n) const noexcept {
  if (n == 0) return *this;
  if (n == 1) return dbl();
  const Fp5 t1 = z * t;
  const Fp5 t2 = t1 * t;
  const Fp5 x1 = t2.square();
  const Fp5 z1 = t1 * u;
  const Fp5 t3 = u.square();
  const Fp5 w1 = t2 - (x + z).dbl() * t3;
  Fp5 t4 = w1.square();
  Fp5 t5 = z1.square();
  Fp5 xx = mul_small(mul_b(t5.square()), 16);
  Fp5 ww = x1.dbl() - (mul_small(t5, 4) + t4);
  Fp5 zz = (w1 + z1).square() - (t4 + t5);
  const Fp5 b4_minus_4 = mul_small(mul_b(Fp5::one()), 4) - Fp5::from_fp(Fp(4));
  for (unsigned i = 2; i < n; ++i) {
    const Fp5 s1 = zz.square();
    const Fp5 s2 = s1.square();
    const Fp5 s3 = ww.square();
    const Fp5 s4 = s3.square();
    const Fp5 s5 = (ww + zz).square() - (s1 + s3);
    zz = s5 * ((xx + s1).dbl() - s3);
    xx = mul_small(mul_b(s2 * s4), 16);
    ww = -(s4 + s2 * b4_minus_4);
  }
  const Fp5 s1 = ww.square();
  const Fp5 s2 = zz.square();
  const Fp5 s3 = (ww + zz).square() - (s1 + s2);
  const Fp5 w2 = s1 - (xx + s2).dbl();
  const Fp5 nz = w2.square();
  return Point{mul_b(s3.square()), nz, s3 * w2, s1.dbl() * (s1 - s2.dbl()) - nz};
}

void batch_to_affine(std::span<const Point> src, std::span<AffinePoint> dst) noexcept {
  const std::size_t n = src.size();
  if (n == 0) return;
  // dst[i].x, dst[i].u hold the running products before z_i and before t_i.
  Fp5 m = src[0].z * src[0].t;
  for (std::size_t i = 1; i < n; ++i) {
    dst[i].x = m;
    m *= src[i].z;
    dst[i].u = m;
    m *= src[i].t;
  }
  m = m.inverse_or_zero();
  for (std::size_t i = n - 1; i > 0; --i) {
    dst[i].u = src[i].u * dst[i].u * m;  // u/t
    m *= src[i].t;
    dst[i].x = src[i].x * dst[i].x * m;  // x/z
    m *= src[i].z;
  }
  dst[0].u = src[0].u * src[0].z * m;
  dst[0].x = src[0].x * src[0].t * m;
}

template <std::size_t N>
void make_window(const Point& p, Window<N>& win) noexcept {
  std::array<Point, N> tmp;
  tmp[0] = p;
  for (std::size_t i = 1; i < N; ++i) tmp[i] = (i & 1) ? tmp[i >> 1].dbl() : tmp[i - 1] + p;
  batch_to_affine(tmp, win);
}

// OR-accumulates every entry under an all-ones/all-zeros mask over its 10 raw words, as
// 4 + 4 + 2 word vectors (AVX2 where available); exactly one entry (none for k = 0) passes.
template <std::size_t N>
AffinePoint lookup(const Window<N>& win, std::int32_t k) noexcept {
  typedef std::uint64_t V4 __attribute__((vector_size(32)));
  typedef std::uint64_t V2 __attribute__((vector_size(16)));
  static_assert(sizeof(AffinePoint) == 10 * sizeof(std::uint64_t));
  const auto sign = static_cast<std::uint32_t>(k >> 31);                    // all-ones iff k < 0
  const std::uint32_t ka = (static_cast<std::uint32_t>(k) ^ sign) - sign;  // |k|
  const V4 k4 = {ka, ka, ka, ka};
  const V2 k2 = {ka, ka};
  V4 i4{};
  V2 i2{};
  V4 a0{}, a1{};
  V2 a2{};
  for (std::size_t i = 0; i < N; ++i) {
    i4 += 1;
    i2 += 1;
    const V4 m4 = reinterpret_cast<V4>(i4 == k4);  // all-ones iff i + 1 == |k|
    const V2 m2 = reinterpret_cast<V2>(i2 == k2);
    const auto* src = reinterpret_cast<const unsigned char*>(&win[i]);
    V4 w0, w1;
    V2 w2;
    std::memcpy(&w0, src, 32);
    std::memcpy(&w1, src + 32, 32);
    std::memcpy(&w2, src + 64, 16);
    a0 |= w0 & m4;
    a1 |= w1 & m4;
    a2 |= w2 & m2;
  }
  AffinePoint r;
  auto* dst = reinterpret_cast<unsigned char*>(&r);
  std::memcpy(dst, &a0, 32);
  std::memcpy(dst + 32, &a1, 32);
  std::memcpy(dst + 64, &a2, 16);
  r.u = select(static_cast<std::uint64_t>(0) - (sign & 1), r.u, -r.u);
  return r;
}

template <std::size_t N>
AffinePoint lookup_vartime(const Window<N>& win, std::int32_t k) noexcept {
  if (k == 0) return AffinePoint{Fp5::zero(), Fp5::zero()};
  if (k > 0) return win[static_cast<std::size_t>(k - 1)];
  AffinePoint r = win[static_cast<std::size_t>(-k - 1)];
  r.set_neg();
  return r;
}

template void make_window<16>(const Point&, Window16&) noexcept;
template void make_window<32>(const Point&, Window32&) noexcept;
template AffinePoint lookup<16>(const Window16&, std::int32_t) noexcept;
template AffinePoint lookup<32>(const Window32&, std::int32_t) noexcept;
template AffinePoint lookup_vartime<16>(const Window16&, std::int32_t) noexcept;
template AffinePoint lookup_vartime<32>(const Window32&, std::int32_t) noexcept;

}  // namespace xtb::crypto::lighter
