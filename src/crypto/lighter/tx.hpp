// tx.hpp — the Lighter L2 transactions xtb signs, and their Poseidon2 hashes.
//
// Every hash is HashToQuinticExtension over Goldilocks elements (each integer cast to uint64,
// signed ones sign-extended, as Go's GoldilocksField(x) does), starting with the header
// [chainId, txType, nonce, expiredAt, accountIndex, apiKeyIndex], then the body fields in the
// order below, then L2TxAttributes::aggregate. Chain id 304 = mainnet, 300 = testnet.
//   create order (14): marketIndex, clientOrderIndex, baseAmount, price, isAsk, type,
//                      timeInForce, reduceOnly, triggerPrice, orderExpiry
//   cancel order (15): marketIndex, index
//   cancel all (16):   timeInForce, time
//   modify order (17): marketIndex, index, baseAmount, price, triggerPrice
//   approve integrator (45): integratorAccountIndex, maxPerpsTakerFee, maxPerpsMakerFee,
//                      maxSpotTakerFee, maxSpotMakerFee, approvalExpiry
// Units: prices and sizes are the venue's integers (scaled by the market's price/size
// decimals); expiries and ExpiredAt are Unix milliseconds; Nonce is the API key's counter.
// No range validation happens here (the venue's Validate rules are in docs/lighter-signing.md).
// Contract: plain value types and pure functions; noexcept, allocation-free, any thread.
// Reference: https://github.com/elliottech/lighter-go types/txtypes/{create_order,cancel_order,
// cancel_all_orders,modify_order,approve_integrator,constants}.go (Hash methods, @17f2d60e).
#pragma once
#include <cstdint>

#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/tx_attributes.hpp"

namespace xtb::crypto::lighter {

enum class TxType : std::uint8_t {
  CreateOrder = 14,
  CancelOrder = 15,
  CancelAllOrders = 16,
  ModifyOrder = 17,
  ApproveIntegrator = 45,
};

inline constexpr std::uint32_t kChainIdMainnet = 304;
inline constexpr std::uint32_t kChainIdTestnet = 300;

struct TxHeader {
  std::uint32_t chain_id = kChainIdMainnet;
  std::int64_t nonce = 0;
  std::int64_t expired_at = 0;  // Unix ms
  std::int64_t account_index = 0;
  std::uint8_t api_key_index = 0;
};

struct CreateOrder {
  std::int16_t market_index = 0;
  std::int64_t client_order_index = 0;  // 0 = none, else 1 .. 2^48 - 1
  std::int64_t base_amount = 0;
  std::uint32_t price = 0;
  std::uint8_t is_ask = 0;
  std::uint8_t type = 0;           // 0 limit, 1 market, 2 SL, 3 SL limit, 4 TP, 5 TP limit, 6 TWAP
  std::uint8_t time_in_force = 0;  // 0 IOC, 1 GTT, 2 post-only
  std::uint8_t reduce_only = 0;
  std::uint32_t trigger_price = 0;
  std::int64_t order_expiry = 0;  // Unix ms, 0 = none
};

struct CancelOrder {
  std::int16_t market_index = 0;
  std::int64_t index = 0;  // order index or client order index
};

struct CancelAllOrders {
  std::uint8_t time_in_force = 0;  // 0 immediate, 1 scheduled, 2 abort scheduled
  std::int64_t time = 0;           // Unix ms for scheduled, else 0
};

struct ModifyOrder {
  std::int16_t market_index = 0;
  std::int64_t index = 0;
  std::int64_t base_amount = 0;
  std::uint32_t price = 0;
  std::uint32_t trigger_price = 0;
};

struct ApproveIntegrator {
  std::int64_t integrator_account_index = 0;
  std::uint32_t max_perps_taker_fee = 0;
  std::uint32_t max_perps_maker_fee = 0;
  std::uint32_t max_spot_taker_fee = 0;
  std::uint32_t max_spot_maker_fee = 0;
  std::int64_t approval_expiry = 0;  // Unix ms
};

constexpr TxType tx_type_of(const CreateOrder&) noexcept { return TxType::CreateOrder; }
constexpr TxType tx_type_of(const CancelOrder&) noexcept { return TxType::CancelOrder; }
constexpr TxType tx_type_of(const CancelAllOrders&) noexcept { return TxType::CancelAllOrders; }
constexpr TxType tx_type_of(const ModifyOrder&) noexcept { return TxType::ModifyOrder; }
constexpr TxType tx_type_of(const ApproveIntegrator&) noexcept { return TxType::ApproveIntegrator; }

/// The hash that is signed (already aggregated with the attributes).
Fp5 tx_hash(const TxHeader& h, const CreateOrder& tx, const L2TxAttributes& attrs) noexcept;
Fp5 tx_hash(const TxHeader& h, const CancelOrder& tx, const L2TxAttributes& attrs) noexcept;
Fp5 tx_hash(const TxHeader& h, const CancelAllOrders& tx, const L2TxAttributes& attrs) noexcept;
Fp5 tx_hash(const TxHeader& h, const ModifyOrder& tx, const L2TxAttributes& attrs) noexcept;
Fp5 tx_hash(const TxHeader& h, const ApproveIntegrator& tx, const L2TxAttributes& attrs) noexcept;

}  // namespace xtb::crypto::lighter
