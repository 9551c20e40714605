// command_request.cpp — see command_request.hpp.
#include "venue/binance/sim/command_request.hpp"

namespace xtb::sim::binance_usdm {
namespace {

// The encoder's texts name GTC for an unset time in force.
TimeInForce sent_tif(TimeInForce t) noexcept { return t == TimeInForce::None ? TimeInForce::GTC : t; }

// The encoder names BUY for anything but SELL, BOTH for anything but LONG / SHORT.
Side sent_side(Side s) noexcept { return s == Side::Sell ? Side::Sell : Side::Buy; }

PositionSide sent_position_side(PositionSide p, bool hedge) noexcept {
  if (!hedge) return PositionSide::Both;
  return p == PositionSide::Long || p == PositionSide::Short ? p : PositionSide::Both;
}

}  // namespace

bool command_order(const OrderCommand& c, const SymbolTable& symbols, bool hedge, SimOrderRequest& q) noexcept {
  if (c.kind != CommandKind::NewOrder || symbols.try_rules(c.symbol) == nullptr) return false;
  q = SimOrderRequest{};
  q.symbol = c.symbol;
  q.side = sent_side(c.side);
  q.position_side = sent_position_side(c.position_side, hedge);
  q.type = c.type;
  switch (c.type) {
    case OrderType::Limit:
      q.tif = sent_tif(c.tif);
      q.px = c.px;
      break;
    case OrderType::Market: break;
    case OrderType::StopMarket:
    case OrderType::TakeProfitMarket:
      q.stop_px = c.stop_px;
      q.working_type = c.working_type == WorkingType::MarkPrice ? WorkingType::MarkPrice : WorkingType::ContractPrice;
      break;
    default: return false;
  }
  const bool close = (c.flags & OrderCommand::kClosePosition) != 0;
  q.close_position = close;
  if (!close) q.qty = c.qty;
  q.reduce_only = !hedge && !close && (c.flags & OrderCommand::kReduceOnly) != 0;
  q.client_id = c.client_id;
  q.client_id_generated = c.client_id.empty();
  return true;
}

bool command_cancel(const OrderCommand& c, const SymbolTable& symbols, SimCancelRequest& q) noexcept {
  if (symbols.try_rules(c.symbol) == nullptr) return false;
  q = SimCancelRequest{};
  q.symbol = c.symbol;
  if (c.venue_order_id != 0) {
    q.by_id = true;
    q.order_id = c.venue_order_id;
    return true;
  }
  if (c.client_id.empty()) return false;
  q.client_id = c.client_id;
  return true;
}

bool command_algo_cancel(const OrderCommand& c, SimAlgoCancelRequest& q) noexcept {
  q = SimAlgoCancelRequest{};
  if (c.venue_order_id != 0) {
    q.by_id = true;
    q.algo_id = c.venue_order_id;
    return true;
  }
  if (c.client_id.empty()) return false;
  q.client_id = c.client_id;
  return true;
}

}  // namespace xtb::sim::binance_usdm
