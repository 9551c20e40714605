// scalar.hpp — Scalar, the integers modulo n, the prime order of the ECgFp5 group
// (n = 1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241,
// just below 2^319).
//
// Contract: a Scalar always holds its canonical value in [0, n) as five 64-bit little-endian
// limbs; bytes are the 40-byte little-endian integer. Every operation (add, sub, neg, mul
// by Montgomery, the reductions, select, the signed recoding) is constant time: no branch
// or memory index depends on the value. noexcept, allocation-free, any thread.
// References: T. Pornin, ecgfp5 (https://github.com/pornin/ecgfp5, the group order);
// elliottech/poseidon_crypto curve/ecgfp5/scalar_field.go (N, N0I, R2; FromGfp5 and
// ScalarElementFromLittleEndianBytes reduce modulo n).
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "crypto/lighter/fp5.hpp"

namespace xtb::crypto::lighter {

class Scalar {
 public:
  static constexpr std::size_t kBytes = 40;
  using Limbs = std::array<std::uint64_t, 5>;
  static constexpr Limbs kN = {0xE80FD996948BFFE1ULL, 0xE8885C39D724A09CULL, 0x7FFFFFE6CFB80639ULL,
                               0x7FFFFFF100000016ULL, 0x7FFFFFFD80000007ULL};

  constexpr Scalar() noexcept = default;
  static Scalar zero() noexcept { return Scalar(); }
  static Scalar one() noexcept { return from_u64(1); }
  static Scalar from_u64(std::uint64_t v) noexcept;

  /// Any 320-bit little-endian integer, reduced modulo n (poseidon_crypto's
  /// ScalarElementFromLittleEndianBytes).
  static Scalar from_bytes_reduce(std::span<const std::uint8_t, kBytes> le) noexcept;
  /// A 40-byte big-endian integer reduced modulo n (lighter-go GetScalarFromSeed).
  static Scalar from_be_bytes_reduce(std::span<const std::uint8_t, kBytes> be) noexcept;
  /// Strict parse: false (out unchanged) when the integer is >= n.
  static bool from_bytes_canonical(std::span<const std::uint8_t, kBytes> le, Scalar& out) noexcept;
  /// FromGfp5: the canonical coefficients read as a 320-bit integer c0 + 2^64 c1 + ..., mod n.
  static Scalar from_fp5(const Fp5& x) noexcept;
  /// (a + 2^320 b) mod n for two Fp5 read as by from_fp5: a wide reduction (up to 640 bits).
  static Scalar from_fp5_wide(const Fp5& a, const Fp5& b) noexcept;

  void to_bytes(std::span<std::uint8_t, kBytes> out) const noexcept;
  const Limbs& limbs() const noexcept { return v_; }
  bool is_zero() const noexcept;
  friend bool operator==(const Scalar& a, const Scalar& b) noexcept;

  friend Scalar operator+(const Scalar& a, const Scalar& b) noexcept;
  friend Scalar operator-(const Scalar& a, const Scalar& b) noexcept;
  Scalar operator-() const noexcept { return zero() - *this; }
  friend Scalar operator*(const Scalar& a, const Scalar& b) noexcept;

  /// (a b / 2^320) mod n; a must be canonical (any Scalar is), b any 320-bit value.
  static Scalar monty_mul(const Scalar& a, const Limbs& b) noexcept;
  /// a 2^320 mod n (the Montgomery form: monty_mul(to_monty(a), b) = a b).
  static Scalar to_monty(const Scalar& a) noexcept;
  /// mask = all-ones selects b, 0 selects a.
  static Scalar select(std::uint64_t mask, const Scalar& a, const Scalar& b) noexcept;

  /// Signed base-2^W digits d_i in [-2^(W-1), 2^(W-1)], value = sum d_i 2^(W i), enough
  /// digits to cover 320 bits (W = 5: 64 digits, W = 6: 54). Constant time.
  template <unsigned W>
  std::array<std::int8_t, (320 + W - 1) / W> recode_signed() const noexcept {
    static_assert(W >= 2 && W <= 7);
    constexpr std::uint32_t kHalf = 1U << (W - 1), kMask = (1U << W) - 1;
    std::array<std::int8_t, (320 + W - 1) / W> d{};
    std::uint32_t carry = 0;
    for (unsigned i = 0; i < d.size(); ++i) {
      const unsigned bit = W * i, limb = bit / 64, off = bit % 64;
      std::uint64_t w = limb < 5 ? v_[limb] >> off : 0;
      if (off + W > 64 && limb + 1 < 5) w |= v_[limb + 1] << (64 - off);
      const std::uint32_t v = static_cast<std::uint32_t>(w & kMask) + carry;
      carry = (kHalf - v) >> 31;  // 1 iff v > 2^(W-1)
      d[i] = static_cast<std::int8_t>(static_cast<std::int32_t>(v) - static_cast<std::int32_t>(carry << W));
    }
    return d;  // n < 2^319: the top digit never carries out
  }

 private:
  /// Reduces any value < 2^320 (two conditional subtractions of n).
  static Scalar reduce(const Limbs& x) noexcept;
  Limbs v_{};
};

}  // namespace xtb::crypto::lighter
