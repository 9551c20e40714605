// tx_attributes.cpp — see tx_attributes.hpp.
#include "crypto/lighter/tx_attributes.hpp"

#include "crypto/lighter/poseidon2.hpp"

namespace xtb::crypto::lighter {

L2TxAttributes& L2TxAttributes::set(AttributeType type, std::int64_t value) noexcept {
  const auto t = static_cast<unsigned>(type);
  value_[t] = value;
  present_ |= 1U << t;
  return *this;
}

bool L2TxAttributes::is_empty() const noexcept {
  for (unsigned t = 1; t <= kMaxType; ++t) {
    const auto type = static_cast<AttributeType>(t);
    if (present(type) && value_[t] != nil_value(type)) return false;
  }
  return true;
}

bool L2TxAttributes::valid_count() const noexcept { return __builtin_popcount(present_) <= static_cast<int>(kMaxPerTx); }

Fp5 L2TxAttributes::hash() const noexcept {
  std::array<Fp, 2 * kMaxPerTx> elems{};  // padding pairs are (0, 0)
  unsigned n = 0;
  for (unsigned t = 1; t <= kMaxType && n < kMaxPerTx; ++t) {
    const auto type = static_cast<AttributeType>(t);
    if (!present(type) || value_[t] == nil_value(type)) continue;
    elems[2 * n] = Fp(t);
    elems[2 * n + 1] = Fp(static_cast<std::uint64_t>(value_[t]));
    ++n;
  }
  return poseidon2::hash_to_quintic(elems);
}

Fp5 L2TxAttributes::aggregate(const Fp5& tx_hash) const noexcept {
  if (is_empty()) return tx_hash;
  const Fp5 a = hash();
  const std::array<Fp, 10> combined{tx_hash.c[0], tx_hash.c[1], tx_hash.c[2], tx_hash.c[3], tx_hash.c[4],
                                    a.c[0], a.c[1], a.c[2], a.c[3], a.c[4]};
  return poseidon2::hash_to_quintic(combined);
}

}  // namespace xtb::crypto::lighter
