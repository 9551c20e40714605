// tx_attributes.hpp — L2TxAttributes, the optional per-transaction attributes of Lighter L2
// transactions, and how they enter the signed hash.
//
// Types (lighter-go types/txtypes/tx_attributes.go): 1 integrator account index, 2 integrator
// taker fee, 3 integrator maker fee, 4 skip tx nonce, 5 cancel-all market index, 6 self-trade
// behaviour mode, 7 self-trade equality mode; nil values 0 except type 5 (255 = NilMarketIndex).
// An attribute is "present" when the caller set it (it then appears in tx_info's
// "L2TxAttributes" map even when its value is nil, as the official signer does); it is
// "non-nil" when its value differs from the nil value. If no attribute is non-nil the tx hash
// is used as is; otherwise the signed hash is HashToQuintic(txHash || attrHash) where attrHash =
// HashToQuintic of the (type, value) pairs of the non-nil attributes in ascending type,
// padded with (0, 0) to 4 pairs (AggregateTxHash). At most 4 attributes per tx (NbAttributesPerTx).
// Contract: a plain value type; noexcept, allocation-free, any thread.
// Reference: https://github.com/elliottech/lighter-go types/txtypes/tx_attributes.go, constants.go.
#pragma once
#include <array>
#include <cstdint>

#include "crypto/lighter/fp5.hpp"

namespace xtb::crypto::lighter {

enum class AttributeType : std::uint8_t {
  IntegratorAccountIndex = 1,
  IntegratorTakerFee = 2,
  IntegratorMakerFee = 3,
  SkipTxNonce = 4,
  CancelAllMarketIndex = 5,
  SelfTradeBehaviorMode = 6,
  SelfTradeEqualityMode = 7,
};

class L2TxAttributes {
 public:
  static constexpr unsigned kMaxType = 7;
  static constexpr unsigned kMaxPerTx = 4;

  /// Sets (or overwrites) one attribute; it becomes present.
  L2TxAttributes& set(AttributeType type, std::int64_t value) noexcept;
  bool present(AttributeType type) const noexcept { return (present_ >> static_cast<unsigned>(type)) & 1; }
  std::int64_t value(AttributeType type) const noexcept { return value_[static_cast<unsigned>(type)]; }
  /// No attribute present: tx_info shows "L2TxAttributes":null.
  bool none_present() const noexcept { return present_ == 0; }
  /// Every present attribute holds its nil value: the hash is not aggregated (IsEmpty).
  bool is_empty() const noexcept;
  /// At most 4 attributes present (Validate's ErrTooManyAttributes).
  bool valid_count() const noexcept;

  /// HashToQuintic of the 4 (type, value) pairs (Hash).
  Fp5 hash() const noexcept;
  /// The hash that is signed (AggregateTxHash).
  Fp5 aggregate(const Fp5& tx_hash) const noexcept;

  static std::int64_t nil_value(AttributeType type) noexcept {
    return type == AttributeType::CancelAllMarketIndex ? 255 : 0;
  }

 private:
  std::array<std::int64_t, kMaxType + 1> value_{};
  std::uint32_t present_ = 0;
};

}  // namespace xtb::crypto::lighter
