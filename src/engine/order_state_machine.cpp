// order_state_machine.cpp — the transition table and the idempotent fill logic.
#include "engine/order_state_machine.hpp"

#include <cstring>

namespace xtb::engine {
namespace {

constexpr int kStatuses = 10;
constexpr std::int32_t kVenueNoSuchOrder = -2013;  // Binance NO_SUCH_ORDER (error_codes.md)
static_assert(static_cast<int>(OrderStatus::Unknown) == kStatuses - 1);

/// A: apply, S: same state (no change), I: stale/out-of-order (ignored),
/// X: contradiction (ignored, counted), C: CANCELED/EXPIRED → FILLED correction.
enum class Rule : std::uint8_t { A, S, I, X, C };
using enum Rule;

// Rows: current status. Columns: claimed status, in OrderStatus order:
//                                  New Sub Open PF Fill Canc Rej Exp Fail Unk
constexpr Rule kRules[kStatuses][kStatuses] = {
    /* New             */ {S, A, A, A, A, A, A, A, A, A},
    /* Submitting      */ {I, S, A, A, A, A, A, A, A, A},
    /* Open            */ {I, I, S, A, A, A, X, A, X, I},
    /* PartiallyFilled */ {I, I, I, S, A, A, X, A, X, I},
    /* Filled          */ {I, I, I, I, S, I, X, I, X, I},
    /* Canceled        */ {I, I, I, I, C, S, X, I, X, I},
    /* Rejected        */ {I, I, X, X, X, I, S, I, I, I},
    /* Expired         */ {I, I, I, I, C, I, X, S, X, I},
    /* Failed          */ {I, I, X, X, X, X, X, X, S, I},
    /* Unknown         */ {I, I, A, A, A, A, A, A, A, S},
};

constexpr int idx(OrderStatus s) noexcept { return static_cast<int>(s); }

/// Venue NEW means "resting on the book": the engine's Open.
constexpr OrderStatus normalize_venue(OrderStatus s) noexcept {
  return s == OrderStatus::New ? OrderStatus::Open : s;
}

bool seen_trade(const Order& o, std::uint64_t id) noexcept {
  for (std::uint64_t t : o.trade_ids)
    if (t == id) return true;
  return false;
}

void remember_trade(Order& o, std::uint64_t id) noexcept {
  o.trade_ids[o.trade_id_head] = id;
  o.trade_id_head = static_cast<std::uint8_t>((o.trade_id_head + 1) % Order::kTradeIds);
}

}  // namespace

const char* to_string(OrderStatus s) noexcept {
  switch (s) {
    case OrderStatus::New: return "NEW";
    case OrderStatus::Submitting: return "SUBMITTING";
    case OrderStatus::Open: return "OPEN";
    case OrderStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case OrderStatus::Filled: return "FILLED";
    case OrderStatus::Canceled: return "CANCELED";
    case OrderStatus::Rejected: return "REJECTED";
    case OrderStatus::Expired: return "EXPIRED";
    case OrderStatus::Failed: return "FAILED";
    case OrderStatus::Unknown: return "UNKNOWN";
  }
  return "?";
}

const char* to_string(EventSource s) noexcept {
  switch (s) {
    case EventSource::Local: return "local";
    case EventSource::Ws: return "ws";
    case EventSource::Rest: return "rest";
    case EventSource::Reconcile: return "reconcile";
  }
  return "?";
}

void record_transition(Order& o, const OrderTransition& t) noexcept {
  o.history[o.history_head] = t;
  o.history_head = static_cast<std::uint8_t>((o.history_head + 1) % Order::kHistory);
  if (o.history_len < Order::kHistory) ++o.history_len;
  ++o.transitions;
}

void OrderStateMachine::init(Order& o, const OrderCommand& cmd, std::int64_t now_ns) noexcept {
  std::memset(&o, 0, sizeof(Order));
  o.client_id = cmd.client_id;
  o.venue_order_id = cmd.venue_order_id;
  o.generation = cmd.generation;
  o.strategy_id = cmd.strategy_id;
  o.symbol = cmd.symbol;
  o.venue = cmd.venue;
  o.side = cmd.side;
  o.position_side = cmd.position_side;
  o.type = cmd.type;
  o.tif = cmd.tif;
  o.flags = cmd.flags;
  o.status = OrderStatus::New;
  o.px = cmd.px;
  o.stop_px = cmd.stop_px;
  o.orig_qty = cmd.qty;
  o.created_ns = now_ns;
  o.last_update_ns = now_ns;
}

ApplyResult OrderStateMachine::on_submit(Order& o, std::int64_t now_ns) noexcept {
  ApplyResult r = apply_status(o, OrderStatus::Submitting, EventSource::Local, ExecType::None,
                               0, 0, now_ns);
  finish(o, r);
  return r;
}

ApplyResult OrderStateMachine::apply_status(Order& o, OrderStatus to, EventSource src,
                                            ExecType exec, EpochMs venue_ms, std::int32_t code,
                                            std::int64_t now_ns) noexcept {
  ApplyResult r;
  const OrderStatus from = o.status;
  switch (kRules[idx(from)][idx(to)]) {
    case S: r.outcome = ApplyOutcome::NoChange; return r;
    case I: r.outcome = ApplyOutcome::Stale; ++stats_.stale_events; return r;
    case X: r.outcome = ApplyOutcome::Anomaly; ++stats_.anomalies; o.needs_query = true; return r;
    case C: r.corrected = true; ++stats_.corrections; break;
    case A: break;
  }
  if (from == OrderStatus::Unknown) ++stats_.unknown_resolved;
  if (to == OrderStatus::Unknown) {
    ++stats_.unknown_entered;
    o.unknown_since_ns = now_ns;
  }
  o.status = to;
  o.last_update_ns = now_ns;
  if (code != 0) o.last_error = code;
  if (is_terminal(to)) o.cancel_requested = false;
  record_transition(o, OrderTransition{now_ns, venue_ms, 0, o.cum_qty, 0, code, from, to, src, exec});
  r.outcome = ApplyOutcome::Applied;
  r.status_changed = true;
  ++stats_.applied;
  return r;
}

ApplyResult OrderStateMachine::apply_fill(Order& o, const OrderUpdate& u,
                                          std::int64_t now_ns) noexcept {
  ApplyResult r;
  // Venues without fill ids: the cumulative quantity is the only idempotence key.
  const Qty qty = u.trade_id != 0 ? u.last_fill_qty
                                  : (u.cum_qty > o.fill_qty ? u.cum_qty - o.fill_qty : 0);
  if (qty <= 0 || (u.trade_id != 0 && seen_trade(o, u.trade_id))) {
    ++stats_.duplicate_fills;
    r.outcome = ApplyOutcome::DuplicateFill;
    return r;
  }
  Qty ceiling = o.orig_qty;
  if (o.cum_qty > ceiling) ceiling = o.cum_qty;
  if (u.cum_qty > ceiling) ceiling = u.cum_qty;
  if (o.fill_qty + qty > ceiling) {
    // More filled than the order could ever fill: a duplicate whose id we evicted.
    ++stats_.overfill_drops;
    r.outcome = ApplyOutcome::DuplicateFill;
    return r;
  }
  if (u.trade_id != 0) remember_trade(o, u.trade_id);
  o.fill_qty += qty;
  o.fees += u.commission;
  o.venue_realized_pnl += u.realized_pnl;
  o.last_update_ns = now_ns;
  r.has_fill = true;
  r.fill = Fill{o.symbol, o.side, o.position_side, u.is_maker, 0, qty, u.last_fill_px,
                u.commission, u.realized_pnl, u.trade_id, u.commission_asset};
  r.outcome = ApplyOutcome::Applied;
  ++stats_.fills;
  return r;
}

ApplyResult OrderStateMachine::on_venue_update(Order& o, const OrderUpdate& u, EventSource src,
                                               std::int64_t now_ns) noexcept {
  ApplyResult r;
  o.absent_at_venue = false;  // the venue knows it
  if (u.exec_type == ExecType::Trade || u.last_fill_qty > 0) r = apply_fill(o, u, now_ns);
  if (u.venue_order_id != 0 && o.venue_order_id == 0) o.venue_order_id = u.venue_order_id;
  if (u.cum_qty > o.cum_qty) {
    o.cum_qty = u.cum_qty;
    if (u.avg_px != 0) o.avg_px = u.avg_px;
  }
  if (u.exec_type == ExecType::Amendment && !o.terminal()) {
    o.px = u.px;
    o.orig_qty = u.orig_qty;
  }
  OrderStatus to = normalize_venue(u.status);
  // The venue's cumulative fill reached the order size: it is filled, whatever older
  // status text (OPEN / PARTIALLY_FILLED) this event carries.
  if (o.orig_qty > 0 && o.cum_qty >= o.orig_qty &&
      (to == OrderStatus::PartiallyFilled || to == OrderStatus::Open))
    to = OrderStatus::Filled;
  const ApplyResult s =
      apply_status(o, to, src, u.exec_type, u.txn_time_ms, u.reject_code, now_ns);
  if (r.has_fill) {
    if (s.status_changed) {
      // Attach the fill fields to the transition apply_status just wrote.
      OrderTransition& t = o.history[(o.history_head + Order::kHistory - 1) % Order::kHistory];
      t.trade_id = u.trade_id;
      t.last_qty = r.fill.qty;
    } else {
      // A fill without a status change (PARTIALLY_FILLED → PARTIALLY_FILLED, or a
      // late fill on a terminal order) is a transition of its own.
      record_transition(o, OrderTransition{now_ns, u.txn_time_ms, u.trade_id, o.cum_qty,
                                           r.fill.qty, 0, o.status, o.status, src, u.exec_type});
    }
  } else if (r.outcome != ApplyOutcome::DuplicateFill || s.outcome == ApplyOutcome::Applied) {
    r.outcome = s.outcome;
  }
  r.status_changed = s.status_changed;
  r.corrected = s.corrected;
  finish(o, r);
  return r;
}

ApplyResult OrderStateMachine::on_ack(Order& o, const OrderAck& a, std::int64_t now_ns) noexcept {
  ApplyResult r;
  const auto kind = static_cast<CommandKind>(a.request_kind);
  const bool error = a.status == OrderStatus::Rejected || a.status == OrderStatus::Failed ||
                     a.status == OrderStatus::Unknown;
  if (a.venue_order_id != 0 && o.venue_order_id == 0) o.venue_order_id = a.venue_order_id;
  switch (kind) {
    case CommandKind::NewOrder:
      if (a.status == OrderStatus::Rejected && kRules[idx(o.status)][idx(a.status)] == A)
        ++stats_.sync_rejects;
      break;
    case CommandKind::CancelOrder:
    case CommandKind::AmendOrder:
      if (error) {
        // -2011 CANCEL_REJECTED / -2013 NO_SUCH_ORDER: the order probably finished
        // already; its final event may still be on the way. Ask the venue, never guess.
        ++stats_.cancel_rejects;
        o.cancel_requested = false;
        o.needs_query = true;
        if (a.error_code != 0) o.last_error = a.error_code;
        r.outcome = ApplyOutcome::NoChange;
        return r;
      }
      break;
    case CommandKind::QueryOrder:
      if (a.status == OrderStatus::Failed) return on_query_not_found(o, now_ns);
      if (a.status == OrderStatus::Rejected || a.status == OrderStatus::Unknown) {
        // The query itself failed (rate limit, timeout, clock skew): nothing learned;
        // the order keeps its state and is queried again.
        o.needs_query = o.needs_query || o.live();
        r.outcome = ApplyOutcome::NoChange;
        return r;
      }
      o.needs_query = false;
      break;
    default: r.outcome = ApplyOutcome::NoChange; return r;
  }
  if (a.cum_qty > o.cum_qty) {
    o.cum_qty = a.cum_qty;
    if (a.avg_px != 0) o.avg_px = a.avg_px;
  }
  r = apply_status(o, normalize_venue(a.status), EventSource::Rest, ExecType::None, 0,
                   a.error_code, now_ns);
  finish(o, r);
  return r;
}

ApplyResult OrderStateMachine::on_outcome_unknown(Order& o, std::int32_t code,
                                                  std::int64_t now_ns) noexcept {
  ApplyResult r;
  if (o.status != OrderStatus::Submitting && o.status != OrderStatus::New) {
    r.outcome = ApplyOutcome::Stale;  // the venue already told us; nothing is unknown
    return r;
  }
  r = apply_status(o, OrderStatus::Unknown, EventSource::Local, ExecType::None, 0, code, now_ns);
  finish(o, r);
  return r;
}

ApplyResult OrderStateMachine::on_query_not_found(Order& o, std::int64_t now_ns) noexcept {
  ApplyResult r;
  o.needs_query = false;
  if (o.status == OrderStatus::Unknown || o.status == OrderStatus::Submitting) {
    r = apply_status(o, OrderStatus::Failed, EventSource::Rest, ExecType::None, 0, 0, now_ns);
    finish(o, r);
    return r;
  }
  if (o.live() && o.absent_at_venue) {
    // Neither the full open-orders snapshot nor a query by client id knows it: the venue
    // lost it (e.g. restarted). Waiting cannot bring it back; close it locally.
    ++stats_.venue_lost;
    r = apply_status(o, OrderStatus::Expired, EventSource::Rest, ExecType::None, 0, kVenueNoSuchOrder, now_ns);
    finish(o, r);
    return r;
  }
  if (o.live()) {
    // Venue says "no such order" for an order it reported live: the next
    // reconciliation's full snapshot confirms (then the query above closes it).
    ++stats_.anomalies;
    ++stats_.query_not_found_live;
    o.needs_query = true;
    r.outcome = ApplyOutcome::Anomaly;
    return r;
  }
  r.outcome = ApplyOutcome::NoChange;
  return r;
}

ApplyResult OrderStateMachine::on_reconciled(Order& o, OrderStatus venue_status,
                                             Qty venue_cum_qty, std::int64_t now_ns) noexcept {
  if (venue_cum_qty > o.cum_qty) o.cum_qty = venue_cum_qty;
  o.needs_query = false;
  ApplyResult r = apply_status(o, normalize_venue(venue_status), EventSource::Reconcile,
                               ExecType::None, 0, 0, now_ns);
  finish(o, r);
  return r;
}

void OrderStateMachine::finish(Order& o, ApplyResult& r) noexcept {
  if (o.terminal() && !o.terminal_notified) {
    o.terminal_notified = true;
    r.became_terminal = true;
    ++stats_.terminal_callbacks;
  }
}

}  // namespace xtb::engine
