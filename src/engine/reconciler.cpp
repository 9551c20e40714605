// reconciler.cpp — order and position comparison against a venue snapshot.
#include "engine/reconciler.hpp"

namespace xtb::engine {

const char* to_string(DiscrepancyKind k) noexcept {
  switch (k) {
    case DiscrepancyKind::UnknownOwnOrder: return "unknown_own_order";
    case DiscrepancyKind::ForeignOrder: return "foreign_order";
    case DiscrepancyKind::UnknownResolved: return "unknown_resolved";
    case DiscrepancyKind::StatusMismatch: return "status_mismatch";
    case DiscrepancyKind::LocalTerminalVenueLive: return "local_terminal_venue_live";
    case DiscrepancyKind::LocalLiveMissing: return "local_live_missing";
    case DiscrepancyKind::PositionMismatch: return "position_mismatch";
    case DiscrepancyKind::SkippedRecent: return "skipped_recent";
    case DiscrepancyKind::kCount: break;
  }
  return "?";
}

const char* to_string(Resolution r) noexcept {
  switch (r) {
    case Resolution::None: return "none";
    case Resolution::Adopt: return "adopt";
    case Resolution::Ignore: return "ignore";
    case Resolution::AdoptStatus: return "adopt_status";
    case Resolution::CancelAtVenue: return "cancel_at_venue";
    case Resolution::Query: return "query";
    case Resolution::AdoptPosition: return "adopt_position";
    case Resolution::Deferred: return "deferred";
  }
  return "?";
}

Reconciler::Reconciler(OrderManager& m, std::uint32_t max_discrepancies)
    : m_(m),
      list_(std::make_unique<Discrepancy[]>(max_discrepancies == 0 ? 1 : max_discrepancies)),
      cap_(max_discrepancies == 0 ? 1 : max_discrepancies) {}

void Reconciler::begin(std::int64_t now_ns) noexcept {
  if (!calibrating_) m_.risk().begin_calibration();
  calibrating_ = true;
  snapshot_ns_ = now_ns;
}

void Reconciler::end() noexcept {
  if (calibrating_) m_.risk().end_calibration();
  calibrating_ = false;
}

bool Reconciler::other_venue(SymbolId s) const noexcept {
  return venue_ != Venue::None && m_.venue_of(s) != venue_;
}

void Reconciler::note(const Discrepancy& d) noexcept {
  ++counts_[static_cast<int>(d.kind)];
  ++found_;
  if (n_ < cap_) list_[n_++] = d;
}

void Reconciler::emit(const OrderCommand& c, OrderCommand* out, std::uint32_t max_out) noexcept {
  if (out != nullptr && commands_ < max_out) out[commands_++] = c;
}

void Reconciler::venue_order(const VenueOrder& v, OrderCommand* out, std::uint32_t max_out,
                             std::int64_t now_ns) noexcept {
  Discrepancy d{};
  d.symbol = v.symbol;
  d.side = v.position_side;
  d.client_id = v.client_id;
  d.venue_order_id = v.venue_order_id;
  d.venue_status = v.status;
  d.venue_qty = v.cum_qty;
  Order* o = v.client_id.empty() ? nullptr : m_.store().find(v.client_id);
  if (o == nullptr) o = m_.store().find_by_venue_id(v.venue_order_id);
  if (o == nullptr) {
    // Ours to manage: an order of this run (an earlier process of it: journal lost) or a
    // protective closePosition stop of our prefix (stop ids carry no run id and must survive a
    // restart). Another run's slices — a second instance on the account (review B9) — are
    // left alone like manual orders: never adopted, so never counted or cancelled.
    const bool ours = m_.ids().this_run(v.client_id.view()) ||
                      (m_.ids().owns(v.client_id.view()) && (v.flags & OrderCommand::kClosePosition) != 0);
    d.kind = ours ? DiscrepancyKind::UnknownOwnOrder : DiscrepancyKind::ForeignOrder;
    d.resolution = Resolution::Ignore;
    if (ours) {
      Order* a = m_.adopt_order(v, now_ns);
      d.resolution = a != nullptr ? Resolution::Adopt : Resolution::None;
      if (a != nullptr) a->reconcile_epoch = epoch_;
    }
    note(d);
    return;
  }
  o->reconcile_epoch = epoch_;
  o->absent_at_venue = false;
  d.local_status = o->status;
  d.local_qty = o->cum_qty;
  if (o->last_update_ns > snapshot_ns_) {  // we know something newer than the snapshot
    if (o->terminal() || o->status != v.status || o->cum_qty != v.cum_qty) {
      d.kind = DiscrepancyKind::SkippedRecent;
      d.resolution = Resolution::Deferred;
      note(d);
    }
    return;
  }
  if (o->terminal()) {
    d.kind = DiscrepancyKind::LocalTerminalVenueLive;
    d.resolution = Resolution::CancelAtVenue;
    emit(m_.command_for(*o, CommandKind::CancelOrder, true), out, max_out);
    note(d);
    return;
  }
  if (o->status == OrderStatus::Unknown || o->status == OrderStatus::Submitting ||
      o->status == OrderStatus::New) {
    d.kind = DiscrepancyKind::UnknownResolved;
  } else if (v.cum_qty > o->cum_qty ||
             (v.status != o->status && !(v.status == OrderStatus::New && o->status == OrderStatus::Open))) {
    d.kind = DiscrepancyKind::StatusMismatch;
  } else {
    return;  // agrees
  }
  d.resolution = Resolution::AdoptStatus;
  m_.reconcile_order(*o, v.status, v.cum_qty, v.venue_order_id, now_ns);
  note(d);
}

void Reconciler::run_orders(const VenueOrder* open, std::uint32_t n_open, SymbolId scope,
                            OrderCommand* out, std::uint32_t max_out, std::int64_t now_ns) noexcept {
  for (std::uint32_t i = 0; i < n_open; ++i) venue_order(open[i], out, max_out, now_ns);
  // Live locally, not open at the venue: it finished (or never arrived) without us
  // hearing. Ask by client id; the answer moves it on. Nothing is assumed.
  m_.store().for_each([&](Order& o) {
    if (!o.live() || o.reconcile_epoch == epoch_) return;
    if (scope != kNoSymbol && o.symbol != scope) return;
    if (other_venue(o.symbol)) return;
    if (o.last_update_ns > snapshot_ns_) return;  // placed/changed after the snapshot
    Discrepancy d{};
    d.kind = DiscrepancyKind::LocalLiveMissing;
    d.resolution = Resolution::Query;
    d.symbol = o.symbol;
    d.side = o.position_side;
    d.client_id = o.client_id;
    d.venue_order_id = o.venue_order_id;
    d.local_status = o.status;
    d.local_qty = o.cum_qty;
    o.needs_query = true;
    o.absent_at_venue = true;  // a "no such order" answer now means the venue lost it (D5)
    o.last_query_ns = now_ns;
    emit(m_.command_for(o, CommandKind::QueryOrder, true), out, max_out);
    note(d);
  });
}

void Reconciler::run_positions(const VenuePosition* p, std::uint32_t n, bool complete,
                               std::int64_t now_ns) noexcept {
  auto one = [&](SymbolId s, PositionSide side, Qty venue_qty, Price entry) {
    const Position* local = m_.positions().get(s, side);
    if (local == nullptr || local->qty == venue_qty) return;
    Discrepancy d{};
    d.kind = DiscrepancyKind::PositionMismatch;
    d.symbol = s;
    d.side = side;
    d.local_qty = local->qty;
    d.venue_qty = venue_qty;
    if (local->last_fill_ns > snapshot_ns_ || local->venue_seen_ns > snapshot_ns_) {
      // A fill or a streamed ACCOUNT_UPDATE is newer than this snapshot; the drift
      // timer (PositionBook::reconcile_drift) settles it instead.
      d.kind = DiscrepancyKind::SkippedRecent;
      d.resolution = Resolution::Deferred;
    } else {
      d.resolution = Resolution::AdoptPosition;
      m_.adopt_position(s, side, venue_qty, entry, now_ns);
    }
    note(d);
  };
  for (std::uint32_t i = 0; i < n; ++i) one(p[i].symbol, p[i].side, p[i].qty, p[i].entry_px);
  if (!complete) return;
  m_.positions().for_each([&](const Position& local) {
    if (local.qty == 0 || other_venue(local.symbol)) return;
    for (std::uint32_t i = 0; i < n; ++i)
      if (p[i].symbol == local.symbol && p[i].side == local.side) return;
    one(local.symbol, local.side, 0, 0);  // absent from a complete snapshot: flat there
  });
}

ReconcileResult Reconciler::run(const VenueOrder* open, std::uint32_t n_open,
                                const VenuePosition* positions, std::uint32_t n_positions,
                                SymbolId scope, bool positions_complete, OrderCommand* out,
                                std::uint32_t max_out, std::int64_t now_ns, Venue venue) noexcept {
  venue_ = venue;
  ++runs_;
  ++epoch_;
  n_ = found_ = commands_ = 0;
  run_orders(open, n_open, scope, out, max_out, now_ns);
  run_positions(positions, n_positions, positions_complete, now_ns);
  ReconcileResult r;
  r.discrepancies = found_;
  r.commands = commands_;
  r.clean = found_ == 0;
  return r;
}

}  // namespace xtb::engine
