// encode_command.cpp — see encode_command.hpp.
#include "venue/binance/encode_command.hpp"

namespace xtb::binance {

OrderEncoder::OrderEncoder(const EncoderConfig& cfg, const HmacSha256Signer& signer,
                           std::span<const EncodeSymbol> symbols) noexcept
    : cfg_(cfg), signer_(signer), symbols_(symbols) {
  if (cfg_.recv_window_ms < 1) cfg_.recv_window_ms = 1;
  if (cfg_.recv_window_ms > kMaxRecvWindowMs) cfg_.recv_window_ms = kMaxRecvWindowMs;
}

EncodeError OrderEncoder::encode(const OrderCommand& cmd, EpochMs ts, RequestBuffer& out) const noexcept {
  const EncodeSymbol* sym = symbol(cmd.symbol);
  switch (cmd.kind) {
    case CommandKind::NewOrder:
      if (sym == nullptr) return EncodeError::UnknownSymbol;
      return sign(write_new_order(cmd, *sym, cfg_.mode, out), ts, out);
    case CommandKind::CancelOrder:
      if (sym == nullptr) return EncodeError::UnknownSymbol;
      return sign(write_cancel_order(cmd, *sym, out), ts, out);
    case CommandKind::AmendOrder:
      if (sym == nullptr) return EncodeError::UnknownSymbol;
      return sign(write_amend_order(cmd, *sym, out), ts, out);
    case CommandKind::QueryOrder:
      if (sym == nullptr) return EncodeError::UnknownSymbol;
      return sign(write_query_order(cmd, *sym, out), ts, out);
    case CommandKind::CancelAll:
      return scoped(Endpoint::CancelAllOrders, cmd.symbol, ts, out);
    case CommandKind::QueryOpenOrders:
      return scoped(Endpoint::OpenOrders, cmd.symbol, ts, out);
    case CommandKind::QueryPositions:
      return scoped(cfg_.position_risk == PositionRiskVersion::V2 ? Endpoint::PositionRiskV2
                                                                  : Endpoint::PositionRiskV3,
                    cmd.symbol, ts, out);
    case CommandKind::None:
      break;
  }
  return EncodeError::UnsupportedCommand;
}

EncodeError OrderEncoder::scoped(Endpoint e, SymbolId id, EpochMs ts, RequestBuffer& out) const noexcept {
  const EncodeSymbol* sym = nullptr;
  if (id != kNoSymbol) {
    sym = symbol(id);
    if (sym == nullptr) return EncodeError::UnknownSymbol;
  }
  return sign(write_symbol_scoped(e, sym, out), ts, out);
}

EncodeError OrderEncoder::encode_batch(std::span<const OrderCommand> cmds, EpochMs ts,
                                       RequestBuffer& out) const noexcept {
  for (const OrderCommand& c : cmds) {
    if (c.kind != CommandKind::NewOrder) return EncodeError::UnsupportedCommand;
  }
  return sign(write_batch_orders(cmds, symbols_, cfg_.mode, out), ts, out);
}

EncodeError OrderEncoder::encode_open_algo_orders(SymbolId symbol, EpochMs ts, RequestBuffer& out) const noexcept {
  return scoped(Endpoint::OpenAlgoOrders, symbol, ts, out);
}

EncodeError OrderEncoder::encode_cancel_all_algo(SymbolId symbol, EpochMs ts, RequestBuffer& out) const noexcept {
  if (symbol == kNoSymbol) return EncodeError::UnknownSymbol;
  return scoped(Endpoint::CancelAllAlgoOrders, symbol, ts, out);
}

RequestCost cost_of(const RequestBuffer& req, bool risk) noexcept {
  RequestCost c;
  c.ip_weight = req.ip_weight();
  c.orders_10s = req.orders_10s();
  c.orders_1m = req.orders_1m();
  const Endpoint e = req.endpoint();
  c.places_order = e == Endpoint::NewOrder || e == Endpoint::NewAlgoOrder || e == Endpoint::BatchOrders ||
                   e == Endpoint::AmendOrder;
  c.risk = risk;
  return c;
}

}  // namespace xtb::binance
