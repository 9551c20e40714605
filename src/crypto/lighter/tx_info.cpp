// tx_info.cpp — tx_info JSON in Go's field order (see tx_info.hpp).
#include "crypto/lighter/tx_info.hpp"

#include "crypto/lighter/buffer_writer.hpp"

namespace xtb::crypto::lighter {
namespace {

void head(BufferWriter& w, const TxHeader& h) noexcept {
  w.text("{\"AccountIndex\":").integer(h.account_index);
  w.text(",\"ApiKeyIndex\":").integer(static_cast<unsigned>(h.api_key_index));
}

void tail(BufferWriter& w, const TxHeader& h, const Signature& sig, const L2TxAttributes& attrs,
          bool l1_sig) noexcept {
  w.text(",\"ExpiredAt\":").integer(h.expired_at);
  w.text(",\"Nonce\":").integer(h.nonce);
  const auto bytes = sig.bytes();
  w.text(",\"Sig\":\"").base64(bytes).text("\"");
  if (l1_sig) w.text(",\"L1Sig\":\"\"");
  w.text(",\"L2TxAttributes\":");
  if (attrs.none_present()) {
    w.text("null}");
    return;
  }
  char sep = '{';
  for (unsigned t = 1; t <= L2TxAttributes::kMaxType; ++t) {
    const auto type = static_cast<AttributeType>(t);
    if (!attrs.present(type)) continue;
    w.text(std::string_view(&sep, 1)).text("\"").integer(t).text("\":").integer(attrs.value(type));
    sep = ',';
  }
  w.text("}}");
}

std::size_t done(const BufferWriter& w) noexcept { return w.ok() ? w.size() : 0; }

}  // namespace

std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const CreateOrder& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept {
  BufferWriter w(out);
  head(w, h);
  w.text(",\"MarketIndex\":").integer(tx.market_index);
  w.text(",\"ClientOrderIndex\":").integer(tx.client_order_index);
  w.text(",\"BaseAmount\":").integer(tx.base_amount);
  w.text(",\"Price\":").integer(tx.price);
  w.text(",\"IsAsk\":").integer(static_cast<unsigned>(tx.is_ask));
  w.text(",\"Type\":").integer(static_cast<unsigned>(tx.type));
  w.text(",\"TimeInForce\":").integer(static_cast<unsigned>(tx.time_in_force));
  w.text(",\"ReduceOnly\":").integer(static_cast<unsigned>(tx.reduce_only));
  w.text(",\"TriggerPrice\":").integer(tx.trigger_price);
  w.text(",\"OrderExpiry\":").integer(tx.order_expiry);
  tail(w, h, sig, attrs, false);
  return done(w);
}

std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const CancelOrder& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept {
  BufferWriter w(out);
  head(w, h);
  w.text(",\"MarketIndex\":").integer(tx.market_index);
  w.text(",\"Index\":").integer(tx.index);
  tail(w, h, sig, attrs, false);
  return done(w);
}

std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const CancelAllOrders& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept {
  BufferWriter w(out);
  head(w, h);
  w.text(",\"TimeInForce\":").integer(static_cast<unsigned>(tx.time_in_force));
  w.text(",\"Time\":").integer(tx.time);
  tail(w, h, sig, attrs, false);
  return done(w);
}

std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const ModifyOrder& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept {
  BufferWriter w(out);
  head(w, h);
  w.text(",\"MarketIndex\":").integer(tx.market_index);
  w.text(",\"Index\":").integer(tx.index);
  w.text(",\"BaseAmount\":").integer(tx.base_amount);
  w.text(",\"Price\":").integer(tx.price);
  w.text(",\"TriggerPrice\":").integer(tx.trigger_price);
  tail(w, h, sig, attrs, false);
  return done(w);
}

std::size_t write_tx_info(std::span<char> out, const TxHeader& h, const ApproveIntegrator& tx,
                          const L2TxAttributes& attrs, const Signature& sig) noexcept {
  BufferWriter w(out);
  head(w, h);
  w.text(",\"IntegratorAccountIndex\":").integer(tx.integrator_account_index);
  w.text(",\"MaxPerpsTakerFee\":").integer(tx.max_perps_taker_fee);
  w.text(",\"MaxPerpsMakerFee\":").integer(tx.max_perps_maker_fee);
  w.text(",\"MaxSpotTakerFee\":").integer(tx.max_spot_taker_fee);
  w.text(",\"MaxSpotMakerFee\":").integer(tx.max_spot_maker_fee);
  w.text(",\"ApprovalExpiry\":").integer(tx.approval_expiry);
  tail(w, h, sig, attrs, true);
  return done(w);
}

}  // namespace xtb::crypto::lighter
