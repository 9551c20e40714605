// decode_market.cpp — see decode_market.hpp.
#include "venue/binance/decode_market.hpp"

#include "venue/binance/decode_depth.hpp"
#include "venue/binance/decode_enums.hpp"

namespace xtb::binance::detail {
namespace {

// Resolves the `s` field of `o` (rewinding `o`) to rules; UnknownSymbol/MissingField else.
template <class Object>
DecodeStatus symbol_first(Object& o, Ctx& c, const SymbolRules*& r) noexcept {
  std::string_view s;
  if (const DecodeStatus st = peek_text(o, "s", s); st != DecodeStatus::Ok) return st;
  if (s.empty()) return DecodeStatus::MissingField;
  r = c.rules(s);
  return r ? DecodeStatus::Ok : DecodeStatus::UnknownSymbol;
}

// The bookTicker, trade and depthUpdate decoders are templates over the object type:
// od::object (simdjson On-Demand) or RawObject (decode_raw.hpp fast path). Both run the
// same field logic; the readers are overloaded per value type.

template <class Object>
DecodeStatus book_ticker(Object& o, Ctx& c) noexcept {
  std::string_view s, b, bq, a, aq;
  std::uint64_t u = 0;
  std::int64_t ev_ms = 0, txn_ms = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, auto& v) {
    switch (k) {
      case "e"_k: return c.check_event(v);
      case "s"_k: return read_text(v, s);
      case "b"_k: return read_text(v, b);
      case "B"_k: return read_text(v, bq);
      case "a"_k: return read_text(v, a);
      case "A"_k: return read_text(v, aq);
      case "u"_k: return read_u64(v, u);
      case "E"_k: return read_i64(v, ev_ms);
      case "T"_k: return read_i64(v, txn_ms);
      default: return DecodeStatus::Ok;
    }
  });
  if (st != DecodeStatus::Ok) return st;
  if (s.empty()) return DecodeStatus::MissingField;
  const SymbolRules* r = c.rules(s);
  if (!r) return DecodeStatus::UnknownSymbol;
  BestBidOffer bt{};
  Conv cv;
  cv.price(*r, b, bt.bid_px);
  cv.qty(*r, bq, bt.bid_qty);
  cv.price(*r, a, bt.ask_px);
  cv.qty(*r, aq, bt.ask_qty);
  if (!cv.ok()) return c.take(cv);
  bt.update_id = u;
  bt.txn_time_ms = txn_ms;
  Event* ev = c.emit(EventType::BestBidOffer, r->id, ev_ms);
  if (!ev) return DecodeStatus::SinkFull;
  ev->bbo = bt;
  return DecodeStatus::Ok;
}

template <class Object>
DecodeStatus trade(Object& o, Ctx& c, bool aggregated) noexcept {
  std::string_view s, p, q;
  std::uint64_t id = 0, first = 0, last = 0;
  std::int64_t ev_ms = 0, trade_ms = 0;
  bool maker = false;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, auto& v) {
    switch (k) {
      case "e"_k: return c.check_event(v);
      case "s"_k: return read_text(v, s);
      case "p"_k: return read_text(v, p);
      case "q"_k: return read_text(v, q);
      case "t"_k: return aggregated ? DecodeStatus::Ok : read_u64(v, id);
      case "a"_k: return aggregated ? read_u64(v, id) : DecodeStatus::Ok;
      case "f"_k: return read_u64(v, first);
      case "l"_k: return read_u64(v, last);
      case "E"_k: return read_i64(v, ev_ms);
      case "T"_k: return read_i64(v, trade_ms);
      case "m"_k: return read_bool(v, maker);
      default: return DecodeStatus::Ok;
    }
  });
  if (st != DecodeStatus::Ok) return st;
  if (s.empty()) return DecodeStatus::MissingField;
  const SymbolRules* r = c.rules(s);
  if (!r) return DecodeStatus::UnknownSymbol;
  Trade t{};
  Conv cv;
  cv.price(*r, p, t.px);
  cv.qty(*r, q, t.qty);
  if (!cv.ok()) return c.take(cv);
  t.trade_id = id;
  t.first_trade_id = aggregated ? first : id;
  t.last_trade_id = aggregated ? last : id;
  t.trade_time_ms = trade_ms;
  t.buyer_is_maker = maker;
  t.aggregated = aggregated;
  Event* ev = c.emit(EventType::Trade, r->id, ev_ms, aggregated ? kTradeFlagAggregated : 0);
  if (!ev) return DecodeStatus::SinkFull;
  ev->trade = t;
  return DecodeStatus::Ok;
}

template <class Object>
DecodeStatus depth_update(Object& o, Ctx& c) noexcept {
  const SymbolRules* r = nullptr;
  if (const DecodeStatus st = symbol_first(o, c, r); st != DecodeStatus::Ok) return st;
  DepthWriter w(c, *r, 0);
  std::uint64_t first_id = 0, final_id = 0, prev_id = 0;
  std::int64_t ev_ms = 0;
  bool have_ids = false;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, auto& v) {
    switch (k) {
      case "e"_k: return c.check_event(v);
      case "b"_k: return w.side(v, true);
      case "a"_k: return w.side(v, false);
      case "U"_k: return read_u64(v, first_id);
      case "u"_k: have_ids = true; return read_u64(v, final_id);
      case "pu"_k: return read_u64(v, prev_id);
      case "E"_k: return read_i64(v, ev_ms);
      default: return DecodeStatus::Ok;
    }
  });
  if (st != DecodeStatus::Ok) return st;
  if (!have_ids) return DecodeStatus::MissingField;
  return w.finish(first_id, final_id, prev_id, ev_ms);
}

}  // namespace

DecodeStatus decode_book_ticker(od::object& o, Ctx& c) noexcept { return book_ticker(o, c); }
DecodeStatus decode_book_ticker(RawObject& o, Ctx& c) noexcept { return book_ticker(o, c); }
DecodeStatus decode_trade(od::object& o, Ctx& c, bool aggregated) noexcept { return trade(o, c, aggregated); }
DecodeStatus decode_trade(RawObject& o, Ctx& c, bool aggregated) noexcept { return trade(o, c, aggregated); }
DecodeStatus decode_depth_update(od::object& o, Ctx& c) noexcept { return depth_update(o, c); }
DecodeStatus decode_depth_update(RawObject& o, Ctx& c) noexcept { return depth_update(o, c); }

DecodeStatus decode_mark_price(od::object& o, Ctx& c) noexcept {
  std::string_view s, mark, index, settle, rate;
  std::int64_t ev_ms = 0, next_funding = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    switch (k) {
      case "e"_k: return c.check_event(v);
      case "s"_k: return read_text(v, s);
      case "p"_k: return read_text(v, mark);
      case "i"_k: return read_text(v, index);
      case "P"_k: return read_text(v, settle);
      case "r"_k: return read_text(v, rate);
      case "E"_k: return read_i64(v, ev_ms);
      case "T"_k: return read_i64(v, next_funding);
      default: return DecodeStatus::Ok;
    }
  });
  if (st != DecodeStatus::Ok) return st;
  if (s.empty() || mark.empty()) return DecodeStatus::MissingField;
  const SymbolRules* r = c.rules(s);
  if (!r) return DecodeStatus::UnknownSymbol;
  MarkPrice m{};
  Conv cv;
  cv.ref_price(*r, mark, m.mark_px);
  cv.ref_price(*r, index, m.index_px);
  cv.ref_price(*r, settle, m.est_settle_px);
  cv.amount(rate, m.funding_rate);  // "" on delivery contracts → 0
  if (!cv.ok()) return c.take(cv);
  m.next_funding_ms = next_funding;
  c.take(cv);  // counts rounded fields
  Event* ev = c.emit(EventType::MarkPrice, r->id, ev_ms, cv.rounded ? kMarkFlagRounded : 0);
  if (!ev) return DecodeStatus::SinkFull;
  ev->mark_price = m;
  return DecodeStatus::Ok;
}

DecodeStatus decode_depth_snapshot(od::object& o, Ctx& c, SymbolId symbol) noexcept {
  const SymbolRules* r = c.symbols.try_rules(symbol);
  if (!r) return DecodeStatus::UnknownSymbol;
  DepthWriter w(c, *r, DepthUpdate::kSnapshot);
  std::uint64_t last_id = 0;
  std::int64_t ev_ms = 0;
  bool have_id = false;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view key, od::value& v) {
    if (k == "bids"_k) return w.side(v, true);
    if (k == "asks"_k) return w.side(v, false);
    if (k == "E"_k) return read_i64(v, ev_ms);
    if (key == "lastUpdateId") { have_id = true; return read_u64(v, last_id); }
    return DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok) return st;
  if (!have_id) return DecodeStatus::MissingField;
  return w.finish(last_id, last_id, 0, ev_ms);
}

DecodeStatus decode_force_order(od::object& o, Ctx& c) noexcept {
  std::string_view s, side, type, tif, q, p, ap, status, l, z;
  std::int64_t ev_ms = 0, trade_ms = 0;
  auto order_field = [&](std::uint64_t k, std::string_view, od::value& v) {
    switch (k) {
      case "s"_k: return read_text(v, s);
      case "S"_k: return read_text(v, side);
      case "o"_k: return read_text(v, type);
      case "f"_k: return read_text(v, tif);
      case "q"_k: return read_text(v, q);
      case "p"_k: return read_text(v, p);
      case "ap"_k: return read_text(v, ap);
      case "X"_k: return read_text(v, status);
      case "l"_k: return read_text(v, l);
      case "z"_k: return read_text(v, z);
      case "T"_k: return read_i64(v, trade_ms);
      default: return DecodeStatus::Ok;
    }
  };
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "E"_k) return read_i64(v, ev_ms);
    if (k == "e"_k) return c.check_event(v);
    if (k != "o"_k) return DecodeStatus::Ok;
    od::object inner;
    if (auto e = v.get_object().get(inner)) return map_error(e);
    return for_each_field(inner, order_field);
  });
  if (st != DecodeStatus::Ok) return st;
  if (s.empty()) return DecodeStatus::MissingField;
  const SymbolRules* r = c.rules(s);
  if (!r) return DecodeStatus::UnknownSymbol;
  Liquidation liq{};
  if (!parse_side(side, liq.side) || !parse_order_status(status, liq.status)) return DecodeStatus::UnknownEnum;
  liq.type = parse_order_type(type);
  liq.tif = parse_tif(tif);
  Conv cv;
  cv.price(*r, p, liq.px);
  cv.ref_price(*r, ap, liq.avg_px);
  cv.qty(*r, q, liq.qty);
  cv.qty(*r, l, liq.last_filled_qty, true);
  cv.qty(*r, z, liq.cum_qty, true);
  if (!cv.ok()) return c.take(cv);
  c.take(cv);
  liq.trade_time_ms = trade_ms;
  Event* ev = c.emit(EventType::Liquidation, r->id, ev_ms);
  if (!ev) return DecodeStatus::SinkFull;
  ev->liquidation = liq;
  return DecodeStatus::Ok;
}

}  // namespace xtb::binance::detail
