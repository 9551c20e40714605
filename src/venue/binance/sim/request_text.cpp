// request_text.cpp — see request_text.hpp.
#include "venue/binance/sim/request_text.hpp"

#include <charconv>

namespace xtb::sim::binance_usdm {

bool RequestText::new_order(const OrderCommand& c, const SymbolTable& symbols, bool hedge) noexcept {
  const SymbolRules* r = symbols.try_rules(c.symbol);
  if (c.kind != CommandKind::NewOrder || r == nullptr) return false;
  order_ = NewOrderRequest{};
  order_.symbol = symbols.name(c.symbol);
  order_.side = to_text(c.side);
  if (hedge) order_.position_side = to_text(c.position_side);
  const bool close = (c.flags & OrderCommand::kClosePosition) != 0;
  switch (c.type) {
    case OrderType::Limit:
      order_.type = "LIMIT";
      order_.time_in_force = to_text(c.tif);
      order_.price = std::string_view(px_, format_price(*r, c.px, px_, sizeof px_));
      break;
    case OrderType::Market: order_.type = "MARKET"; break;
    case OrderType::StopMarket:
    case OrderType::TakeProfitMarket:
      order_.type = to_text(c.type);
      order_.stop_price = std::string_view(stop_, format_price(*r, c.stop_px, stop_, sizeof stop_));
      if (c.working_type == WorkingType::MarkPrice) order_.working_type = "MARK_PRICE";
      break;
    default: return false;
  }
  if (close) order_.close_position = "true";
  else order_.quantity = std::string_view(qty_, format_qty(*r, c.qty, qty_, sizeof qty_));
  if (!hedge && !close && (c.flags & OrderCommand::kReduceOnly)) order_.reduce_only = "true";
  cid_ = c.client_id;
  if (!cid_.empty()) order_.new_client_order_id = cid_.view();
  return true;
}

bool RequestText::algo_order(const OrderCommand& c, const SymbolTable& symbols, bool hedge) noexcept {
  if (c.type != OrderType::StopMarket && c.type != OrderType::TakeProfitMarket) return false;
  if (!new_order(c, symbols, hedge)) return false;
  algo_ = AlgoOrderRequest{};
  algo_.algo_type = "CONDITIONAL";
  algo_.symbol = order_.symbol;
  algo_.side = order_.side;
  algo_.position_side = order_.position_side;
  algo_.type = order_.type;
  algo_.quantity = order_.quantity;
  algo_.trigger_price = order_.stop_price;
  algo_.working_type = order_.working_type;
  algo_.close_position = order_.close_position;
  algo_.reduce_only = order_.reduce_only;
  algo_.client_algo_id = order_.new_client_order_id;
  return true;
}

bool RequestText::cancel(const OrderCommand& c, const SymbolTable& symbols) noexcept {
  if (symbols.try_rules(c.symbol) == nullptr) return false;
  cancel_ = CancelRequest{};
  cancel_.symbol = symbols.name(c.symbol);
  if (c.venue_order_id != 0) {
    const auto res = std::to_chars(id_, id_ + sizeof id_, c.venue_order_id);
    cancel_.order_id = std::string_view(id_, static_cast<std::size_t>(res.ptr - id_));
    return true;
  }
  if (c.client_id.empty()) return false;
  cid_ = c.client_id;
  cancel_.orig_client_order_id = cid_.view();
  return true;
}

}  // namespace xtb::sim::binance_usdm
