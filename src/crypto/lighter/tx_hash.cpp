// tx_hash.cpp — Poseidon2 hashes of Lighter L2 transactions (see tx.hpp).
#include <array>

#include "crypto/lighter/poseidon2.hpp"
#include "crypto/lighter/tx.hpp"

namespace xtb::crypto::lighter {
namespace {

/// Go's GoldilocksField(x) for any integer type: the two's-complement word.
template <typename T>
constexpr Fp el(T v) noexcept {
  return Fp(static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
}
constexpr Fp el(std::uint32_t v) noexcept { return Fp(v); }
constexpr Fp el(std::uint8_t v) noexcept { return Fp(v); }

template <std::size_t N>
Fp5 finish(const TxHeader& h, TxType type, const std::array<Fp, N>& body, const L2TxAttributes& attrs) noexcept {
  std::array<Fp, 6 + N> e;
  e[0] = el(h.chain_id);
  e[1] = el(static_cast<std::uint8_t>(type));
  e[2] = el(h.nonce);
  e[3] = el(h.expired_at);
  e[4] = el(h.account_index);
  e[5] = el(h.api_key_index);
  for (std::size_t i = 0; i < N; ++i) e[6 + i] = body[i];
  return attrs.aggregate(poseidon2::hash_to_quintic(e));
}

}  // namespace

Fp5 tx_hash(const TxHeader& h, const CreateOrder& tx, const L2TxAttributes& attrs) noexcept {
  const std::array<Fp, 10> body{el(tx.market_index), el(tx.client_order_index), el(tx.base_amount),
                                el(tx.price),        el(tx.is_ask),             el(tx.type),
                                el(tx.time_in_force), el(tx.reduce_only),       el(tx.trigger_price),
                                el(tx.order_expiry)};
  return finish(h, TxType::CreateOrder, body, attrs);
}

Fp5 tx_hash(const TxHeader& h, const CancelOrder& tx, const L2TxAttributes& attrs) noexcept {
  const std::array<Fp, 2> body{el(tx.market_index), el(tx.index)};
  return finish(h, TxType::CancelOrder, body, attrs);
}

Fp5 tx_hash(const TxHeader& h, const CancelAllOrders& tx, const L2TxAttributes& attrs) noexcept {
  const std::array<Fp, 2> body{el(tx.time_in_force), el(tx.time)};
  return finish(h, TxType::CancelAllOrders, body, attrs);
}

Fp5 tx_hash(const TxHeader& h, const ModifyOrder& tx, const L2TxAttributes& attrs) noexcept {
  const std::array<Fp, 5> body{el(tx.market_index), el(tx.index), el(tx.base_amount), el(tx.price),
                               el(tx.trigger_price)};
  return finish(h, TxType::ModifyOrder, body, attrs);
}

Fp5 tx_hash(const TxHeader& h, const ApproveIntegrator& tx, const L2TxAttributes& attrs) noexcept {
  const std::array<Fp, 6> body{el(tx.integrator_account_index), el(tx.max_perps_taker_fee),
                               el(tx.max_perps_maker_fee),      el(tx.max_spot_taker_fee),
                               el(tx.max_spot_maker_fee),       el(tx.approval_expiry)};
  return finish(h, TxType::ApproveIntegrator, body, attrs);
}

}  // namespace xtb::crypto::lighter
