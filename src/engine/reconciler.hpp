// reconciler.hpp — compares the venue's open orders and positions with local state and
// resolves every difference by venue truth (design §4, seed 000 "REST 对账每 ~60s",
// seed 002 "重连后校准…校准期间暂停下单", seed 004 §3.6 compensating reconciliation).
//
// Cycle (after every (re)connect, every ~60 s, and whenever OrderManager asks):
//   begin(now)   orders are paused (RiskGate calibrating: only risk orders pass) and the
//                snapshot time is noted — send the REST queries right after;
//   run(...)     with the venue's answers (VenueOrder / VenuePosition, mapped by the venue
//                adapter from e.g. GET /fapi/v1/openOrders and /fapi/v2/positionRisk);
//   end()        resumes trading.
// Local changes made after begin() are newer than the snapshot and are skipped
// (SkippedRecent), so a fill or cancel that raced the REST answer is never undone.
//
// Discrepancy → resolution:
//   UnknownOwnOrder         venue open, id ours, not held   → Adopt (new record)
//   ForeignOrder            venue open, id not ours         → Ignore (reported)
//   UnknownResolved         local Unknown/Submitting, venue open → AdoptStatus
//   StatusMismatch          both live, venue status/cum ahead → AdoptStatus (cum from
//                           venue; no fill is created — positions follow the venue below)
//   LocalTerminalVenueLive  we consider it finished, venue has it open → CancelAtVenue
//                           (the terminal callback already fired; it fires only once)
//   LocalLiveMissing        local live, absent from venue open orders → Query by client
//                           id (its final state comes from the answer, never guessed)
//   PositionMismatch        size differs → AdoptPosition (external_qty, entry from venue)
// Thread: sequencer only. No allocation after construction.
#pragma once
#include <cstdint>
#include <memory>

#include "engine/order_manager.hpp"

namespace xtb::engine {

struct VenuePosition {
  SymbolId symbol;
  PositionSide side;
  Qty qty;          ///< signed steps (Binance positionAmt)
  Price entry_px;   ///< ticks
};

enum class DiscrepancyKind : std::uint8_t {
  UnknownOwnOrder = 0, ForeignOrder, UnknownResolved, StatusMismatch, LocalTerminalVenueLive,
  LocalLiveMissing, PositionMismatch, SkippedRecent, kCount
};
enum class Resolution : std::uint8_t {
  None = 0, Adopt, Ignore, AdoptStatus, CancelAtVenue, Query, AdoptPosition, Deferred
};
const char* to_string(DiscrepancyKind k) noexcept;
const char* to_string(Resolution r) noexcept;

struct Discrepancy {
  DiscrepancyKind kind;
  Resolution resolution;
  PositionSide side;
  OrderStatus local_status;
  OrderStatus venue_status;
  SymbolId symbol;
  ClientOrderId client_id;
  std::uint64_t venue_order_id;
  Qty local_qty;    ///< cum qty (orders) or position size
  Qty venue_qty;
};

struct ReconcileResult {
  std::uint32_t discrepancies = 0;  ///< found (may exceed the stored capacity)
  std::uint32_t commands = 0;       ///< written to `out`
  bool clean = true;                ///< nothing to resolve
};

class Reconciler {
 public:
  /// Keeps references; stores up to `max_discrepancies` per run for inspection.
  Reconciler(OrderManager& m, std::uint32_t max_discrepancies = 256);

  /// Pauses non-risk orders and notes the snapshot time (send the REST queries now).
  void begin(std::int64_t now_ns) noexcept;
  /// Compares and resolves. `scope` limits the order comparison to one symbol
  /// (kNoSymbol = all); `positions_complete` means symbols missing from `positions` are
  /// flat at the venue. Query/Cancel commands go to `out` (at most `max_out`; orders
  /// that did not fit keep needs_query and are queried by OrderManager::on_timer).
  /// `venue` (not None): the answers are that venue's, so only orders and positions of its
  /// instruments (OrderManager::venue_of) are compared — the other venues' are another
  /// session's business (several venues in one sequencer).
  ReconcileResult run(const VenueOrder* open, std::uint32_t n_open, const VenuePosition* positions,
                      std::uint32_t n_positions, SymbolId scope, bool positions_complete,
                      OrderCommand* out, std::uint32_t max_out, std::int64_t now_ns,
                      Venue venue = Venue::None) noexcept;
  /// Resumes trading.
  void end() noexcept;

  bool calibrating() const noexcept { return calibrating_; }
  std::uint32_t stored() const noexcept { return n_; }
  const Discrepancy& at(std::uint32_t i) const noexcept { return list_[i]; }
  std::uint64_t count(DiscrepancyKind k) const noexcept { return counts_[static_cast<int>(k)]; }
  std::uint64_t runs() const noexcept { return runs_; }

 private:
  void note(const Discrepancy& d) noexcept;
  void run_orders(const VenueOrder* open, std::uint32_t n_open, SymbolId scope,
                  OrderCommand* out, std::uint32_t max_out, std::int64_t now_ns) noexcept;
  bool other_venue(SymbolId s) const noexcept;
  void venue_order(const VenueOrder& v, OrderCommand* out, std::uint32_t max_out,
                   std::int64_t now_ns) noexcept;
  void run_positions(const VenuePosition* p, std::uint32_t n, bool complete,
                     std::int64_t now_ns) noexcept;
  Venue venue_ = Venue::None;  // the current run's venue scope
  void emit(const OrderCommand& c, OrderCommand* out, std::uint32_t max_out) noexcept;

  OrderManager& m_;
  std::unique_ptr<Discrepancy[]> list_;
  std::uint32_t cap_;
  std::uint32_t n_ = 0;
  std::uint32_t found_ = 0;
  std::uint32_t commands_ = 0;
  std::uint32_t epoch_ = 0;
  std::int64_t snapshot_ns_ = 0;
  bool calibrating_ = false;
  std::uint64_t runs_ = 0;
  std::uint64_t counts_[static_cast<int>(DiscrepancyKind::kCount)] = {};
};

}  // namespace xtb::engine
