// scalar_mul.cpp — windowed and fixed-base scalar multiplication (see scalar_mul.hpp).
#include "crypto/lighter/scalar_mul.hpp"

namespace xtb::crypto::lighter {
namespace {

constexpr unsigned kWindowBits = 5;  // variable base: 16-point window, 64 digits
constexpr unsigned kDigits = 64;
constexpr unsigned kGenBits = 6;     // generator: 32-point rows, 54 digits
constexpr unsigned kGenDigits = 54;

/// rows[i][j] = (j + 1) 64^i G (138 KiB).
struct GeneratorTable {
  std::array<Window32, kGenDigits> rows;
  GeneratorTable() noexcept {
    Point base = Point::generator();
    for (unsigned i = 0; i < kGenDigits; ++i) {
      make_window(base, rows[i]);
      base = base.mdouble(kGenBits);  // 64^(i+1) G
    }
  }
};

const GeneratorTable& generator_table() noexcept {
  static const GeneratorTable table;  // static storage, built once (thread-safe)
  return table;
}

}  // namespace

Point mul(const Point& p, const Scalar& s) noexcept {
  Window16 win;
  make_window(p, win);
  const auto digits = s.recode_signed<kWindowBits>();
  Point q = Point::from_affine(lookup(win, digits[kDigits - 1]));
  for (int i = static_cast<int>(kDigits) - 2; i >= 0; --i) {
    q = q.mdouble(kWindowBits);
    q = q.add_affine(lookup(win, digits[static_cast<std::size_t>(i)]));
  }
  return q;
}

Point mul_generator(const Scalar& s) noexcept {
  const GeneratorTable& t = generator_table();
  const auto digits = s.recode_signed<kGenBits>();
  Point q = Point::from_affine(lookup(t.rows[0], digits[0]));
  for (std::size_t i = 1; i < kGenDigits; ++i) q = q.add_affine(lookup(t.rows[i], digits[i]));
  return q;
}

Point mul_add_vartime(const Scalar& s, const Point& p, const Scalar& e) noexcept {
  const GeneratorTable& t = generator_table();
  Window16 win;
  make_window(p, win);
  const auto ds = s.recode_signed<kGenBits>();
  const auto de = e.recode_signed<kWindowBits>();
  Point q = Point::from_affine(lookup_vartime(win, de[kDigits - 1]));
  for (int i = static_cast<int>(kDigits) - 2; i >= 0; --i) {
    q = q.mdouble(kWindowBits);
    if (de[static_cast<std::size_t>(i)] != 0) q = q.add_affine(lookup_vartime(win, de[static_cast<std::size_t>(i)]));
  }
  for (std::size_t i = 0; i < kGenDigits; ++i) {
    if (ds[i] != 0) q = q.add_affine(lookup_vartime(t.rows[i], ds[i]));
  }
  return q;
}

void warm_up_generator_table() noexcept { (void)generator_table(); }

}  // namespace xtb::crypto::lighter
