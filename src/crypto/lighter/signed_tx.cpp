// signed_tx.cpp — hash, sign, render (see signed_tx.hpp).
#include "crypto/lighter/signed_tx.hpp"

#include "crypto/lighter/buffer_writer.hpp"

namespace xtb::crypto::lighter {
namespace {

template <typename Tx>
bool sign_any(const PrivateKey& key, const TxHeader& h, const Tx& tx, const L2TxAttributes& attrs,
              SignedTx& out, std::span<const std::uint8_t> aux) noexcept {
  if (!attrs.valid_count()) return false;
  out.type = tx_type_of(tx);
  out.hash = tx_hash(h, tx, attrs);
  out.sig = key.sign(out.hash, aux);
  out.tx_info_len = write_tx_info(out.tx_info_buf, h, tx, attrs, out.sig);
  return out.tx_info_len != 0;
}

}  // namespace

void SignedTx::tx_hash_hex(std::span<char, 80> out) const noexcept {
  std::array<std::uint8_t, Fp5::kBytes> b;
  hash.to_bytes(b);
  BufferWriter(out).hex(b);
}

bool sign_tx(const PrivateKey& key, const TxHeader& h, const CreateOrder& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux) noexcept {
  return sign_any(key, h, tx, attrs, out, aux);
}
bool sign_tx(const PrivateKey& key, const TxHeader& h, const CancelOrder& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux) noexcept {
  return sign_any(key, h, tx, attrs, out, aux);
}
bool sign_tx(const PrivateKey& key, const TxHeader& h, const CancelAllOrders& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux) noexcept {
  return sign_any(key, h, tx, attrs, out, aux);
}
bool sign_tx(const PrivateKey& key, const TxHeader& h, const ModifyOrder& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux) noexcept {
  return sign_any(key, h, tx, attrs, out, aux);
}
bool sign_tx(const PrivateKey& key, const TxHeader& h, const ApproveIntegrator& tx, const L2TxAttributes& attrs,
             SignedTx& out, std::span<const std::uint8_t> aux) noexcept {
  return sign_any(key, h, tx, attrs, out, aux);
}

}  // namespace xtb::crypto::lighter
