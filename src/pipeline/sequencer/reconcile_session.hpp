// reconcile_session.hpp — one reconciliation cycle as the sequencer runs it on the hot
// thread (issue 6 "Reconciliation", docs/engine.md): ask the venue, collect its answers
// from ring R2, then let engine::Reconciler compare and resolve.
//
//   begin(now)   Reconciler::begin (non-risk orders paused, snapshot time noted) and two
//                risk-flagged commands on R3: QueryOpenOrders and QueryPositions, for all
//                symbols (kNoSymbol).
//   on_event()   the answers, recognised by the connection they arrive on (the sequencer
//                routes every event of the *reconcile* REST connection here):
//                  OrderUpdate rows of GET openOrders / openAlgoOrders → VenueOrder list;
//                  the end-of-list OrderAck (request_kind QueryOpenOrders) closes one list
//                  (Binance answers with two lists, regular and algo orders:
//                  the Binance decoder's REST path, so `open_order_lists` = 2);
//                  AccountUpdate chunks of GET positionRisk → VenuePosition list, complete
//                  at the chunk flagged kLastChunk;
//                  an error OrderAck for either request fails the cycle.
//   finish(now)  once everything is in: Reconciler::run (positions_complete = true) and
//                its Query/Cancel commands on R3, then Reconciler::end.
// A cycle that does not complete within `timeout_ns` (or fails) is abandoned: end() is
// called and the caller retries later.
// Venue budget (RiskGate venue limits, engine/risk.hpp): begin() books the weight of both
// queries together (Binance: openOrders + openAlgoOrders without symbol 40 + 40, and
// positionRisk 5 — get_fapi_v1_openorders.md, get_fapi_v2_positionrisk.md) as risk
// requests (hard cap only). If the budget refuses, nothing is sent and the cycle is
// abandoned at the next check_timeout() (counted `budget_deferred`), so the caller's
// usual retry-after-abandon path runs. finish() checks each Query/Cancel of the
// reconciler with RiskGate::check_request; a refused one is not published (counted
// `budget_refused`): a query keeps the order's needs_query, so OrderManager::on_timer
// asks again after query_interval_ns; a cancel-at-venue is found again by the next cycle. Rows beyond the fixed capacities are counted
// (`overflow`) and the cycle's result is then not trusted for LocalLiveMissing (the
// reconciler would query orders that are in fact open: harmless, but counted).
// Thread: sequencer only. No allocation after construction.
#pragma once
#include <cstdint>
#include <memory>

#include "pipeline/sequencer/command_publisher.hpp"
#include "core/event.hpp"
#include "engine/reconciler.hpp"

namespace xtb {

struct ReconcileConfig {
  std::uint32_t max_orders = 1024;      ///< VenueOrder rows kept per cycle
  std::uint32_t max_positions = 256;    ///< VenuePosition rows kept per cycle
  std::uint32_t open_order_lists = 2;   ///< end-of-list markers per QueryOpenOrders (Binance: 2)
  std::int64_t timeout_ns = 10'000'000'000;  ///< abandon a cycle after this
};

struct ReconcileStats {
  std::uint64_t started = 0, completed = 0, failed = 0, timed_out = 0;
  std::uint64_t clean = 0;              ///< completed cycles without any discrepancy
  std::uint64_t discrepancies = 0;      ///< Σ over completed cycles
  std::uint64_t commands = 0;           ///< Query/Cancel commands the reconciler issued
  std::uint64_t overflow = 0;           ///< rows beyond the capacities
  std::uint64_t stray = 0;              ///< answers that arrived with no cycle in flight
  std::uint64_t budget_deferred = 0;    ///< cycles not started: venue weight budget refused
  std::uint64_t budget_refused = 0;     ///< reconciler commands not published for budget
  std::uint32_t last_discrepancies = 0; ///< of the latest completed cycle
  std::uint32_t last_orders = 0, last_positions = 0;  ///< rows in the latest completed cycle
};

class ReconcileSession {
 public:
  enum class Progress : std::uint8_t { Idle, Collecting, Ready, Failed };

  /// Keeps references. Cold path: allocates the row buffers. `scope` (not None): the
  /// session reconciles one venue of several in the sequencer — its answers are compared
  /// with that venue's orders and positions only (engine::Reconciler::run).
  ReconcileSession(engine::OrderManager& om, CommandPublisher& out, const ReconcileConfig& cfg,
                   Venue scope = Venue::None);

  bool active() const noexcept { return active_; }
  /// Starts a cycle (no-op returning false when one is in flight). When the venue weight
  /// budget refuses the queries, returns true but sends nothing; check_timeout() then
  /// abandons the cycle on its next call.
  bool begin(std::int64_t now_ns, Venue venue) noexcept;
  /// Feeds one event of the reconcile connection; returns the cycle's progress after it.
  Progress on_event(const Event& e) noexcept;
  /// Same, and first hands an OrderAck's X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-10S to
  /// the RiskGate (observe_used_weight: the reconcile connection's answers carry the
  /// freshest usage, e.g. after the 80-weight openOrders pair). `now_ns`: sequencer time.
  Progress on_event(const Event& e, std::int64_t now_ns) noexcept;
  /// Abandons a cycle older than timeout_ns; true when it did.
  bool check_timeout(std::int64_t now_ns) noexcept;
  /// Compares and resolves (call when on_event returned Ready). Returns the result.
  engine::ReconcileResult finish(std::int64_t now_ns) noexcept;

  const engine::Reconciler& reconciler() const noexcept { return rec_; }
  const ReconcileStats& stats() const noexcept { return stats_; }

 private:
  void abandon() noexcept;
  bool ready() const noexcept { return lists_done_ >= cfg_.open_order_lists && positions_done_; }

  engine::OrderManager& om_;
  CommandPublisher& out_;
  Venue scope_;
  Venue venue_ = Venue::None;  // of the cycle in flight (its budget)
  ReconcileConfig cfg_;
  engine::Reconciler rec_;
  std::unique_ptr<engine::VenueOrder[]> orders_;
  std::unique_ptr<engine::VenuePosition[]> positions_;
  std::unique_ptr<OrderCommand[]> commands_;
  std::uint32_t n_orders_ = 0, n_positions_ = 0, lists_done_ = 0;
  bool positions_done_ = false, active_ = false, overflowed_ = false;
  bool deferred_ = false;  ///< cycle refused by the venue budget: abandon at check_timeout
  std::int64_t began_ns_ = 0;
  ReconcileStats stats_;
};

}  // namespace xtb
