// tx_info.hpp — the "tx_info" JSON of a signed Lighter L2 transaction (the form field of
// POST /api/v1/sendTx and the "tx_info" object of WS "jsonapi/sendtx").
//
// The JSON is what Go's encoding/json prints for lighter-go's tx structs: fields in struct
// order, integers in decimal, "Sig" = base64 of s||e (80 bytes), no spaces, and
// "L2TxAttributes" = null when no attribute is present, else {"<type>":value,...} in
// ascending type. E.g. create order:
//   {"AccountIndex":..,"ApiKeyIndex":..,"MarketIndex":..,"ClientOrderIndex":..,"BaseAmount":..,
//    "Price":..,"IsAsk":..,"Type":..,"TimeInForce":..,"ReduceOnly":..,"TriggerPrice":..,
//    "OrderExpiry":..,"ExpiredAt":..,"Nonce":..,"Sig":"..","L2TxAttributes":..}
// approve integrator also carries "L1Sig":"" (xtb does not produce the L1 signature).
// Contract: writes into the caller's buffer (kTxInfoMaxBytes always suffices); returns the
// length, or 0 if the buffer is too small. noexcept, allocation-free, any thread.
// Reference: https://github.com/elliottech/lighter-go types/txtypes/*.go (struct field order,
// getTxInfo = json.Marshal); exact outputs pinned by nautilus_trader's signing_tx_oracle.json.
#pragma once
#include <cstddef>
#include <span>

#include "crypto/lighter/schnorr.hpp"
#include "crypto/lighter/tx.hpp"

namespace xtb::crypto::lighter {

inline constexpr std::size_t kTxInfoMaxBytes = 1024;

std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const CreateOrder& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept;
std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const CancelOrder& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept;
std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const CancelAllOrders& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept;
std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const ModifyOrder& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept;
std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const ApproveIntegrator& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept;

}  // namespace xtb::crypto::lighter
