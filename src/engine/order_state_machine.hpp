// order_state_machine.hpp — applies venue and local events to one Order, idempotently.
//
// Status rules are one table (kRules in the .cpp, rows = current status, columns = the
// status an event claims). The decisions that matter when WebSocket and REST race:
//   * Terminal states absorb everything, so FILLED beats a late CANCELED (design §4,
//     seed 003 §5.2 "先 FILLED 后 CANCELLED → 以撮合回执为准").
//   * The one exit from a terminal state: CANCELED/EXPIRED → FILLED when the venue's own
//     fill record says FILLED (a cancel answer raced the last fill). The terminal callback
//     does not fire again; `corrections` counts it.
//   * A synchronous reject of a NewOrder (e.g. Binance -5022 GTX_ORDER_REJECT: "the Post
//     Only order will be rejected", error_codes.md) is final at once.
//   * Older events arriving late (OPEN after PARTIALLY_FILLED, PARTIALLY_FILLED after
//     FILLED) are "stale": ignored and counted, never move the status backwards.
//   * UNKNOWN (submit timed out / connection lost; Binance -1007 "execution status
//     unknown") leaves only through venue truth: an update, a query answer, or a query
//     saying "no such order" → FAILED. Nothing here ever resubmits.
//   * A live order the venue lost (a venue restart; D5): when a full open-orders snapshot
//     did not list it (Order::absent_at_venue, set by the reconciler) AND a query by client
//     id then answers "no such order" (-2013), it is closed locally as EXPIRED
//     (`venue_lost` counts it; the terminal callback fires, so the side trades again). A
//     later venue fill record still corrects it to FILLED (the exit above).
// Fills are applied per venue trade record, independent of status order:
//   * a trade id seen before (last Order::kTradeIds kept) is a duplicate;
//   * a fill that would push Σ applied fills beyond max(orig qty, venue cum qty) is a
//     duplicate whose id was already evicted (over-fill guard);
//   * venues without trade ids are deduplicated by cumulative qty (apply cum − applied).
//   Fills on a terminal order are still applied: the fill record is the venue's truth
//   and positions must equal Σ fills.
// Every applied change is appended to the order's fixed history (time, source, venue
// fields). Thread: sequencer only. No allocation, no exceptions.
#pragma once
#include <cstdint>

#include "core/command.hpp"
#include "core/event.hpp"
#include "engine/order.hpp"

namespace xtb::engine {

/// What one event did to an order.
enum class ApplyOutcome : std::uint8_t {
  Applied = 0,   ///< status and/or fill state changed
  NoChange,      ///< consistent with what we know (e.g. a repeated OPEN)
  Stale,         ///< older than what we know (out-of-order); ignored
  DuplicateFill, ///< fill already applied; ignored
  Anomaly,       ///< contradicts known state (e.g. venue live after our reject); ignored
};

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::NoChange;
  bool status_changed = false;
  bool became_terminal = false;  ///< fire the terminal callback now (exactly once per order)
  bool corrected = false;        ///< CANCELED/EXPIRED corrected to FILLED by a fill record
  bool has_fill = false;         ///< `fill` holds a newly applied fill
  Fill fill{};
};

/// Counters of everything the machine ignored or repaired (read from any thread only
/// as a racy snapshot for telemetry).
struct OrderMachineStats {
  std::uint64_t applied = 0;
  std::uint64_t fills = 0;
  std::uint64_t duplicate_fills = 0;
  std::uint64_t overfill_drops = 0;
  std::uint64_t stale_events = 0;
  std::uint64_t anomalies = 0;
  std::uint64_t corrections = 0;
  std::uint64_t unknown_entered = 0;
  std::uint64_t unknown_resolved = 0;
  std::uint64_t sync_rejects = 0;
  std::uint64_t cancel_rejects = 0;
  std::uint64_t terminal_callbacks = 0;
  std::uint64_t venue_lost = 0;      ///< live orders closed as EXPIRED: absent from snapshot and query (D5)
  std::uint64_t query_not_found_live = 0;  ///< "no such order" for a live order not yet confirmed absent
};

class OrderStateMachine {
 public:
  /// Fills a fresh record from a NewOrder command (status New). `now_ns` local time.
  void init(Order& o, const OrderCommand& cmd, std::int64_t now_ns) noexcept;

  /// New → Submitting: the command was handed to egress (call right after journaling
  /// the intent, before publishing on R3).
  ApplyResult on_submit(Order& o, std::int64_t now_ns) noexcept;

  /// A venue report (user stream or REST query answer). `u.status` is already the
  /// engine status (the decoder mapped it); a venue NEW arrives as Open or New.
  ApplyResult on_venue_update(Order& o, const OrderUpdate& u, EventSource src,
                              std::int64_t now_ns) noexcept;

  /// A synchronous order-entry answer. Meaning depends on `a.request_kind`:
  ///   NewOrder:    accepted status → that status (no fill invented from cum_qty);
  ///                Rejected → REJECTED (final); Failed → FAILED (never left us);
  ///                Unknown → UNKNOWN.
  ///   CancelOrder: Canceled → CANCELED via the table; any error → needs_query.
  ///   QueryOrder:  Failed = the venue has no such order (Binance -2013) → see
  ///                on_query_not_found; Rejected/Unknown = the query itself failed
  ///                (-1003, timeout…) → nothing changes, queried again; a status →
  ///                applied like a REST update.
  ///   AmendOrder:  errors only set needs_query; accepted amendments arrive as updates.
  /// The caller has already checked the generation token.
  ApplyResult on_ack(Order& o, const OrderAck& a, std::int64_t now_ns) noexcept;

  /// Submitting → Unknown (send timed out or the order-entry connection dropped with
  /// the request in flight). `code` is the venue/transport reason (e.g. -1007).
  ApplyResult on_outcome_unknown(Order& o, std::int32_t code, std::int64_t now_ns) noexcept;

  /// The venue answered a query by client order id with "no such order". For an
  /// Unknown/Submitting order that means it never reached the book → FAILED. Safe only
  /// after the venue can no longer accept the original request (Binance processes a
  /// request only while serverTime - timestamp <= recvWindow; usdm/authentication.md),
  /// which is why OrderManager waits `unknown_query_delay_ns` before the first query.
  /// For a live order: when the latest full snapshot also lacked it (absent_at_venue) the
  /// venue lost it → EXPIRED (code -2013, `venue_lost`); otherwise an anomaly (state
  /// unchanged, needs_query: the next reconciliation's snapshot decides).
  ApplyResult on_query_not_found(Order& o, std::int64_t now_ns) noexcept;

  /// Reconciliation adopted the venue's view of a status (REST snapshot; never a fill).
  ApplyResult on_reconciled(Order& o, OrderStatus venue_status, Qty venue_cum_qty,
                            std::int64_t now_ns) noexcept;

  const OrderMachineStats& stats() const noexcept { return stats_; }

 private:
  ApplyResult apply_status(Order& o, OrderStatus to, EventSource src, ExecType exec,
                           EpochMs venue_ms, std::int32_t code, std::int64_t now_ns) noexcept;
  ApplyResult apply_fill(Order& o, const OrderUpdate& u, std::int64_t now_ns) noexcept;
  void finish(Order& o, ApplyResult& r) noexcept;

  OrderMachineStats stats_;
};

/// Appends one transition to the order's fixed history ring.
void record_transition(Order& o, const OrderTransition& t) noexcept;

}  // namespace xtb::engine
