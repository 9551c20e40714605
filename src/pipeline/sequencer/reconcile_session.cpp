// reconcile_session.cpp — see reconcile_session.hpp.
#include "pipeline/sequencer/reconcile_session.hpp"

#include <cstring>

namespace xtb {
namespace {

constexpr std::uint32_t kMaxCommands = 64;

engine::VenueOrder venue_order_of(const Event& e) noexcept {
  const OrderUpdate& u = e.order_update;
  engine::VenueOrder v{};
  v.client_id = u.client_id;
  v.venue_order_id = u.venue_order_id;
  v.symbol = e.h.symbol;
  v.side = u.side;
  v.position_side = u.position_side;
  v.type = u.type;
  v.tif = u.tif;
  v.flags = static_cast<std::uint8_t>((u.reduce_only ? OrderCommand::kReduceOnly : 0) |
                                      (u.close_position ? OrderCommand::kClosePosition : 0));
  v.status = u.status;
  v.px = u.px;
  v.stop_px = u.stop_px;
  v.avg_px = u.avg_px;
  v.orig_qty = u.orig_qty;
  v.cum_qty = u.cum_qty;
  return v;
}

OrderCommand query_command(CommandKind k, Venue venue, std::uint64_t generation) noexcept {
  OrderCommand c;
  std::memset(&c, 0, sizeof c);
  c.kind = k;
  c.venue = venue;
  c.symbol = kNoSymbol;
  c.flags = OrderCommand::kRiskOrder;  // reconciliation is never throttled
  c.generation = generation;
  return c;
}

}  // namespace

ReconcileSession::ReconcileSession(engine::OrderManager& om, CommandPublisher& out, const ReconcileConfig& cfg,
                                   Venue scope)
    : om_(om), out_(out), scope_(scope), cfg_(cfg), rec_(om),
      orders_(std::make_unique<engine::VenueOrder[]>(cfg.max_orders ? cfg.max_orders : 1)),
      positions_(std::make_unique<engine::VenuePosition[]>(cfg.max_positions ? cfg.max_positions : 1)),
      commands_(std::make_unique<OrderCommand[]>(kMaxCommands)) {}

bool ReconcileSession::begin(std::int64_t now_ns, Venue venue) noexcept {
  if (active_) return false;
  active_ = true;
  overflowed_ = positions_done_ = false;
  n_orders_ = n_positions_ = lists_done_ = 0;
  began_ns_ = now_ns;
  ++stats_.started;
  venue_ = venue;
  const engine::CommandCosts& costs = om_.risk().budget(venue).costs();
  const std::uint32_t weight =
      costs.weight(CommandKind::QueryOpenOrders, false) + costs.weight(CommandKind::QueryPositions, false);
  if (om_.risk().check_weight(weight, true, now_ns, venue) != engine::RejectReason::None) {
    ++stats_.budget_deferred;  // nothing sent; abandoned by the next check_timeout()
    deferred_ = true;
    return true;
  }
  rec_.begin(now_ns);
  // Both requests go out together, after every command published before them: the venue
  // answers in order (one order-entry owner), so the snapshot is at least this recent.
  out_.publish(query_command(CommandKind::QueryOpenOrders, venue, om_.generation()));
  out_.publish(query_command(CommandKind::QueryPositions, venue, om_.generation()));
  return true;
}

ReconcileSession::Progress ReconcileSession::on_event(const Event& e) noexcept {
  if (!active_ || deferred_) {
    ++stats_.stray;
    return active_ ? Progress::Collecting : Progress::Idle;
  }
  switch (e.h.type) {
    case EventType::OrderUpdate:
      if (n_orders_ < cfg_.max_orders) orders_[n_orders_++] = venue_order_of(e);
      else { ++stats_.overflow; overflowed_ = true; }
      break;
    case EventType::AccountUpdate: {
      const AccountUpdate& a = e.account_update;
      const int n = a.n_positions < AccountUpdate::kMaxPositions ? a.n_positions : AccountUpdate::kMaxPositions;
      for (int i = 0; i < n; ++i) {
        if (n_positions_ == cfg_.max_positions) { ++stats_.overflow; overflowed_ = true; break; }
        positions_[n_positions_++] = engine::VenuePosition{a.positions[i].symbol, a.positions[i].side,
                                                           a.positions[i].amount, a.positions[i].entry_px};
      }
      if (e.h.flags & AccountUpdate::kLastChunk) positions_done_ = true;
      break;
    }
    case EventType::OrderAck: {
      const OrderAck& k = e.order_ack;
      if (k.error_code != 0 || k.status == OrderStatus::Rejected || k.status == OrderStatus::Unknown ||
          k.status == OrderStatus::Failed) {
        ++stats_.failed;
        abandon();
        return Progress::Failed;
      }
      if (k.request_kind == static_cast<std::uint8_t>(CommandKind::QueryOpenOrders)) ++lists_done_;
      break;
    }
    default: break;
  }
  return ready() ? Progress::Ready : Progress::Collecting;
}

ReconcileSession::Progress ReconcileSession::on_event(const Event& e, std::int64_t now_ns) noexcept {
  if (e.h.type == EventType::OrderAck) {
    om_.risk().observe_used_weight(e.order_ack.used_weight_1m, now_ns, e.h.venue);
    om_.risk().observe_order_count_10s(e.order_ack.order_count_10s, now_ns, e.h.venue);
  }
  return on_event(e);
}

bool ReconcileSession::check_timeout(std::int64_t now_ns) noexcept {
  if (deferred_) {  // refused by the venue budget in begin(): nothing to wait for
    deferred_ = false;
    active_ = false;
    return true;
  }
  if (!active_ || now_ns - began_ns_ < cfg_.timeout_ns) return false;
  ++stats_.timed_out;
  abandon();
  return true;
}

engine::ReconcileResult ReconcileSession::finish(std::int64_t now_ns) noexcept {
  engine::ReconcileResult r{};
  if (!active_ || deferred_ || !ready()) return r;
  r = rec_.run(orders_.get(), n_orders_, positions_.get(), n_positions_, kNoSymbol, true, commands_.get(),
               kMaxCommands, now_ns, scope_);
  for (std::uint32_t i = 0; i < r.commands; ++i) {
    if (om_.risk().check_request(commands_[i], now_ns) != engine::RejectReason::None) {
      ++stats_.budget_refused;  // query: on_timer retries (needs_query); cancel: next cycle
      continue;
    }
    out_.publish(commands_[i]);
  }
  rec_.end();
  active_ = false;
  ++stats_.completed;
  if (r.clean) ++stats_.clean;
  stats_.discrepancies += r.discrepancies;
  stats_.commands += r.commands;
  stats_.last_discrepancies = r.discrepancies;
  stats_.last_orders = n_orders_;
  stats_.last_positions = n_positions_;
  return r;
}

void ReconcileSession::abandon() noexcept {
  rec_.end();
  active_ = false;
}

}  // namespace xtb
