// signed_tx.hpp — sign_tx: one Lighter L2 transaction hashed, signed and rendered as
// tx_info, end to end, into preallocated bytes.
//
// SignedTx is a fixed-size value (hash, signature, tx_info in an inline buffer): signing an
// order template is sign_tx(key, header, order, attrs, out) with the fields already in place,
// no allocation. The nonce is PrivateKey's deterministic nonce (optionally hedged by aux).
// Contract: noexcept; returns false only if tx_info would not fit (it always does) or the
// attributes are more than 4. Any thread (PrivateKey is immutable); `out` is the caller's.
// tx_hash_hex gives the 40-byte hash in lowercase hex: the venue's "tx_hash" of the tx.
// Reference: lighter-go types/tx_request.go Construct*Tx (Validate, Hash, key.Sign, Sig).
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/lighter/private_key.hpp"
#include "crypto/lighter/tx.hpp"
#include "crypto/lighter/tx_info.hpp"

namespace xtb::crypto::lighter {

struct SignedTx {
  TxType type{};
  Fp5 hash;
  Signature sig;
  std::array<char, kTxInfoMaxBytes> tx_info_buf;
  std::size_t tx_info_len = 0;

  std::string_view tx_info() const noexcept { return {tx_info_buf.data(), tx_info_len}; }
  /// 80 lowercase hex digits of the 40-byte little-endian hash.
  void tx_hash_hex(std::span<char, 80> out) const noexcept;
};

bool sign_tx(const PrivateKey& key, const TxHeader& h, const CreateOrder& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux = {}) noexcept;
bool sign_tx(const PrivateKey& key, const TxHeader& h, const CancelOrder& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux = {}) noexcept;
bool sign_tx(const PrivateKey& key, const TxHeader& h, const CancelAllOrders& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux = {}) noexcept;
bool sign_tx(const PrivateKey& key, const TxHeader& h, const ModifyOrder& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux = {}) noexcept;
bool sign_tx(const PrivateKey& key, const TxHeader& h, const ApproveIntegrator& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux = {}) noexcept;

}  // namespace xtb::crypto::lighter
