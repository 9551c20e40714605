// decode_user.cpp — see decode_user.hpp.
#include "venue/binance/decode_user.hpp"

#include "venue/binance/decode_enums.hpp"

namespace xtb::binance::detail {
namespace {

// Descends into the object value `v` and runs `on_field` over its fields.
template <class F>
DecodeStatus nested(od::value& v, F&& on_field) noexcept {
  od::object inner;
  if (auto e = v.get_object().get(inner)) return map_error(e);
  return for_each_field(inner, on_field);
}

// ORDER_TRADE_UPDATE "o" field → OrderText slot.
DecodeStatus order_field(OrderText& t, std::uint64_t k, od::value& v) noexcept {
  switch (k) {
    case "s"_k: return read_text_or_null(v, t.symbol);
    case "c"_k: return read_text_or_null(v, t.client_id);
    case "S"_k: return read_text_or_null(v, t.side);
    case "o"_k: return read_text_or_null(v, t.type);
    case "f"_k: return read_text_or_null(v, t.tif);
    case "q"_k: return read_text_or_null(v, t.qty);
    case "p"_k: return read_text_or_null(v, t.px);
    case "ap"_k: return read_text_or_null(v, t.avg_px);
    case "sp"_k: return read_text_or_null(v, t.stop_px);
    case "x"_k: return read_text_or_null(v, t.exec);
    case "X"_k: return read_text_or_null(v, t.status);
    case "l"_k: return read_text_or_null(v, t.last_qty);
    case "z"_k: return read_text_or_null(v, t.cum_qty);
    case "L"_k: return read_text_or_null(v, t.last_px);
    case "N"_k: return read_text_or_null(v, t.fee_asset);
    case "n"_k: return read_text_or_null(v, t.fee);
    case "rp"_k: return read_text_or_null(v, t.realized);
    case "wt"_k: return read_text_or_null(v, t.working_type);
    case "ps"_k: return read_text_or_null(v, t.position_side);
    case "i"_k: return read_u64(v, t.order_id);
    case "t"_k: return read_u64(v, t.trade_id);
    case "T"_k: return read_i64(v, t.txn_ms);
    case "m"_k: return read_bool(v, t.maker);
    case "R"_k: return read_bool(v, t.reduce_only);
    case "cp"_k: return read_bool(v, t.close_position);
    default: return DecodeStatus::Ok;
  }
}

ExecType algo_exec_type(AlgoStatus s) noexcept {
  switch (s) {
    case AlgoStatus::New: return ExecType::New;
    case AlgoStatus::Canceled: return ExecType::Canceled;
    case AlgoStatus::Expired: return ExecType::Expired;
    default: return ExecType::None;
  }
}

// The fields an order report and an algo-order report convert alike (enums, ids, flags).
// UnknownEnum for an unknown position side (nothing assigned then).
inline DecodeStatus convert_shared_order_fields(const OrderText& t, OrderUpdate& u) noexcept {
  if (!t.position_side.empty() && !parse_position_side(t.position_side, u.position_side))
    return DecodeStatus::UnknownEnum;
  u.type = parse_order_type(t.type);
  u.tif = parse_tif(t.tif);
  u.working_type = parse_working_type(t.working_type);
  assign_id(u.client_id, t.client_id);
  u.venue_order_id = t.order_id;
  u.txn_time_ms = t.txn_ms;
  u.reduce_only = t.reduce_only;
  u.close_position = t.close_position;
  return DecodeStatus::Ok;
}

}  // namespace

DecodeStatus convert_order(Ctx& c, const OrderText& t, OrderUpdate& u, const SymbolRules*& r,
                           std::uint8_t& flags) noexcept {
  if (t.symbol.empty() || t.side.empty() || t.status.empty()) return DecodeStatus::MissingField;
  r = c.rules(t.symbol);
  if (!r) return DecodeStatus::UnknownSymbol;
  if (!parse_side(t.side, u.side) || !parse_order_status(t.status, u.status)) return DecodeStatus::UnknownEnum;
  if (!t.exec.empty() && !parse_exec_type(t.exec, u.exec_type)) return DecodeStatus::UnknownEnum;
  if (const DecodeStatus s = convert_shared_order_fields(t, u); s != DecodeStatus::Ok) return s;
  u.trade_id = t.trade_id;
  u.is_maker = t.maker;
  Conv cv;
  cv.num(t.px, r->price, Rounding::Nearest, u.px, true);
  cv.ref_price(*r, t.stop_px, u.stop_px);
  cv.ref_price(*r, t.avg_px, u.avg_px);
  cv.ref_price(*r, t.last_px, u.last_fill_px);
  cv.qty(*r, t.qty, u.orig_qty, true);
  cv.qty(*r, t.last_qty, u.last_fill_qty, true);
  cv.qty(*r, t.cum_qty, u.cum_qty, true);
  cv.amount(t.fee, u.commission);
  cv.amount(t.realized, u.realized_pnl);
  if (const DecodeStatus s = c.take(cv); s != DecodeStatus::Ok) return s;
  u.commission_asset = t.fee_asset.empty() ? kNoAsset : c.symbols.find_asset(t.fee_asset);
  if (!t.fee_asset.empty() && u.commission_asset == kNoAsset) DecodeStats::bump(c.stats.skipped_unknown_asset);
  flags = client_id_flags(t.client_id);
  if (t.status == "NEW_INSURANCE") flags |= kOrderFlagLiquidation;
  if (t.status == "NEW_ADL") flags |= kOrderFlagAdl;
  return DecodeStatus::Ok;
}

DecodeStatus convert_algo(Ctx& c, const OrderText& t, std::string_view trigger, std::string_view algo_status,
                          std::string_view executed, OrderUpdate& u, const SymbolRules*& r,
                          std::uint8_t& flags) noexcept {
  if (t.symbol.empty() || t.side.empty() || algo_status.empty()) return DecodeStatus::MissingField;
  r = c.rules(t.symbol);
  if (!r) return DecodeStatus::UnknownSymbol;
  AlgoStatus as{};
  if (!parse_side(t.side, u.side) || !parse_algo_status(algo_status, as)) return DecodeStatus::UnknownEnum;
  if (const DecodeStatus s = convert_shared_order_fields(t, u); s != DecodeStatus::Ok) return s;
  Conv cv;
  cv.ref_price(*r, t.px, u.px);
  cv.ref_price(*r, trigger, u.stop_px);
  cv.ref_price(*r, t.avg_px, u.avg_px);
  cv.qty(*r, t.qty, u.orig_qty, true);
  cv.qty(*r, executed, u.cum_qty, true);
  if (const DecodeStatus s = c.take(cv); s != DecodeStatus::Ok) return s;
  flags = kOrderFlagAlgo;
  u.status = algo_order_status(as, u.orig_qty, u.cum_qty, flags);
  u.exec_type = algo_exec_type(as);
  return DecodeStatus::Ok;
}

DecodeStatus decode_order_trade_update(od::object& o, Ctx& c) noexcept {
  OrderText t;
  std::int64_t ev_ms = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "E"_k) return read_i64(v, ev_ms);
    if (k != "o"_k) return DecodeStatus::Ok;
    return nested(v, [&](std::uint64_t ik, std::string_view, od::value& iv) { return order_field(t, ik, iv); });
  });
  if (st != DecodeStatus::Ok) return st;
  OrderUpdate u{};
  const SymbolRules* r = nullptr;
  std::uint8_t flags = 0;
  if (st = convert_order(c, t, u, r, flags); st != DecodeStatus::Ok) return st;
  Event* ev = c.emit(EventType::OrderUpdate, r->id, ev_ms, flags);
  if (!ev) return DecodeStatus::SinkFull;
  ev->order_update = u;
  return DecodeStatus::Ok;
}

DecodeStatus decode_trade_lite(od::object& o, Ctx& c) noexcept {
  OrderText t;
  std::int64_t ev_ms = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "E"_k) return read_i64(v, ev_ms);
    return order_field(t, k, v);  // TRADE_LITE reuses the order-report keys at top level
  });
  if (st != DecodeStatus::Ok) return st;
  if (t.symbol.empty() || t.side.empty()) return DecodeStatus::MissingField;
  const SymbolRules* r = c.rules(t.symbol);
  if (!r) return DecodeStatus::UnknownSymbol;
  OrderUpdate u{};
  if (!parse_side(t.side, u.side)) return DecodeStatus::UnknownEnum;
  assign_id(u.client_id, t.client_id);
  u.venue_order_id = t.order_id;
  u.trade_id = t.trade_id;
  u.txn_time_ms = t.txn_ms;
  u.is_maker = t.maker;
  u.exec_type = ExecType::Trade;
  u.status = OrderStatus::Unknown;  // TRADE_LITE carries no order state
  Conv cv;
  cv.ref_price(*r, t.px, u.px);
  cv.ref_price(*r, t.last_px, u.last_fill_px);
  cv.qty(*r, t.qty, u.orig_qty, true);
  cv.qty(*r, t.last_qty, u.last_fill_qty);
  if (st = c.take(cv); st != DecodeStatus::Ok) return st;
  Event* ev = c.emit(EventType::OrderUpdate, r->id, ev_ms,
                     static_cast<std::uint8_t>(kOrderFlagFillOnly | client_id_flags(t.client_id)));
  if (!ev) return DecodeStatus::SinkFull;
  ev->order_update = u;
  return DecodeStatus::Ok;
}

DecodeStatus decode_algo_update(od::object& o, Ctx& c) noexcept {
  OrderText t;
  std::string_view trigger, algo_status, executed;
  std::int64_t ev_ms = 0;
  auto algo_field = [&](std::uint64_t k, std::string_view, od::value& v) {
    switch (k) {
      case "caid"_k: return read_text_or_null(v, t.client_id);
      case "aid"_k: return read_u64(v, t.order_id);
      case "tp"_k: return read_text_or_null(v, trigger);
      case "X"_k: return read_text_or_null(v, algo_status);
      case "aq"_k: return read_text_or_null(v, executed);
      case "ap"_k: return read_text_or_null(v, t.avg_px);
      case "c"_k: case "x"_k: case "i"_k: case "l"_k: case "L"_k: case "t"_k: case "z"_k:
        return DecodeStatus::Ok;  // not ALGO_UPDATE keys; do not let order_field misread them
      default: return order_field(t, k, v);
    }
  };
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "E"_k) return read_i64(v, ev_ms);
    if (k == "T"_k) return read_i64(v, t.txn_ms);
    if (k != "o"_k) return DecodeStatus::Ok;
    return nested(v, algo_field);
  });
  if (st != DecodeStatus::Ok) return st;
  OrderUpdate u{};
  const SymbolRules* r = nullptr;
  std::uint8_t flags = 0;
  if (st = convert_algo(c, t, trigger, algo_status, executed, u, r, flags); st != DecodeStatus::Ok) return st;
  Event* ev = c.emit(EventType::OrderUpdate, r->id, ev_ms, flags);
  if (!ev) return DecodeStatus::SinkFull;
  ev->order_update = u;
  return DecodeStatus::Ok;
}

DecodeStatus decode_listen_key_expired(od::object& o, Ctx& c) noexcept {
  std::int64_t ev_ms = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    return k == "E"_k ? read_i64(v, ev_ms) : DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok) return st;
  Event* ev = c.emit(EventType::ConnState, kNoSymbol, ev_ms);
  if (!ev) return DecodeStatus::SinkFull;
  ev->conn_state.status = ConnStatus::StreamExpired;
  return DecodeStatus::Ok;
}

// ------------------------------------------------------------------ account updates

AccountUpdate* AccountWriter::chunk(std::uint32_t k) noexcept {
  while (c_.n - first_ <= k)
    if (!c_.emit(EventType::AccountUpdate, kNoSymbol, 0)) return nullptr;
  return &c_.sink.slot(first_ + k)->account_update;
}

AccountUpdate::Position* AccountWriter::next_position() noexcept {
  AccountUpdate* a = chunk(n_pos_ / AccountUpdate::kMaxPositions);
  if (!a) return nullptr;
  ++n_pos_;
  return &a->positions[a->n_positions++];
}

AccountUpdate::Balance* AccountWriter::next_balance() noexcept {
  AccountUpdate* a = chunk(n_bal_ / AccountUpdate::kMaxBalances);
  if (!a) return nullptr;
  ++n_bal_;
  return &a->balances[a->n_balances++];
}

DecodeStatus AccountWriter::finish(EpochMs event_ms, EpochMs txn_ms) noexcept {
  if (!chunk(0)) return DecodeStatus::SinkFull;
  for (std::uint32_t i = first_; i < c_.n; ++i) {
    Event* ev = c_.sink.slot(i);
    ev->h.venue_time_ms = event_ms;
    ev->h.flags = static_cast<std::uint8_t>((i == first_ ? AccountUpdate::kFirstChunk : 0) |
                                            (i + 1 == c_.n ? AccountUpdate::kLastChunk : 0));
    ev->account_update.reason = static_cast<std::uint8_t>(reason_);
    ev->account_update.txn_time_ms = txn_ms;
  }
  return DecodeStatus::Ok;
}

DecodeStatus convert_position(Ctx& c, const PositionText& t, AccountWriter& w) noexcept {
  if (t.symbol.empty()) return DecodeStatus::MissingField;
  const SymbolRules* r = c.rules(t.symbol);
  if (!r) {
    DecodeStats::bump(c.stats.skipped_unknown_symbol);
    return DecodeStatus::Ok;
  }
  AccountUpdate::Position p{};
  p.symbol = r->id;
  if (!t.side.empty() && !parse_position_side(t.side, p.side)) return DecodeStatus::UnknownEnum;
  Conv cv;
  cv.qty(*r, t.amount, p.amount);
  cv.ref_price(*r, t.entry, p.entry_px);
  cv.ref_price(*r, t.break_even, p.break_even_px);
  cv.amount(t.upnl, p.unrealized_pnl);
  if (const DecodeStatus s = c.take(cv); s != DecodeStatus::Ok) return s;
  AccountUpdate::Position* slot = w.next_position();
  if (!slot) return DecodeStatus::SinkFull;
  *slot = p;
  return DecodeStatus::Ok;
}

namespace {

// One position object into the writer's next slot: ACCOUNT_UPDATE "P" rows
// (kEntryPrices: with "ep"/"bep") and MARGIN_CALL "p" rows (without; those fields are
// skipped there). A template and always inlined so each caller keeps its own
// constant-folded field switch, as with the lambdas it replaces.
template <bool kEntryPrices>
[[gnu::always_inline]] inline DecodeStatus decode_position(od::value& item, Ctx& c, AccountWriter& w) noexcept {
  PositionText t;
  const DecodeStatus s = nested(item, [&](std::uint64_t k, std::string_view, od::value& v) {
    switch (k) {
      case "s"_k: return read_text(v, t.symbol);
      case "pa"_k: return read_text(v, t.amount);
      case "ep"_k: return kEntryPrices ? read_text(v, t.entry) : DecodeStatus::Ok;
      case "bep"_k: return kEntryPrices ? read_text(v, t.break_even) : DecodeStatus::Ok;
      case "up"_k: return read_text(v, t.upnl);
      case "ps"_k: return read_text(v, t.side);
      default: return DecodeStatus::Ok;
    }
  });
  return s != DecodeStatus::Ok ? s : convert_position(c, t, w);
}

}  // namespace

DecodeStatus decode_account_update(od::object& o, Ctx& c) noexcept {
  AccountWriter w(c, AccountReason::Unknown);
  std::int64_t ev_ms = 0, txn_ms = 0;
  auto balance = [&](od::value& item) {
    std::string_view asset, wallet, cross, change;
    DecodeStatus s = nested(item, [&](std::uint64_t k, std::string_view, od::value& v) {
      switch (k) {
        case "a"_k: return read_text(v, asset);
        case "wb"_k: return read_text(v, wallet);
        case "cw"_k: return read_text(v, cross);
        case "bc"_k: return read_text(v, change);
        default: return DecodeStatus::Ok;
      }
    });
    if (s != DecodeStatus::Ok) return s;
    const AssetId id = c.symbols.find_asset(asset);
    if (id == kNoAsset) { DecodeStats::bump(c.stats.skipped_unknown_asset); return DecodeStatus::Ok; }
    AccountUpdate::Balance b{};
    b.asset = id;
    Conv cv;
    cv.amount(wallet, b.wallet, false);
    cv.amount(cross, b.cross_wallet);
    cv.amount(change, b.change);
    if (s = c.take(cv); s != DecodeStatus::Ok) return s;
    AccountUpdate::Balance* slot = w.next_balance();
    if (!slot) return DecodeStatus::SinkFull;
    *slot = b;
    return DecodeStatus::Ok;
  };
  auto position = [&](od::value& item) { return decode_position<true>(item, c, w); };
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "E"_k) return read_i64(v, ev_ms);
    if (k == "T"_k) return read_i64(v, txn_ms);
    if (k != "a"_k) return DecodeStatus::Ok;
    return nested(v, [&](std::uint64_t ak, std::string_view, od::value& av) {
      if (ak == "B"_k) return for_each_item(av, balance);
      if (ak == "P"_k) return for_each_item(av, position);
      if (ak != "m"_k) return DecodeStatus::Ok;
      std::string_view m;
      const DecodeStatus s = read_text(av, m);
      w.set_reason(parse_account_reason(m));
      return s;
    });
  });
  if (st != DecodeStatus::Ok) return st;
  return w.finish(ev_ms, txn_ms);
}

DecodeStatus decode_margin_call(od::object& o, Ctx& c) noexcept {
  AccountWriter w(c, AccountReason::MarginCall);
  std::int64_t ev_ms = 0;
  auto position = [&](od::value& item) { return decode_position<false>(item, c, w); };
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "E"_k) return read_i64(v, ev_ms);
    if (k == "p"_k) return for_each_item(v, position);
    return DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok) return st;
  return w.finish(ev_ms, ev_ms);
}

}  // namespace xtb::binance::detail
