// order_manager_recovery.cpp — reconciliation hooks and journal replay of OrderManager.
// Every hook writes a Local record so that replay() reproduces the same state.
#include <cstring>

#include "engine/order_manager.hpp"

namespace xtb::engine {

Order* OrderManager::adopt_order(const VenueOrder& v, std::int64_t now_ns) noexcept {
  if (v.client_id.empty() || store_.find(v.client_id) != nullptr) return nullptr;
  // The venue knows this id: ours from now on, and never issued again (a restart whose
  // journal lost it, or a clock that went back, cannot make the allocator reuse it).
  ids_.observe(v.client_id.view());
  const OrderStore::CreateResult c = store_.create(v.client_id);
  if (c.order == nullptr) return nullptr;
  Order& o = *c.order;
  OrderCommand cmd;
  std::memset(&cmd, 0, sizeof(cmd));
  cmd.kind = CommandKind::NewOrder;
  cmd.side = v.side;
  cmd.position_side = v.position_side;
  cmd.type = v.type;
  cmd.tif = v.tif;
  cmd.flags = v.flags;
  cmd.symbol = v.symbol;
  cmd.px = v.px;
  cmd.stop_px = v.stop_px;
  cmd.qty = v.orig_qty;
  cmd.generation = generation_;
  cmd.client_id = v.client_id;
  sm_.init(o, cmd, now_ns);
  o.avg_px = v.avg_px;
  o.fill_qty = v.cum_qty;  // already inside the venue position; never re-applied
  if (v.venue_order_id != 0) store_.bind_venue_id(o, v.venue_order_id);
  LocalRecord l{};
  l.kind = LocalKind::OrderAdopt;
  l.side = v.side;
  l.position_side = v.position_side;
  l.status = v.status;
  l.type = v.type;
  l.tif = v.tif;
  l.flags = v.flags;
  l.symbol = v.symbol;
  l.value = v.venue_order_id;
  l.px = v.px;
  l.qty = v.orig_qty;
  l.cum_qty = v.cum_qty;
  l.client_id = v.client_id;
  journal_local(l, now_ns);
  ++stats_.adopted_orders;
  after_apply(o, sm_.on_reconciled(o, v.status, v.cum_qty, now_ns), now_ns);
  return &o;
}

void OrderManager::reconcile_order(Order& o, OrderStatus venue_status, Qty venue_cum_qty,
                                   std::uint64_t venue_order_id, std::int64_t now_ns) noexcept {
  if (venue_order_id != 0 && o.venue_order_id == 0) store_.bind_venue_id(o, venue_order_id);
  LocalRecord l{};
  l.kind = LocalKind::OrderReconciled;
  l.status = venue_status;
  l.cum_qty = venue_cum_qty;
  l.value = venue_order_id;
  l.client_id = o.client_id;
  journal_local(l, now_ns);
  after_apply(o, sm_.on_reconciled(o, venue_status, venue_cum_qty, now_ns), now_ns);
}

DriftKind OrderManager::adopt_position(SymbolId s, PositionSide side, Qty venue_qty,
                                       Price venue_entry_px, std::int64_t now_ns) noexcept {
  const DriftKind k = positions_.adopt_venue(s, side, venue_qty, venue_entry_px, now_ns);
  if (k == DriftKind::None) return k;
  LocalRecord l{};
  l.kind = LocalKind::PositionAdopt;
  l.symbol = s;
  l.position_side = side;
  l.qty = venue_qty;
  l.px = venue_entry_px;
  journal_local(l, now_ns);
  ++stats_.drifts;
  return k;
}

void OrderManager::replay_local(const LocalRecord& l, std::int64_t t_ns) noexcept {
  Order* o = l.client_id.empty() ? nullptr : store_.find(l.client_id);
  switch (l.kind) {
    case LocalKind::Version: break;
    case LocalKind::OutcomeUnknown:
      if (o != nullptr) mark_unknown(*o, l.code, t_ns);
      break;
    case LocalKind::Generation: generation_ = l.value; break;
    case LocalKind::PositionAdopt:
      positions_.adopt_venue(l.symbol, l.position_side, l.qty, l.px, t_ns);
      break;
    case LocalKind::OrderAdopt: {
      VenueOrder v{};
      v.client_id = l.client_id;
      v.venue_order_id = l.value;
      v.symbol = l.symbol;
      v.side = l.side;
      v.position_side = l.position_side;
      v.type = l.type;
      v.tif = l.tif;
      v.flags = l.flags;
      v.status = l.status;
      v.px = l.px;
      v.orig_qty = l.qty;
      v.cum_qty = l.cum_qty;
      adopt_order(v, t_ns);
      break;
    }
    case LocalKind::OrderReconciled:
      if (o != nullptr) reconcile_order(*o, l.status, l.cum_qty, l.value, t_ns);
      break;
    case LocalKind::CancelSent:
      if (o != nullptr) o->cancel_requested = true;
      break;
    case LocalKind::Dropped:
      // The live engine lost records here: whatever follows may not explain the
      // venue's state, so reconciliation must run after recovery.
      reconcile_requested_ = true;
      break;
  }
}

namespace {
// A record that passed the CRC can still carry impossible values (a bit flip the CRC
// missed, a journal of another build): a client id longer than its buffer, an enum past
// its last value (state tables are indexed by them) or counts past their arrays would read
// out of bounds, so such records are skipped.
bool sane(const ClientOrderId& id) noexcept { return id.len <= ClientOrderId::kMax; }
bool sane(OrderStatus s) noexcept { return s <= OrderStatus::Unknown; }
bool sane(Side s, PositionSide ps, OrderType t, TimeInForce tif) noexcept {
  return s <= Side::Sell && ps <= PositionSide::Short && t <= OrderType::Liquidation && tif <= TimeInForce::GTD;
}
bool sane(const OrderCommand& c) noexcept {
  return sane(c.client_id) && sane(c.side, c.position_side, c.type, c.tif) && c.working_type <= WorkingType::ContractPrice;
}
bool sane(const UpdateRecord& u) noexcept {
  const OrderUpdate& x = u.update;
  return u.source <= EventSource::Reconcile && sane(x.client_id) && sane(x.status) &&
         sane(x.side, x.position_side, x.type, x.tif) && x.exec_type <= ExecType::Amendment &&
         x.working_type <= WorkingType::ContractPrice;
}
bool sane(const OrderAck& a) noexcept {
  return sane(a.client_id) && sane(a.status);
}
bool sane(const AccountUpdate& a) noexcept {
  if (a.n_positions > AccountUpdate::kMaxPositions || a.n_balances > AccountUpdate::kMaxBalances) return false;
  for (int i = 0; i < a.n_positions; ++i)
    if (a.positions[i].side > PositionSide::Short) return false;
  return true;
}
bool sane(const LocalRecord& l) noexcept {
  return l.kind <= LocalKind::Dropped && sane(l.client_id) && sane(l.status) &&
         sane(l.side, l.position_side, l.type, l.tif);
}
}  // namespace

void OrderManager::replay(const JournalRecord& r) noexcept {
  replaying_ = true;
  const std::int64_t t = r.h.t_ns;
  // Every client id the journal mentions (intent, venue update, ack, local decision) is
  // observed, applied or not: the allocator never issues it again (docs/journal.md).
  switch (r.h.type) {
    case RecordType::Version: break;
    case RecordType::Instrument: break;  // mapped before replay (journal_instruments.hpp)
    case RecordType::Intent: {
      OrderCommand cmd;
      if (payload_as(r, cmd) && sane(cmd.client_id)) ids_.observe(cmd.client_id.view());
      if (!payload_as(r, cmd) || cmd.kind != CommandKind::NewOrder || !sane(cmd)) break;
      const OrderStore::CreateResult c = store_.create(cmd.client_id);
      if (c.order == nullptr) break;
      sm_.init(*c.order, cmd, t);
      after_apply(*c.order, sm_.on_submit(*c.order, t), t);
      break;
    }
    case RecordType::Update: {
      UpdateRecord u;
      if (payload_as(r, u) && sane(u.update.client_id)) ids_.observe(u.update.client_id.view());
      if (payload_as(r, u) && sane(u)) on_update(u.update, u.source, t);
      break;
    }
    case RecordType::Ack: {
      OrderAck a;
      if (payload_as(r, a) && sane(a.client_id)) ids_.observe(a.client_id.view());
      if (payload_as(r, a) && sane(a)) on_ack(a, t);
      break;
    }
    case RecordType::Account: {
      AccountUpdate a;
      if (payload_as(r, a) && sane(a)) on_account(a, t);
      break;
    }
    case RecordType::Local: {
      LocalRecord l;
      if (payload_as(r, l) && sane(l.client_id)) ids_.observe(l.client_id.view());
      if (payload_as(r, l) && sane(l)) replay_local(l, t);
      break;
    }
  }
  replaying_ = false;
}

void OrderManager::finish_recovery(std::int64_t now_ns) noexcept {
  store_.for_each([&](Order& o) {
    ids_.observe(o.client_id.view());
    // Journal times come from the previous process's clock: restart every timer at
    // `now` so no decision is taken on a time base that may not compare.
    o.last_update_ns = now_ns;
    o.last_query_ns = 0;
    if (o.status == OrderStatus::Unknown) o.unknown_since_ns = now_ns;
    // Intent on disk, fate unknown (the crash may have come before or after the send):
    // resolve by query after the venue's recvWindow, never by resubmitting.
    if (o.status == OrderStatus::Submitting) mark_unknown(o, 0, now_ns);
  });
  reconcile_requested_ = true;  // state from disk is re-checked against the venue
}

}  // namespace xtb::engine
