// decode_depth.hpp — internal: DepthWriter, which turns the level arrays of a diff-depth
// message or REST snapshot (`[["px","qty"],...]`, bids and asks) into consecutive
// DepthUpdate chunks. Used by decode_market.cpp for both the simdjson On-Demand path and
// the raw fast path (decode_raw.hpp). Not a public API.
//
// Level arrays are the bulk of the market-data bytes (a BTCUSDT diff carries ~70 levels),
// so they are always scanned directly from the raw bytes: one pass that checks the exact
// compact shape `[["p","q"],["p","q"]]`, converts both decimals with parse_decimal_run
// (which also finds each closing quote) and appends to the chunk. Anything else — whitespace, escapes, a
// third item, an off-grid or malformed number, a full sink — rolls the writer back to
// where the array started and, on the On-Demand path, lets the per-item simdjson walk
// decide (so results, skipped-level counts and errors are exactly the general path's);
// on the raw path it reports BadJson, which sends the frame to the On-Demand path.
// Threads: decode thread only. No allocation.
#pragma once
#include "venue/binance/decode_raw.hpp"

namespace xtb::binance::detail {

/// Within a chunk bids precede asks (core/event.hpp layout); a bid arriving after asks
/// (unusual key order) opens a new chunk. finish() patches ids, times and first/last
/// flags into every chunk of the frame.
class DepthWriter {
 public:
  DepthWriter(Ctx& c, const SymbolRules& r, std::uint8_t flags) noexcept
      : c_(c), r_(r), flags_(flags), first_(c.n) {}

  /// One side's level array, On-Demand path: the direct scan first (the value is then
  /// left unconsumed and the caller's field loop skips it), else the per-item walk.
  DecodeStatus side(od::value& levels, bool bid) noexcept {
    const std::string_view tok = levels.raw_json_token();
    if (c_.end && !tok.empty() && tok[0] == '[' && scan_levels(tok.data(), c_.end, bid)) return DecodeStatus::Ok;
    return for_each_item(levels, [&](od::value& lvl) { return level(lvl, bid); });
  }

  /// One side's level array, raw path: the direct scan or BadJson (frame falls back).
  DecodeStatus side(RawValue& levels, bool bid) noexcept {
    if (levels.kind != RawValue::Kind::Array) return DecodeStatus::BadJson;
    levels.next = scan_levels(levels.text.data(), c_.end, bid);
    return levels.next ? DecodeStatus::Ok : DecodeStatus::BadJson;
  }

  DecodeStatus finish(std::uint64_t first_id, std::uint64_t final_id, std::uint64_t prev_id, EpochMs event_ms) noexcept {
    if (!cur_ && !open_chunk()) return DecodeStatus::SinkFull;  // an empty diff still sequences
    for (std::uint32_t i = first_; i < c_.n; ++i) {
      Event* ev = c_.sink.slot(i);
      ev->h.venue_time_ms = event_ms;
      ev->h.flags = static_cast<std::uint8_t>(flags_ | (i == first_ ? DepthUpdate::kFirstChunk : 0) |
                                              (i + 1 == c_.n ? DepthUpdate::kLastChunk : 0));
      ev->depth.first_update_id = first_id;
      ev->depth.final_update_id = final_id;
      ev->depth.prev_final_id = prev_id;
    }
    return DecodeStatus::Ok;
  }

 private:
  bool open_chunk() noexcept {
    Event* ev = c_.emit(EventType::DepthUpdate, r_.id, 0);
    cur_ = ev ? &ev->depth : nullptr;
    return cur_ != nullptr;
  }

  // Writer state before a direct scan.
  struct Mark {
    std::uint32_t n;
    DepthUpdate* cur;
    std::uint8_t n_bids, n_asks;
  };
  Mark mark() const noexcept {
    return {c_.n, cur_, cur_ ? cur_->n_bids : std::uint8_t{0}, cur_ ? cur_->n_asks : std::uint8_t{0}};
  }
  void rollback(const Mark& m) noexcept {
    c_.n = m.n;  // chunks opened since are reused (emit() clears a slot)
    cur_ = m.cur;
    if (cur_) {
      cur_->n_bids = m.n_bids;
      cur_->n_asks = m.n_asks;
    }
  }

  // Scans `[["px","qty"],...]` from the '[' at `p`; returns the byte after the closing
  // ']' or nullptr (writer rolled back). Texts end at the first '"' or '\\' before
  // `end`, so the scan never leaves the frame (+ 7 bytes of its padding per word read).
  const char* scan_levels(const char* p, const char* end, bool bid) noexcept {
    const Mark m = mark();
    const char* r = scan_levels_unchecked(p, end, bid);
    if (!r) rollback(m);
    return r;
  }
  const char* scan_levels_unchecked(const char* p, const char* end, bool bid) noexcept {
    if (++p < end && *p == ']') return p + 1;
    for (;;) {
      if (end - p < 2 || p[0] != '[' || p[1] != '"') return nullptr;
      PriceLevel pl;
      p = quoted_decimal(p + 2, end, r_.price, pl.px);  // at the closing quote
      if (!p || end - p < 3 || p[1] != ',' || p[2] != '"') return nullptr;
      p = quoted_decimal(p + 3, end, r_.qty, pl.qty);
      if (!p || end - p < 3 || p[1] != ']' || !put(pl, bid)) return nullptr;
      if (p[2] == ']') return p + 3;
      if (p[2] != ',') return nullptr;
      p += 3;
    }
  }

  // Decimal string body at `p` (after its opening quote) → `out`; returns its closing
  // quote, or nullptr for anything parse_decimal (Exact) would not take as is. The
  // one-pass form finds the end and the value together; other texts are measured first.
  [[gnu::always_inline]] static const char* quoted_decimal(const char* p, const char* end, DecimalScale scale,
                                                          std::int64_t& out) noexcept {
    std::size_t n = 0;
    if (parse_decimal_run(p, scale, out, n) && p + n < end && p[n] == '"') [[likely]] return p + n;
    return quoted_decimal_general(p, end, scale, out);
  }
  [[gnu::noinline]] static const char* quoted_decimal_general(const char* p, const char* end, DecimalScale scale,
                                                              std::int64_t& out) noexcept {
    const std::size_t n = plain_text_len(p, end);
    if (n == kNoLen || p[n] != '"' || parse_decimal_padded({p, n}, scale, Rounding::Exact, out) != DecimalError::Ok)
      return nullptr;
    return p + n;
  }

  // Appends one level to the current chunk, opening a new one when needed.
  bool put(const PriceLevel& pl, bool bid) noexcept {
    const bool full = cur_ && cur_->n_bids + cur_->n_asks == DepthUpdate::kMaxLevels;
    if ((!cur_ || full || (bid && cur_->n_asks > 0)) && !open_chunk()) return false;
    if (bid) cur_->levels[cur_->n_bids++] = pl;
    else cur_->levels[cur_->n_bids + cur_->n_asks++] = pl;
    return true;
  }

  // One level through On-Demand (general path).
  DecodeStatus level(od::value& lvl, bool bid) noexcept {
    std::string_view text[2];
    int idx = 0;
    const DecodeStatus st = for_each_item(lvl, [&](od::value& v) {
      return idx < 2 ? read_text(v, text[idx++]) : (++idx, DecodeStatus::Ok);
    });
    if (st != DecodeStatus::Ok) return st;
    if (idx < 2) return DecodeStatus::MissingField;
    PriceLevel pl{};
    Conv cv;
    cv.price(r_, text[0], pl.px);
    if (cv.status == DecodeStatus::BadDecimal &&
        (cv.decimal == DecimalError::TooPrecise || cv.decimal == DecimalError::OffGrid)) {
      // Real books can hold resting orders priced on an older, finer tick grid (seen in
      // the 2021 CTKUSDT snapshot). Such a level cannot be represented in ticks, is far from
      // the touch and cannot be traded at: skip it (and every diff of it), counted.
      DecodeStats::bump(c_.stats.skipped_off_grid_levels);
      return DecodeStatus::Ok;
    }
    cv.qty(r_, text[1], pl.qty);
    if (!cv.ok()) return c_.take(cv);
    return put(pl, bid) ? DecodeStatus::Ok : DecodeStatus::SinkFull;
  }

  Ctx& c_;
  const SymbolRules& r_;
  std::uint8_t flags_;
  std::uint32_t first_;
  DepthUpdate* cur_ = nullptr;
};

}  // namespace xtb::binance::detail
