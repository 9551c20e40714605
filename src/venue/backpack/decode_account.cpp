// decode_account.cpp — see decode_account.hpp.
#include "venue/backpack/decode_account.hpp"

namespace xtb::backpack::detail {
namespace {

bool map_side(std::string_view s, Side& out) noexcept {
  if (s == "Bid") out = Side::Buy;
  else if (s == "Ask") out = Side::Sell;
  else return false;
  return true;
}

bool map_type(std::string_view s, OrderType& out) noexcept {
  if (s == "LIMIT" || s == "Limit") out = OrderType::Limit;
  else if (s == "MARKET" || s == "Market") out = OrderType::Market;
  else return false;
  return true;
}

bool map_tif(std::string_view s, TimeInForce& out) noexcept {
  if (s == "GTC") out = TimeInForce::GTC;
  else if (s == "IOC") out = TimeInForce::IOC;
  else if (s == "FOK") out = TimeInForce::FOK;
  else return false;
  return true;
}

bool map_exec(std::string_view e, ExecType& out) noexcept {
  struct Entry { std::string_view name; ExecType exec; };
  static constexpr Entry kEvents[] = {
      {"orderAccepted", ExecType::New},      {"orderFill", ExecType::Trade},
      {"orderCancelled", ExecType::Canceled}, {"orderExpired", ExecType::Expired},
      {"orderModified", ExecType::Amendment}, {"triggerPlaced", ExecType::New},
      {"triggerFailed", ExecType::Expired},
  };
  for (const Entry& en : kEvents)
    if (en.name == e) return out = en.exec, true;
  return false;
}

// clientId (u32 number, null or absent) → engine id; sets the foreign flag.
DecodeStatus client_id_of(const Ctx& c, Scalar s, OrderUpdate& u, std::uint8_t& flags) noexcept {
  if (s.null_or_absent()) {
    flags |= kOrderFlagForeignId;
    return DecodeStatus::Ok;
  }
  std::uint64_t v = 0;
  XTB_BP_TRY(u64_of(s, v));
  if (v > 0xFFFF'FFFFull) return DecodeStatus::WrongType;
  const auto cid = static_cast<std::uint32_t>(v);
  const bool ours = c.ids != nullptr ? c.ids->from_venue(cid, u.client_id)
                                     : (format_foreign_client_id(cid, u.client_id), false);
  if (!ours) flags |= kOrderFlagForeignId;
  return DecodeStatus::Ok;
}

// Enum words shared by the WS and REST forms (side, type, tif, status).
DecodeStatus enums_of(Scalar side, Scalar type, Scalar tif, Scalar status, OrderUpdate& u,
                      std::uint8_t& flags) noexcept {
  std::string_view t;
  XTB_BP_TRY(text_of(side, t));
  if (!map_side(t, u.side)) return DecodeStatus::UnknownEnum;
  XTB_BP_TRY(text_of(type, t));
  if (!map_type(t, u.type)) return DecodeStatus::UnknownEnum;
  if (!tif.null_or_absent()) {
    XTB_BP_TRY(text_of(tif, t));
    if (!map_tif(t, u.tif)) return DecodeStatus::UnknownEnum;
  }
  XTB_BP_TRY(text_of(status, t));
  bool trigger = false;
  if (!map_order_status(t, u.status, trigger)) return DecodeStatus::UnknownEnum;
  if (trigger) flags |= kOrderFlagTrigger;
  return DecodeStatus::Ok;
}

DecodeStatus symbol_of(Scalar s, const Ctx& c, SymbolId& sym) noexcept {
  if (!s.present()) return DecodeStatus::MissingField;
  if (s.kind != JsonKind::String) return DecodeStatus::WrongType;
  sym = find_symbol(c, s);
  return sym == kNoSymbol ? DecodeStatus::UnknownSymbol : DecodeStatus::Ok;
}

}  // namespace

bool map_order_status(std::string_view x, OrderStatus& out, bool& trigger) noexcept {
  trigger = false;
  if (x == "New") out = OrderStatus::Open;
  else if (x == "PartiallyFilled") out = OrderStatus::PartiallyFilled;
  else if (x == "Filled") out = OrderStatus::Filled;
  else if (x == "Cancelled") out = OrderStatus::Canceled;
  else if (x == "Expired") out = OrderStatus::Expired;
  else if (x == "TriggerPending" || x == "Triggered") out = OrderStatus::Open, trigger = true;
  else return false;
  return true;
}

DecodeStatus decode_order_update(const FieldMap& fm, std::string_view event, Ctx& c) noexcept {
  SymbolId sym;
  XTB_BP_TRY(symbol_of(fm.get("s"), c, sym));
  const SymbolRules& r = c.symbols.rules(sym);
  OrderUpdate u{};
  std::uint8_t flags = 0;
  if (!map_exec(event, u.exec_type)) return DecodeStatus::Unsupported;
  if (event.starts_with("trigger")) flags |= kOrderFlagTrigger;
  XTB_BP_TRY(enums_of(fm.get("S"), fm.get("o"), fm.get("f"), fm.get("X"), u, flags));
  XTB_BP_TRY(client_id_of(c, fm.get("c"), u, flags));
  XTB_BP_TRY(u64_of(fm.get("i"), u.venue_order_id));
  XTB_BP_TRY(bool_of(fm.get("r"), u.reduce_only));
  XTB_BP_TRY(bool_of(fm.get("m"), u.is_maker));
  XTB_BP_TRY(dec_of(c, fm.get("p"), r.price, Rounding::Exact, u.px, false));
  XTB_BP_TRY(dec_of(c, fm.get("P"), r.price, Rounding::Exact, u.stop_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("L"), r.price, Rounding::Exact, u.last_fill_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("q"), r.qty, Rounding::Exact, u.orig_qty, false));
  XTB_BP_TRY(dec_of(c, fm.get("z"), r.qty, Rounding::Exact, u.cum_qty, false));
  XTB_BP_TRY(dec_of(c, fm.get("l"), r.qty, Rounding::Exact, u.last_fill_qty, false));
  XTB_BP_TRY(dec_of(c, fm.get("n"), kAmountDecimalScale, Rounding::Nearest, u.commission, false));
  if (const Scalar t = fm.get("t"); !t.null_or_absent()) XTB_BP_TRY(u64_of(t, u.trade_id));
  const Scalar fee_asset = fm.get("N");
  u.commission_asset = fee_asset.kind == JsonKind::String ? c.symbols.find_asset(fee_asset.text) : kNoAsset;
  EpochMs venue_ms = 0;
  XTB_BP_TRY(us_to_ms(fm.get("E"), venue_ms));
  XTB_BP_TRY(us_to_ms(fm.get("T"), u.txn_time_ms));
  Event* e = c.next(EventType::OrderUpdate, sym, venue_ms);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->h.flags = flags;
  e->order_update = u;
  return DecodeStatus::Ok;
}

DecodeStatus decode_order_row(const FieldMap& fm, Ctx& c, SymbolId& sym) noexcept {
  XTB_BP_TRY(symbol_of(fm.get("symbol"), c, sym));
  const SymbolRules& r = c.symbols.rules(sym);
  OrderUpdate u{};
  std::uint8_t flags = kOrderFlagRestRow;
  XTB_BP_TRY(enums_of(fm.get("side"), fm.get("orderType"), fm.get("timeInForce"), fm.get("status"), u, flags));
  bool post_only = false;
  XTB_BP_TRY(bool_of(fm.get("postOnly"), post_only));
  if (post_only) u.tif = TimeInForce::PostOnly;
  XTB_BP_TRY(client_id_of(c, fm.get("clientId"), u, flags));
  XTB_BP_TRY(u64_of(fm.get("id"), u.venue_order_id));
  XTB_BP_TRY(bool_of(fm.get("reduceOnly"), u.reduce_only));
  XTB_BP_TRY(dec_of(c, fm.get("price"), r.price, Rounding::Exact, u.px, false));
  XTB_BP_TRY(dec_of(c, fm.get("triggerPrice"), r.price, Rounding::Exact, u.stop_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("quantity"), r.qty, Rounding::Exact, u.orig_qty, false));
  XTB_BP_TRY(dec_of(c, fm.get("executedQuantity"), r.qty, Rounding::Exact, u.cum_qty, false));
  u.commission_asset = kNoAsset;
  if (const Scalar t = fm.get("createdAt"); t.kind == JsonKind::Number) {
    std::uint64_t ms = 0;
    XTB_BP_TRY(u64_of(t, ms));
    u.txn_time_ms = static_cast<EpochMs>(ms);  // ms here; ISO text in history rows is left 0
  }
  Event* e = c.next(EventType::OrderUpdate, sym, u.txn_time_ms);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->h.flags = flags;
  e->order_update = u;
  return DecodeStatus::Ok;
}

DecodeStatus decode_position_row(const FieldMap& fm, Ctx& c, AccountUpdate::Position& pos) noexcept {
  XTB_BP_TRY(symbol_of(fm.get("symbol"), c, pos.symbol));
  const SymbolRules& r = c.symbols.rules(pos.symbol);
  pos.side = PositionSide::Both;
  XTB_BP_TRY(dec_of(c, fm.get("netQuantity"), r.qty, Rounding::Exact, pos.amount, true));
  XTB_BP_TRY(dec_of(c, fm.get("entryPrice"), r.price, Rounding::Nearest, pos.entry_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("breakEvenPrice"), r.price, Rounding::Nearest, pos.break_even_px, false));
  return dec_of(c, fm.get("pnlUnrealized"), kAmountDecimalScale, Rounding::Nearest, pos.unrealized_pnl, false);
}

DecodeStatus decode_position_update(const FieldMap& fm, std::string_view event, Ctx& c) noexcept {
  AccountUpdate a{};
  if (event == "positionOpened") a.reason = static_cast<std::uint8_t>(AccountReason::PositionOpened);
  else if (event == "positionAdjusted") a.reason = static_cast<std::uint8_t>(AccountReason::PositionAdjusted);
  else if (event == "positionClosed") a.reason = static_cast<std::uint8_t>(AccountReason::PositionClosed);
  else return DecodeStatus::Unsupported;
  AccountUpdate::Position& p = a.positions[0];
  XTB_BP_TRY(symbol_of(fm.get("s"), c, p.symbol));
  const SymbolRules& r = c.symbols.rules(p.symbol);
  p.side = PositionSide::Both;
  XTB_BP_TRY(dec_of(c, fm.get("q"), r.qty, Rounding::Exact, p.amount, true));
  XTB_BP_TRY(dec_of(c, fm.get("B"), r.price, Rounding::Nearest, p.entry_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("b"), r.price, Rounding::Nearest, p.break_even_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("P"), kAmountDecimalScale, Rounding::Nearest, p.unrealized_pnl, false));
  a.n_positions = 1;
  EpochMs venue_ms = 0;
  XTB_BP_TRY(us_to_ms(fm.get("E"), venue_ms));
  XTB_BP_TRY(us_to_ms(fm.get("T"), a.txn_time_ms));
  Event* e = c.next(EventType::AccountUpdate, p.symbol, venue_ms);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->h.flags = AccountUpdate::kFirstChunk | AccountUpdate::kLastChunk;
  e->account_update = a;
  return DecodeStatus::Ok;
}

}  // namespace xtb::backpack::detail
