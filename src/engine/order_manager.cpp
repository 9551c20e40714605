// order_manager.cpp — event entry points, journaling and the periodic work.
#include "engine/order_manager.hpp"

#include <cstring>

#include "engine/journal_instruments.hpp"

namespace xtb::engine {
namespace {

/// Protective exchange-side stops (STOP_MARKET closePosition, seed 002 Step 9.3) survive
/// shutdown and the kill switch: they are what protects the position when we are gone.
bool is_protective(const Order& o) noexcept {
  return (o.flags & OrderCommand::kClosePosition) != 0;
}

}  // namespace

OrderManager::OrderManager(const OrderManagerConfig& cfg, OrderIdAllocator& ids,
                           PositionBook& positions, RiskGate& risk, JournalSink* journal,
                           OrderListener* listener)
    : cfg_(cfg),
      ids_(ids),
      positions_(positions),
      risk_(risk),
      journal_(journal),
      listener_(listener),
      store_(cfg.capacity),
      generation_(cfg.generation) {}

void OrderManager::journal(RecordType t, const void* p, std::uint16_t len,
                           std::int64_t now_ns) noexcept {
  if (replaying_ || journal_ == nullptr) return;
  if (names_ != nullptr) journal_instruments(t, p, len, now_ns);
  if (!journal_->append(t, p, len, now_ns)) {
    // The record is lost: our file no longer explains our state, so the venue must.
    ++stats_.journal_failures;
    reconcile_requested_ = true;
  }
}

void OrderManager::journal_local(const LocalRecord& l, std::int64_t now_ns) noexcept {
  journal(RecordType::Local, &l, sizeof(l), now_ns);
}

void OrderManager::set_instrument_names(const InstrumentNames* names) {
  names_ = names;
  named_cap_ = names == nullptr ? 0 : names->capacity();
  named_ = std::make_unique<std::uint8_t[]>(named_cap_ > 0 ? named_cap_ : 1);
}

Venue OrderManager::venue_of(SymbolId symbol) const noexcept {
  return names_ == nullptr || symbol == kNoSymbol ? Venue::None : names_->venue(symbol);
}

void OrderManager::journal_instruments(RecordType t, const void* p, std::uint16_t len, std::int64_t now_ns) noexcept {
  SymbolId ids[4];
  const std::size_t n = record_symbols(t, p, len, ids);
  for (std::size_t i = 0; i < n; ++i) {
    const SymbolId s = ids[i];
    if (s >= named_cap_ || named_[s] != 0) continue;
    const InstrumentRecord r = make_instrument_record(s, names_->venue(s), names_->name(s));
    // A dropped record stays unflagged: the next record using the id tries again.
    if (journal_->append(RecordType::Instrument, &r, sizeof(r), now_ns)) named_[s] = 1;
    else ++stats_.journal_failures;
  }
}

void OrderManager::poll_journal(std::int64_t now_ns) noexcept {
  if (journal_failed_ || replaying_ || journal_ == nullptr || !journal_->failed()) return;
  // Records no longer reach the disk: an intent placed now could be forgotten by a
  // restart. Stop for good — no fault window, no reset (docs/journal.md).
  journal_failed_ = true;
  risk_.record_fault(FaultKind::JournalDrop, now_ns);  // counted; the trip does not wait for it
  risk_.set_state(TradingState::Halted);
  kill_cancels_pending_ = true;
  if (listener_ != nullptr) listener_->on_kill_switch();
}

Exposure OrderManager::exposure(SymbolId s, PositionSide side) const noexcept {
  const Position* p = positions_.get(s, side);
  if (p == nullptr) return {};
  return Exposure{p->qty, p->open_buy_qty, p->open_sell_qty};
}

void OrderManager::update_exposure(Order& o) noexcept {
  const Qty now_e = o.live() ? o.leaves_qty() : 0;
  if (now_e == o.exposure_qty) return;
  positions_.add_open_exposure(o.symbol, o.position_side, o.side, now_e - o.exposure_qty);
  o.exposure_qty = now_e;
}

void OrderManager::after_apply(Order& o, const ApplyResult& r, std::int64_t now_ns) noexcept {
  if (r.has_fill) positions_.apply_fill(r.fill, now_ns);
  update_exposure(o);
  if (r.outcome == ApplyOutcome::Anomaly) reconcile_requested_ = true;
  if (!replaying_ && listener_ != nullptr) {
    if (r.has_fill) listener_->on_order_fill(o, r.fill);
    if (r.became_terminal)
      listener_->on_order_terminal(o);
    else if (r.status_changed)
      listener_->on_order_status(o);
  }
  if (o.terminal()) store_.retire(o);
}

Order* OrderManager::lookup(const ClientOrderId& id, std::uint64_t venue_order_id) noexcept {
  Order* o = id.empty() ? nullptr : store_.find(id);
  if (o == nullptr) o = store_.find_by_venue_id(venue_order_id);
  return o;
}

PlaceResult OrderManager::place(OrderCommand& cmd, Price ref_px, std::int64_t now_ns) noexcept {
  poll_journal(now_ns);  // a failed journal halts trading before this intent is made
  if (cmd.kind != CommandKind::NewOrder) {
    risk_.count_reject(RejectReason::BadOrder);
    return {RejectReason::BadOrder, nullptr};
  }
  if (!store_.can_create()) {
    risk_.count_reject(RejectReason::StoreFull);
    return {RejectReason::StoreFull, nullptr};
  }
  cmd.generation = generation_;
  const RejectReason rr =
      risk_.check_new(cmd, exposure(cmd.symbol, cmd.position_side), ref_px, now_ns);
  if (rr != RejectReason::None) return {rr, nullptr};
  if (cmd.client_id.empty()) {
    cmd.client_id = ids_.next();
    if (cmd.client_id.empty()) {
      risk_.count_reject(RejectReason::IdExhausted);
      return {RejectReason::IdExhausted, nullptr};
    }
  }
  const OrderStore::CreateResult c = store_.create(cmd.client_id);
  if (c.order == nullptr) {
    const RejectReason why =
        c.error == StoreError::Duplicate ? RejectReason::DuplicateClientId
        : c.error == StoreError::Full    ? RejectReason::StoreFull
                                         : RejectReason::BadOrder;
    risk_.count_reject(why);
    return {why, nullptr};
  }
  Order& o = *c.order;
  sm_.init(o, cmd, now_ns);
  // Journal BEFORE the command can reach the venue: after a crash the intent is on disk,
  // so recovery knows the id and resolves it by query instead of forgetting it.
  journal(RecordType::Intent, &cmd, sizeof(cmd), now_ns);
  after_apply(o, sm_.on_submit(o, now_ns), now_ns);
  return {RejectReason::None, &o};
}

OrderCommand OrderManager::make_command(const Order& o, CommandKind k,
                                        bool risk_order) const noexcept {
  OrderCommand c;
  std::memset(&c, 0, sizeof(c));
  c.kind = k;
  c.venue = o.venue;
  c.side = o.side;
  c.position_side = o.position_side;
  c.type = o.type;
  c.tif = o.tif;
  c.flags = static_cast<std::uint8_t>((o.flags & ~OrderCommand::kRiskOrder) |
                                      (risk_order ? OrderCommand::kRiskOrder : 0));
  c.symbol = o.symbol;
  c.px = o.px;
  c.stop_px = o.stop_px;
  c.qty = o.orig_qty;
  c.venue_order_id = o.venue_order_id;
  c.generation = generation_;
  c.strategy_id = o.strategy_id;
  c.client_id = o.client_id;
  return c;
}

RejectReason OrderManager::request_cancel(const ClientOrderId& id, bool risk_order,
                                          std::int64_t now_ns, OrderCommand& out) noexcept {
  Order* o = store_.find(id);
  if (o == nullptr || !o->live()) {
    risk_.count_reject(RejectReason::BadOrder);
    return RejectReason::BadOrder;
  }
  const OrderCommand c = make_command(*o, CommandKind::CancelOrder, risk_order);
  const RejectReason rr = risk_.check_cancel(c, now_ns);
  if (rr != RejectReason::None) return rr;
  o->cancel_requested = true;
  LocalRecord l{};
  l.kind = LocalKind::CancelSent;
  l.client_id = o->client_id;
  journal_local(l, now_ns);
  ++stats_.cancels_issued;
  out = c;
  return RejectReason::None;
}

bool OrderManager::on_event(const Event& ev, EventSource src, std::int64_t now_ns) noexcept {
  switch (ev.h.type) {
    case EventType::OrderUpdate: on_update(ev.order_update, src, now_ns); return true;
    case EventType::OrderAck: on_ack(ev.order_ack, now_ns, ev.h.venue); return true;
    case EventType::AccountUpdate: on_account(ev.account_update, now_ns); return true;
    default: return false;
  }
}

void OrderManager::on_update(const OrderUpdate& u, EventSource src, std::int64_t now_ns) noexcept {
  Order* o = lookup(u.client_id, u.venue_order_id);
  if (o == nullptr) {
    // Ours but not held (recycled, or lost): the venue decides. Another run's order (a second
    // instance on the account, review B9) is not ours; a stop of our prefix may be.
    if (ids_.this_run(u.client_id.view()) || (ids_.owns(u.client_id.view()) && u.close_position)) {
      ++stats_.unknown_own_orders;
      reconcile_requested_ = true;
    } else {
      ++stats_.foreign_orders;
    }
    return;
  }
  if (o->generation != generation_) {
    ++stats_.stale_generation;
    return;
  }
  if (u.venue_order_id != 0 && o->venue_order_id != u.venue_order_id)
    store_.bind_venue_id(*o, u.venue_order_id);
  const ApplyResult r = sm_.on_venue_update(*o, u, src, now_ns);
  UpdateRecord rec{};
  rec.source = src;
  rec.update = u;
  journal(RecordType::Update, &rec, sizeof(rec), now_ns);
  after_apply(*o, r, now_ns);
}

void OrderManager::on_ack(const OrderAck& a, std::int64_t now_ns, Venue venue) noexcept {
  if (!replaying_) {  // venue usage headers are valid whatever the generation
    risk_.observe_used_weight(a.used_weight_1m, now_ns, venue);
    risk_.observe_order_count_10s(a.order_count_10s, now_ns, venue);
  }
  if (a.generation != generation_) {
    ++stats_.stale_generation;  // a reply to a command of another cycle (seed 004 §3.4)
    return;
  }
  Order* o = lookup(a.client_id, a.venue_order_id);
  if (o == nullptr) {
    ++stats_.orphan_acks;
    return;
  }
  if (a.venue_order_id != 0 && o->venue_order_id != a.venue_order_id)
    store_.bind_venue_id(*o, a.venue_order_id);
  const ApplyResult r = sm_.on_ack(*o, a, now_ns);
  journal(RecordType::Ack, &a, sizeof(a), now_ns);
  after_apply(*o, r, now_ns);
  if (replaying_) return;
  bool tripped = false;
  if (a.http_status == 429 || a.http_status == 418)
    tripped |= risk_.record_fault(FaultKind::RateLimited, now_ns);
  if (r.status_changed && o->status == OrderStatus::Rejected)
    tripped |= risk_.record_fault(FaultKind::VenueReject, now_ns);
  if (r.status_changed && o->status == OrderStatus::Unknown)
    tripped |= risk_.record_fault(FaultKind::OrderUnknown, now_ns);
  if (tripped) {
    kill_cancels_pending_ = true;
    if (listener_ != nullptr) listener_->on_kill_switch();
  }
}

void OrderManager::on_account(const AccountUpdate& a, std::int64_t now_ns) noexcept {
  const int n = a.n_positions < AccountUpdate::kMaxPositions ? a.n_positions
                                                             : AccountUpdate::kMaxPositions;
  for (int i = 0; i < n; ++i) {
    const AccountUpdate::Position& p = a.positions[i];
    positions_.on_venue_position(p.symbol, p.side, p.amount, p.entry_px, now_ns);
  }
  journal(RecordType::Account, &a, sizeof(a), now_ns);
}

void OrderManager::mark_unknown(Order& o, std::int32_t code, std::int64_t now_ns) noexcept {
  const ApplyResult r = sm_.on_outcome_unknown(o, code, now_ns);
  if (!r.status_changed) return;
  LocalRecord l{};
  l.kind = LocalKind::OutcomeUnknown;
  l.code = code;
  l.client_id = o.client_id;
  journal_local(l, now_ns);
  after_apply(o, r, now_ns);
}

void OrderManager::on_disconnect(std::int32_t reason, std::int64_t now_ns) noexcept {
  store_.for_each([&](Order& o) {
    if (o.status == OrderStatus::Submitting) mark_unknown(o, reason, now_ns);
  });
  if (!replaying_ && risk_.record_fault(FaultKind::Disconnect, now_ns)) {
    kill_cancels_pending_ = true;
    if (listener_ != nullptr) listener_->on_kill_switch();
  }
}

std::uint32_t OrderManager::on_timer(std::int64_t now_ns, OrderCommand* out,
                                     std::uint32_t max) noexcept {
  std::uint32_t n = 0;
  poll_journal(now_ns);
  if (kill_cancels_pending_) {
    n = cancel_all_own(CancelScope{true, true}, now_ns, out, max);  // never another run's (B9)
    // More left, or some refused by the venue budget: continue on the next tick.
    kill_cancels_pending_ = n == max || cancel_all_deferred_;
  }
  store_.for_each([&](Order& o) {
    if (o.status == OrderStatus::Submitting && now_ns - o.last_update_ns >= cfg_.submit_timeout_ns)
      mark_unknown(o, 0, now_ns);
    const bool doubtful =
        (o.status == OrderStatus::Unknown && now_ns - o.unknown_since_ns >= cfg_.unknown_query_delay_ns) ||
        (o.needs_query && !o.retired);
    if (!doubtful || n >= max) return;
    if (o.last_query_ns != 0 && now_ns - o.last_query_ns < cfg_.query_interval_ns) return;
    const OrderCommand q = make_command(o, CommandKind::QueryOrder, true);
    if (risk_.check_request(q, now_ns) != RejectReason::None) {
      ++stats_.queries_deferred;  // still doubtful, last_query_ns unchanged: next tick asks
      return;
    }
    out[n++] = q;
    o.last_query_ns = now_ns;
    ++stats_.queries_issued;
  });
  PositionDrift drifts[8];
  for (;;) {
    const std::uint32_t k = positions_.reconcile_drift(now_ns, cfg_.position_settle_ns, drifts, 8);
    for (std::uint32_t i = 0; i < k; ++i) {
      LocalRecord l{};
      l.kind = LocalKind::PositionAdopt;
      l.symbol = drifts[i].symbol;
      l.position_side = drifts[i].side;
      l.qty = drifts[i].venue_qty;
      l.px = drifts[i].venue_entry_px;
      journal_local(l, now_ns);
      ++stats_.drifts;
    }
    if (k < 8) break;
  }
  return n;
}

std::uint32_t OrderManager::cancel_all_own(CancelScope scope, std::int64_t now_ns,
                                           OrderCommand* out, std::uint32_t max) noexcept {
  std::uint32_t n = 0;
  cancel_all_deferred_ = false;
  store_.for_each([&](Order& o) {
    if (n >= max || !o.live() || o.cancel_requested) return;
    if (scope.this_run_only && !ids_.this_run(o.client_id.view())) return;
    if (scope.keep_protective && is_protective(o)) return;
    const OrderCommand c = make_command(o, CommandKind::CancelOrder, true);
    if (risk_.check_cancel(c, now_ns) != RejectReason::None) {
      ++stats_.cancels_deferred;  // venue hard cap: cancel_requested stays unset
      cancel_all_deferred_ = true;
      return;
    }
    out[n++] = c;
    o.cancel_requested = true;
    LocalRecord l{};
    l.kind = LocalKind::CancelSent;
    l.client_id = o.client_id;
    journal_local(l, now_ns);
    ++stats_.cancels_issued;
  });
  return n;
}

void OrderManager::begin_generation(std::uint64_t generation, std::int64_t now_ns) noexcept {
  generation_ = generation;
  LocalRecord l{};
  l.kind = LocalKind::Generation;
  l.value = generation;
  journal_local(l, now_ns);
}

}  // namespace xtb::engine
