// positions.cpp — fill accounting (cost basis, realized PnL) and venue drift adoption.
#include "engine/positions.hpp"

#include <cstring>

namespace xtb::engine {
namespace {

Qty abs_q(Qty q) noexcept { return q < 0 ? -q : q; }

}  // namespace

Price Position::entry_px() const noexcept {
  if (qty == 0) return 0;
  const CostBasis q = abs_q(qty);
  return static_cast<Price>((cost + q / 2) / q);
}

const char* to_string(DriftKind k) noexcept {
  switch (k) {
    case DriftKind::None: return "none";
    case DriftKind::ExternalOpen: return "external_open";
    case DriftKind::ExternalIncrease: return "external_increase";
    case DriftKind::ExternalReduce: return "external_reduce";
    case DriftKind::ExternalClose: return "external_close";
    case DriftKind::ExternalFlip: return "external_flip";
  }
  return "?";
}

DriftKind classify_drift(Qty local, Qty venue) noexcept {
  if (local == venue) return DriftKind::None;
  if (local == 0) return DriftKind::ExternalOpen;
  if (venue == 0) return DriftKind::ExternalClose;
  if ((local > 0) != (venue > 0)) return DriftKind::ExternalFlip;
  return abs_q(venue) > abs_q(local) ? DriftKind::ExternalIncrease : DriftKind::ExternalReduce;
}

PositionBook::PositionBook(const SymbolRulesTable& rules)
    : rules_(rules), n_(rules.size() * 3u), pos_(std::make_unique<Position[]>(rules.size() * 3u)) {
  clear();
}

void PositionBook::clear() noexcept {
  std::memset(static_cast<void*>(pos_.get()), 0, sizeof(Position) * n_);
  for (std::uint32_t i = 0; i < n_; ++i) {
    pos_[i].symbol = i / 3;
    pos_[i].side = static_cast<PositionSide>(i % 3);
  }
  stats_ = PositionStats{};
  end_ = 0;
}

Position* PositionBook::at(SymbolId s, PositionSide side) noexcept {
  const auto k = static_cast<std::uint32_t>(side);
  if (k > 2 || s >= n_ / 3) return nullptr;
  return &pos_[s * 3u + k];
}

Position* PositionBook::slot(SymbolId s, PositionSide side) noexcept {
  Position* p = at(s, side);
  if (p != nullptr) {
    const auto i = static_cast<std::uint32_t>(p - pos_.get()) + 1;
    if (i > end_) end_ = i;  // scans stop at the highest slot ever written
  }
  return p;
}

const Position* PositionBook::get(SymbolId s, PositionSide side) const noexcept {
  return const_cast<PositionBook*>(this)->at(s, side);
}

void PositionBook::touch_mismatch(Position& p, std::int64_t now_ns) noexcept {
  // The settle timer restarts on every change, so a fill and its ACCOUNT_UPDATE arriving
  // in either order never look external; a difference nobody explains for settle_ns does.
  p.mismatch_since_ns = (p.venue_known && p.qty != p.venue_qty) ? (now_ns != 0 ? now_ns : 1) : 0;
}

bool PositionBook::apply_fill(const Fill& f, std::int64_t now_ns) noexcept {
  Position* p = slot(f.symbol, f.position_side);
  if (p == nullptr || f.qty <= 0) {
    ++stats_.unknown_symbol;
    return false;
  }
  const Qty d = f.side == Side::Buy ? f.qty : -f.qty;
  const CostBasis px = f.px;
  if (p->qty == 0 || (p->qty > 0) == (d > 0)) {
    p->cost += px * abs_q(d);
    p->qty += d;
  } else {
    const Qty held = abs_q(p->qty);
    const Qty close = abs_q(d) < held ? abs_q(d) : held;
    const CostBasis removed = close == held ? p->cost : p->cost * close / held;
    p->realized_ts += p->qty > 0 ? px * close - removed : removed - px * close;
    p->cost -= removed;
    p->qty += d > 0 ? close : -close;
    const Qty rest = abs_q(d) - close;
    if (rest > 0) {  // crossed zero: the remainder opens the other way at the fill price
      p->qty = d > 0 ? rest : -rest;
      p->cost = px * rest;
    }
  }
  if ((p->side == PositionSide::Long && p->qty < 0) ||
      (p->side == PositionSide::Short && p->qty > 0)) {
    ++p->side_violations;
    ++stats_.side_violations;
  }
  p->fill_qty += d;
  p->fees += f.fee;
  p->venue_realized_pnl += f.venue_realized_pnl;
  ++p->fills;
  ++stats_.fills;
  p->last_fill_ns = now_ns;
  touch_mismatch(*p, now_ns);
  return true;
}

bool PositionBook::on_venue_position(SymbolId s, PositionSide side, Qty venue_qty,
                                     Price venue_entry_px, std::int64_t now_ns) noexcept {
  Position* p = slot(s, side);
  if (p == nullptr) {
    ++stats_.unknown_symbol;
    return false;
  }
  ++stats_.venue_reports;
  const bool changed = !p->venue_known || p->venue_qty != venue_qty;
  p->venue_known = true;
  p->venue_qty = venue_qty;
  p->venue_entry_px = venue_entry_px;
  p->venue_seen_ns = now_ns;
  if (changed || p->qty == venue_qty) touch_mismatch(*p, now_ns);
  return true;
}

void PositionBook::add_open_exposure(SymbolId s, PositionSide side, Side order_side,
                                     Qty delta) noexcept {
  Position* p = slot(s, side);
  if (p == nullptr) return;
  (order_side == Side::Buy ? p->open_buy_qty : p->open_sell_qty) += delta;
}

DriftKind PositionBook::adopt_venue(SymbolId s, PositionSide side, Qty venue_qty,
                                    Price venue_entry_px, std::int64_t now_ns) noexcept {
  Position* p = slot(s, side);
  if (p == nullptr) return DriftKind::None;
  const DriftKind k = classify_drift(p->qty, venue_qty);
  p->venue_known = true;
  p->venue_qty = venue_qty;
  p->venue_entry_px = venue_entry_px;
  p->venue_seen_ns = now_ns;
  p->mismatch_since_ns = 0;
  if (k == DriftKind::None) return k;
  p->external_qty += venue_qty - p->qty;
  p->qty = venue_qty;
  p->cost = static_cast<CostBasis>(venue_entry_px) * abs_q(venue_qty);
  ++stats_.drifts_adopted;
  if (k == DriftKind::ExternalOpen || k == DriftKind::ExternalIncrease)
    ++stats_.external_open_alerts;
  return k;
}

std::uint32_t PositionBook::reconcile_drift(std::int64_t now_ns, std::int64_t settle_ns,
                                            PositionDrift* out, std::uint32_t max) noexcept {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < end_ && n < max; ++i) {
    Position& p = pos_[i];
    if (p.mismatch_since_ns == 0 || now_ns - p.mismatch_since_ns < settle_ns) continue;
    const Qty local = p.qty;
    const DriftKind k = adopt_venue(p.symbol, p.side, p.venue_qty, p.venue_entry_px, now_ns);
    if (k == DriftKind::None) continue;
    if (out != nullptr)
      out[n] = PositionDrift{p.symbol, p.side, k, local, p.venue_qty, p.venue_entry_px};
    ++n;
  }
  return n;
}

Amount PositionBook::realized_pnl(const Position& p) const noexcept {
  const SymbolRules* r = rules_.get(p.symbol);
  if (r == nullptr) return 0;
  const CostBasis v = p.realized_ts * r->tick_size * r->step_size / kAmountScale;
  return static_cast<Amount>(v);
}

}  // namespace xtb::engine
