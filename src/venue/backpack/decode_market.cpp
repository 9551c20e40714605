// decode_market.cpp — see decode_market.hpp.
#include "venue/backpack/decode_market.hpp"

#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack::detail {
namespace {

DecodeStatus emit_depth(Ctx& c, SymbolId sym, const LevelScratch& lv, std::uint64_t first, std::uint64_t last,
                        EpochMs venue_ms, bool snapshot) noexcept {
  const SymbolRules& r = c.symbols.rules(sym);
  const std::size_t total = lv.n_bids + lv.n_asks;
  std::size_t done = 0;
  bool first_chunk = true;
  do {
    Event* e = c.next(EventType::DepthUpdate, sym, venue_ms);
    if (e == nullptr) return DecodeStatus::SinkFull;
    DepthUpdate& d = e->depth;
    d.first_update_id = first;
    d.final_update_id = last;
    d.prev_final_id = snapshot || first == 0 ? 0 : first - 1;  // continuity: U == previous u + 1
    int k = 0;
    for (; k < DepthUpdate::kMaxLevels && done < total; ++k, ++done) {
      const bool bid = done < lv.n_bids;
      const RawLevel& l = bid ? lv.bids()[done] : lv.asks()[done - lv.n_bids];
      XTB_BP_TRY(dec_of(c, {l.px, JsonKind::String}, r.price, Rounding::Exact, d.levels[k].px, true));
      XTB_BP_TRY(dec_of(c, {l.qty, JsonKind::String}, r.qty, Rounding::Exact, d.levels[k].qty, true));
      (bid ? d.n_bids : d.n_asks)++;
    }
    e->h.flags = static_cast<std::uint8_t>((first_chunk ? DepthUpdate::kFirstChunk : 0) |
                                           (done == total ? DepthUpdate::kLastChunk : 0) |
                                           (snapshot ? DepthUpdate::kSnapshot : 0));
    first_chunk = false;
  } while (done < total);
  return DecodeStatus::Ok;
}

DecodeStatus symbol_of(const FieldMap& fm, Ctx& c, SymbolId& sym) noexcept {
  const Scalar s = fm.get("s");
  if (!s.present()) return DecodeStatus::MissingField;
  if (s.kind != JsonKind::String) return DecodeStatus::WrongType;
  sym = find_symbol(c, s);
  return sym == kNoSymbol ? DecodeStatus::UnknownSymbol : DecodeStatus::Ok;
}

}  // namespace

DecodeStatus decode_depth(const FieldMap& fm, const LevelScratch& lv, Ctx& c) noexcept {
  SymbolId sym;
  XTB_BP_TRY(symbol_of(fm, c, sym));
  std::uint64_t first = 0, last = 0;
  EpochMs venue_ms = 0;
  XTB_BP_TRY(u64_of(fm.get("U"), first));
  XTB_BP_TRY(u64_of(fm.get("u"), last));
  XTB_BP_TRY(us_to_ms(fm.get("E"), venue_ms));
  if (!lv.bids_seen || !lv.asks_seen) return DecodeStatus::MissingField;
  return emit_depth(c, sym, lv, first, last, venue_ms, false);
}

DecodeStatus decode_depth_snapshot(const FieldMap& fm, const LevelScratch& lv, SymbolId sym, Ctx& c) noexcept {
  if (sym == kNoSymbol || c.symbols.venue(sym) != kVenueId) return DecodeStatus::UnknownSymbol;
  std::uint64_t id = 0;
  EpochMs venue_ms = 0;
  XTB_BP_TRY(u64_of(fm.get("lastUpdateId"), id));
  XTB_BP_TRY(us_to_ms(fm.get("timestamp"), venue_ms));
  if (!lv.bids_seen || !lv.asks_seen) return DecodeStatus::MissingField;
  return emit_depth(c, sym, lv, id, id, venue_ms, true);
}

DecodeStatus decode_book_ticker(const FieldMap& fm, Ctx& c) noexcept {
  SymbolId sym;
  XTB_BP_TRY(symbol_of(fm, c, sym));
  const SymbolRules& r = c.symbols.rules(sym);
  BestBidOffer b{};
  EpochMs venue_ms = 0;
  XTB_BP_TRY(us_to_ms(fm.get("E"), venue_ms));
  XTB_BP_TRY(us_to_ms(fm.get("T"), b.txn_time_ms));
  XTB_BP_TRY(u64_of(fm.get("u"), b.update_id));
  XTB_BP_TRY(dec_of(c, fm.get("b"), r.price, Rounding::Exact, b.bid_px, true));
  XTB_BP_TRY(dec_of(c, fm.get("B"), r.qty, Rounding::Exact, b.bid_qty, true));
  XTB_BP_TRY(dec_of(c, fm.get("a"), r.price, Rounding::Exact, b.ask_px, true));
  XTB_BP_TRY(dec_of(c, fm.get("A"), r.qty, Rounding::Exact, b.ask_qty, true));
  Event* e = c.next(EventType::BestBidOffer, sym, venue_ms);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->bbo = b;
  return DecodeStatus::Ok;
}

DecodeStatus decode_trade(const FieldMap& fm, Ctx& c) noexcept {
  SymbolId sym;
  XTB_BP_TRY(symbol_of(fm, c, sym));
  const SymbolRules& r = c.symbols.rules(sym);
  Trade t{};
  EpochMs venue_ms = 0;
  XTB_BP_TRY(us_to_ms(fm.get("E"), venue_ms));
  XTB_BP_TRY(us_to_ms(fm.get("T"), t.trade_time_ms));
  XTB_BP_TRY(u64_of(fm.get("t"), t.trade_id));
  t.first_trade_id = t.last_trade_id = t.trade_id;
  XTB_BP_TRY(dec_of(c, fm.get("p"), r.price, Rounding::Exact, t.px, true));
  XTB_BP_TRY(dec_of(c, fm.get("q"), r.qty, Rounding::Exact, t.qty, true));
  const Scalar m = fm.get("m");
  if (!m.present()) return DecodeStatus::MissingField;
  XTB_BP_TRY(bool_of(m, t.buyer_is_maker));
  Event* e = c.next(EventType::Trade, sym, venue_ms);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->trade = t;
  return DecodeStatus::Ok;
}

DecodeStatus decode_mark_price(const FieldMap& fm, Ctx& c) noexcept {
  SymbolId sym;
  XTB_BP_TRY(symbol_of(fm, c, sym));
  const SymbolRules& r = c.symbols.rules(sym);
  MarkPrice m{};
  EpochMs venue_ms = 0;
  std::uint64_t next_ms = 0;
  XTB_BP_TRY(us_to_ms(fm.get("E"), venue_ms));
  XTB_BP_TRY(dec_of(c, fm.get("p"), r.price, Rounding::Nearest, m.mark_px, true));
  XTB_BP_TRY(dec_of(c, fm.get("i"), r.price, Rounding::Nearest, m.index_px, false));
  XTB_BP_TRY(dec_of(c, fm.get("f"), kAmountDecimalScale, Rounding::Nearest, m.funding_rate, false));
  if (const Scalar n = fm.get("n"); !n.null_or_absent()) XTB_BP_TRY(u64_of(n, next_ms));
  m.next_funding_ms = static_cast<EpochMs>(next_ms);
  Event* e = c.next(EventType::MarkPrice, sym, venue_ms);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->mark_price = m;
  return DecodeStatus::Ok;
}

}  // namespace xtb::backpack::detail
