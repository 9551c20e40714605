// order_manager.hpp — the sequencer's order service: store + state machine + positions +
// risk + journal, behind one event-driven API (seed 003 §2.3 "order_service").
//
// Every state change enters through one of the methods below and is journaled:
//   place()           risk → allocate id → create → journal Intent → Submitting
//                     (the intent is on its way to disk BEFORE the command is published)
//   request_cancel()  risk (cancel rate) → CancelOrder command, journal Local CancelSent
//   on_update()/on_ack()/on_account()  apply venue truth, then journal it
//   on_disconnect(), on_timer()         local decisions (Unknown, queries, drift adoption,
//                                       kill-switch cancel-all), journaled as Local
// Venue budget (RiskGate venue limits): every command built here is checked and booked
// by the gate — place() and request_cancel() through check_new/check_cancel, the
// timer's QueryOrder through check_request, cancel_all_own() through check_cancel (risk
// cancels: hard cap only). A refused query is not marked sent (last_query_ns unchanged),
// so the next on_timer() asks again; a refused cancel leaves `cancel_requested` unset, so
// cancel_all_own()/the kill switch pick the order up again (cancel_all_deferred()). The
// venue's X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-10S, carried by every OrderAck, are fed
// to RiskGate::observe_used_weight / observe_order_count_10s.
// Generation token (seed 004 §3.4): acks whose `generation` differs from the current one
// and updates for orders of another generation are dropped and counted, never applied.
// Updates for client ids we do not hold: ours by prefix → counted and a reconciliation
// is requested (the reconciler adopts it); foreign → counted and ignored.
// Replay: replay() feeds a journal record through the same code with journaling and
// callbacks off, and shows every client id in it to the allocator (never reissued);
// finish_recovery() turns every Submitting order (intent journaled, fate unknown) into
// Unknown so it is resolved by query, never resubmitted.
// Journal write failure (JournalSink::failed(), polled by place() and on_timer()): the
// kill switch trips at once (no fault window): HALTED, cancels of our regular orders.
// Thread: sequencer only. No allocation after construction.
#pragma once
#include <cstdint>
#include <memory>

#include "core/command.hpp"
#include "core/event.hpp"
#include "engine/journal_format.hpp"
#include "engine/order_id_allocator.hpp"
#include "engine/order_state_machine.hpp"
#include "engine/order_store.hpp"
#include "engine/positions.hpp"
#include "engine/risk.hpp"

namespace xtb::engine {
class InstrumentNames;  // engine/journal_instruments.hpp
}  // namespace xtb::engine

namespace xtb::engine {

/// Strategy-facing callbacks, invoked on the sequencer thread after state is updated.
/// Implementations must not call back into OrderManager mutators from inside.
class OrderListener {
 public:
  virtual void on_order_fill(const Order&, const Fill&) noexcept {}
  virtual void on_order_status(const Order&) noexcept {}    ///< non-terminal status change
  virtual void on_order_terminal(const Order&) noexcept {}  ///< exactly once per order
  virtual void on_kill_switch() noexcept {}                 ///< the kill switch tripped

 protected:
  ~OrderListener() = default;
};

struct OrderManagerConfig {
  std::uint32_t capacity = 4096;                     ///< order slots
  std::int64_t submit_timeout_ns = 10'000'000'000;   ///< no answer → Unknown
  std::int64_t unknown_query_delay_ns = 6'000'000'000;  ///< ≥ venue recvWindow (5 s) + margin
  std::int64_t query_interval_ns = 2'000'000'000;    ///< between queries of one order
  std::int64_t position_settle_ns = 3'000'000'000;   ///< drift must persist this long
  std::uint64_t generation = 1;
};

struct ManagerStats {
  std::uint64_t stale_generation = 0;    ///< acks/updates of another generation dropped
  std::uint64_t unknown_own_orders = 0;  ///< updates for an id of ours we do not hold
  std::uint64_t foreign_orders = 0;      ///< updates for ids that are not ours
  std::uint64_t orphan_acks = 0;         ///< acks for ids we do not hold
  std::uint64_t queries_issued = 0;
  std::uint64_t cancels_issued = 0;
  std::uint64_t journal_failures = 0;    ///< sink refused a record
  std::uint64_t drifts = 0;
  std::uint64_t adopted_orders = 0;
  std::uint64_t queries_deferred = 0;    ///< timer queries refused by the venue budget (retried)
  std::uint64_t cancels_deferred = 0;    ///< cancel_all_own cancels refused by it (retried)
};

struct PlaceResult {
  RejectReason reject;  ///< None when the command may be published
  Order* order;         ///< the new order (nullptr when rejected)
};

class OrderManager {
 public:
  /// All references must outlive the manager. `journal`/`listener` may be null.
  OrderManager(const OrderManagerConfig& cfg, OrderIdAllocator& ids, PositionBook& positions,
               RiskGate& risk, JournalSink* journal, OrderListener* listener);
  OrderManager(const OrderManager&) = delete;
  OrderManager& operator=(const OrderManager&) = delete;

  /// Risk-checks and registers a NewOrder. On success `cmd.client_id` (assigned here if
  /// empty) and `cmd.generation` are filled in, the intent is journaled and the order is
  /// Submitting; the caller then publishes `cmd` on R3. `ref_px` values market orders.
  PlaceResult place(OrderCommand& cmd, Price ref_px, std::int64_t now_ns) noexcept;

  /// Builds a CancelOrder for a live order into `out`. Returns None, or the reject
  /// reason (CancelRateLimit, BadOrder when the id is unknown or not live).
  RejectReason request_cancel(const ClientOrderId& id, bool risk_order, std::int64_t now_ns,
                              OrderCommand& out) noexcept;

  /// Dispatches an R2 event: OrderUpdate → on_update, OrderAck → on_ack, AccountUpdate →
  /// on_account. Returns false (nothing done) for other event types. `src` tells where
  /// the bytes came from (the event does not say: user stream vs REST connection).
  bool on_event(const Event& ev, EventSource src, std::int64_t now_ns) noexcept;

  void on_update(const OrderUpdate& u, EventSource src, std::int64_t now_ns) noexcept;
  void on_ack(const OrderAck& a, std::int64_t now_ns, Venue venue = Venue::None) noexcept;
  void on_account(const AccountUpdate& a, std::int64_t now_ns) noexcept;
  /// The order-entry connection dropped: every Submitting order becomes Unknown.
  void on_disconnect(std::int32_t reason, std::int64_t now_ns) noexcept;

  /// Periodic work; writes up to `max` commands (QueryOrder for Unknown/doubtful
  /// orders, CancelOrder for the kill switch) to `out` and returns how many.
  std::uint32_t on_timer(std::int64_t now_ns, OrderCommand* out, std::uint32_t max) noexcept;

  /// Which orders cancel_all_own() cancels.
  struct CancelScope {
    bool this_run_only = true;    ///< only ids of this run (shutdown default, seed 002)
    bool keep_protective = true;  ///< leave closePosition stops resting (issue 6 shutdown)
  };
  /// Writes risk-flagged CancelOrder commands for live orders of ours in `scope` that
  /// have no cancel outstanding (at most `max`; call again for the rest). Returns count.
  /// Cancels the venue budget refuses (RiskGate hard cap) are not written and the order
  /// keeps no cancel outstanding: cancel_all_deferred() is then true — call again later.
  std::uint32_t cancel_all_own(CancelScope scope, std::int64_t now_ns, OrderCommand* out,
                               std::uint32_t max) noexcept;
  /// True when the latest cancel_all_own() left orders uncancelled for lack of budget.
  bool cancel_all_deferred() const noexcept { return cancel_all_deferred_; }

  /// Starts a new generation: from now on replies tagged with another one are dropped.
  void begin_generation(std::uint64_t generation, std::int64_t now_ns) noexcept;
  std::uint64_t generation() const noexcept { return generation_; }

  /// Reconciliation hooks (reconciler.hpp); each is journaled.
  /// Creates a record for an order of ours the venue holds and we do not (status and
  /// cum qty from the venue; fill_qty starts at cum — fills before adoption are
  /// reflected in the venue position, never re-created). nullptr if the store is full
  /// or the id is held already.
  Order* adopt_order(const VenueOrder& v, std::int64_t now_ns) noexcept;
  /// Sets status/cum qty from a venue snapshot (and binds `venue_order_id` if unknown).
  void reconcile_order(Order& o, OrderStatus venue_status, Qty venue_cum_qty,
                       std::uint64_t venue_order_id, std::int64_t now_ns) noexcept;
  DriftKind adopt_position(SymbolId s, PositionSide side, Qty venue_qty, Price venue_entry_px,
                           std::int64_t now_ns) noexcept;

  /// Attaches (or detaches, nullptr) the journal sink; cold path (after recovery).
  void set_journal(JournalSink* journal) noexcept { journal_ = journal; }
  /// True once the journal sink reported a write failure (JournalSink::failed, polled by
  /// place() and on_timer()): the kill switch tripped then — trading HALTED, no new intent
  /// (it could not be made durable), this run's regular orders cancelled.
  bool journal_failed() const noexcept { return journal_failed_; }
  /// Names symbol ids for the journal: before the first record of this process that uses
  /// an id, an Instrument record says which (venue, symbol) it is (journal_instruments.hpp).
  /// Without it (tests) no Instrument record is written. Cold path: allocates the
  /// "already journaled" flags (names->capacity() bytes).
  void set_instrument_names(const InstrumentNames* names);
  /// The venue of `symbol` (through the InstrumentNames; None without them or for an unknown id).
  Venue venue_of(SymbolId symbol) const noexcept;

  /// A command of kind `k` (CancelOrder, QueryOrder) addressed to `o`, tagged with the
  /// current generation; `risk_order` sets OrderCommand::kRiskOrder.
  OrderCommand command_for(const Order& o, CommandKind k, bool risk_order) const noexcept {
    return make_command(o, k, risk_order);
  }

  /// Journal replay (cold path, before trading starts).
  void replay(const JournalRecord& r) noexcept;
  /// After replay: Submitting → Unknown; ids of this run are never reused.
  void finish_recovery(std::int64_t now_ns) noexcept;

  /// True once something was missed (journal drop, unknown own order, anomaly) and a
  /// reconciliation should run; reading clears it.
  bool take_reconcile_request() noexcept {
    const bool r = reconcile_requested_;
    reconcile_requested_ = false;
    return r;
  }
  void request_reconcile() noexcept { reconcile_requested_ = true; }

  Exposure exposure(SymbolId s, PositionSide side) const noexcept;
  OrderStore& store() noexcept { return store_; }
  const OrderStore& store() const noexcept { return store_; }
  const OrderStateMachine& machine() const noexcept { return sm_; }
  PositionBook& positions() noexcept { return positions_; }
  RiskGate& risk() noexcept { return risk_; }
  const RiskGate& risk() const noexcept { return risk_; }
  const OrderIdAllocator& ids() const noexcept { return ids_; }
  const ManagerStats& stats() const noexcept { return stats_; }

 private:
  Order* lookup(const ClientOrderId& id, std::uint64_t venue_order_id) noexcept;
  void after_apply(Order& o, const ApplyResult& r, std::int64_t now_ns) noexcept;
  void update_exposure(Order& o) noexcept;
  void journal(RecordType t, const void* p, std::uint16_t len, std::int64_t now_ns) noexcept;
  void journal_instruments(RecordType t, const void* p, std::uint16_t len, std::int64_t now_ns) noexcept;
  void journal_local(const LocalRecord& l, std::int64_t now_ns) noexcept;
  void mark_unknown(Order& o, std::int32_t code, std::int64_t now_ns) noexcept;
  void poll_journal(std::int64_t now_ns) noexcept;
  OrderCommand make_command(const Order& o, CommandKind k, bool risk_order) const noexcept;
  void replay_local(const LocalRecord& l, std::int64_t t_ns) noexcept;

  OrderManagerConfig cfg_;
  OrderIdAllocator& ids_;
  PositionBook& positions_;
  RiskGate& risk_;
  JournalSink* journal_;
  OrderListener* listener_;
  OrderStore store_;
  OrderStateMachine sm_;
  std::uint64_t generation_;
  bool replaying_ = false;
  bool reconcile_requested_ = false;
  bool kill_cancels_pending_ = false;
  bool journal_failed_ = false;
  const InstrumentNames* names_ = nullptr;
  std::unique_ptr<std::uint8_t[]> named_;  ///< by id: its Instrument record is in this process's journal
  std::size_t named_cap_ = 0;
  bool cancel_all_deferred_ = false;
  ManagerStats stats_;
};

}  // namespace xtb::engine
