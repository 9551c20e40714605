// encode_order.cpp — see encode_order.hpp; the parameter rules live in encode_fields.hpp.
#include "venue/binance/encode_order.hpp"

#include "venue/binance/encode_fields.hpp"

namespace xtb::binance {

using encode_detail::FormSink;
using encode_detail::is_conditional;

EncodeError write_new_order(const OrderCommand& c, const EncodeSymbol& sym, PositionMode mode,
                            RequestBuffer& out) noexcept {
  const bool algo = is_conditional(c.type);
  ParamWriter w = out.begin(algo ? Endpoint::NewAlgoOrder : Endpoint::NewOrder);
  FormSink s{w};
  const EncodeError e = algo ? encode_detail::emit_algo_order(s, c, sym, mode) : encode_detail::emit_regular_order(s, c, sym, mode);
  return e != EncodeError::Ok ? e : out.commit(w);
}

EncodeError write_cancel_order(const OrderCommand& c, const EncodeSymbol& sym, RequestBuffer& out) noexcept {
  const bool algo = is_conditional(c.type);
  ParamWriter w = out.begin(algo ? Endpoint::CancelAlgoOrder : Endpoint::CancelOrder);
  FormSink s{w};
  if (!algo) s.text("symbol", sym.name);
  const EncodeError e = encode_detail::emit_order_ref(s, c, algo);
  return e != EncodeError::Ok ? e : out.commit(w);
}

EncodeError write_amend_order(const OrderCommand& c, const EncodeSymbol& sym, RequestBuffer& out) noexcept {
  if (c.type != OrderType::Limit) return EncodeError::UnsupportedOrderType;
  if (c.side != Side::Buy && c.side != Side::Sell) return EncodeError::InvalidSide;
  if (c.qty <= 0) return EncodeError::MissingQuantity;
  if (c.px <= 0) return EncodeError::MissingPrice;
  ParamWriter w = out.begin(Endpoint::AmendOrder);
  FormSink s{w};
  s.text("symbol", sym.name);
  s.text("side", encode_detail::side_text(c.side));
  if (const EncodeError e = encode_detail::emit_order_ref(s, c, false); e != EncodeError::Ok) return e;
  if (!s.decimal("quantity", c.qty, sym.step) || !s.decimal("price", c.px, sym.tick)) {
    return EncodeError::DecimalOverflow;
  }
  return out.commit(w);
}

EncodeError write_query_order(const OrderCommand& c, const EncodeSymbol& sym, RequestBuffer& out) noexcept {
  const bool algo = is_conditional(c.type);
  ParamWriter w = out.begin(algo ? Endpoint::QueryAlgoOrder : Endpoint::QueryOrder);
  FormSink s{w};
  if (!algo) s.text("symbol", sym.name);
  const EncodeError e = encode_detail::emit_order_ref(s, c, algo);
  return e != EncodeError::Ok ? e : out.commit(w);
}

EncodeError write_batch_orders(std::span<const OrderCommand> orders, std::span<const EncodeSymbol> symbols,
                               PositionMode mode, RequestBuffer& out) noexcept {
  if (orders.empty()) return EncodeError::BatchEmpty;
  if (orders.size() > kMaxBatchOrders) return EncodeError::BatchTooLarge;
  ParamWriter w = out.begin(Endpoint::BatchOrders);
  w.key("batchOrders");
  w.put("%5B");
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const OrderCommand& c = orders[i];
    if (is_conditional(c.type) || (c.flags & OrderCommand::kClosePosition)) return EncodeError::BatchConditional;
    const EncodeSymbol* sym = find_symbol(symbols.data(), symbols.size(), c.symbol);
    if (sym == nullptr) return EncodeError::UnknownSymbol;
    if (i != 0) w.put("%2C");
    encode_detail::JsonSink j{w};
    j.open();
    if (const EncodeError e = encode_detail::emit_regular_order(j, c, *sym, mode); e != EncodeError::Ok) return e;
    j.close();
  }
  w.put("%5D");
  return out.commit(w);
}

}  // namespace xtb::binance
