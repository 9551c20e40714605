// positions.hpp — positions per (symbol, position side) from our own fills, checked
// against the venue's ACCOUNT_UPDATE / position-risk snapshots.
//
// Position sides (Binance positionSide; design §2): hedge mode keeps LONG and SHORT
// separately, one-way mode keeps BOTH. Quantities are *signed* steps like Binance `pa`:
// LONG ≥ 0, SHORT ≤ 0, BOTH either sign. A Buy fill adds, a Sell fill subtracts.
//
// Average entry: the exact cost basis Σ px·qty (ticks·steps, 128-bit) of the open
// quantity. Closing q of Q removes cost·q/Q (truncating; the remainder is released when
// the position reaches zero, so Σ realized is exact over a round trip). Realized PnL is
// (exit − entry)·q for longs, (entry − exit)·q for shorts, converted to quote ×1e8 with
// the symbol's tick_size·step_size. A BOTH position crossing zero realizes the closed
// part and opens the rest at the fill price. Fees and the venue's own `rp` are summed.
//
// Venue truth: `qty = fill_qty + external_qty`. The venue's reported size is stored next
// to ours. They legitimately disagree for a moment, because ACCOUNT_UPDATE and the
// ORDER_TRADE_UPDATE of the same fill arrive in either order. A disagreement that stays
// unchanged for `settle_ns` (no fill, no venue update touching it) is an external change
// — manual trading, ADL, liquidation, another bot: `reconcile_drift()` reports it typed
// (ExternalOpen/Increase/Reduce/Close/Flip), adopts the venue's size and entry into
// `external_qty`, and flags opens/increases for an alert (seed 002 "开仓告警"). Fills are
// never invented: own-fill sums stay what the trade records said.
// Thread: sequencer only. No allocation after construction.
#pragma once
#include <cstdint>
#include <memory>

#include "core/types.hpp"
#include "engine/order.hpp"
#include "engine/symbol_rules.hpp"

namespace xtb::engine {

__extension__ typedef __int128 CostBasis;  ///< Σ px·qty in ticks·steps

struct Position {
  SymbolId symbol;
  PositionSide side;
  bool venue_known;            ///< the venue has reported this position at least once
  std::uint8_t pad[2];
  Qty qty;                     ///< signed steps (fill_qty + external_qty)
  Qty fill_qty;                ///< Σ signed own fills
  Qty external_qty;            ///< Σ adopted venue adjustments
  Qty open_buy_qty;            ///< Σ leaves of our live buy orders on this side
  Qty open_sell_qty;           ///< Σ leaves of our live sell orders on this side
  CostBasis cost;              ///< Σ px·|qty| of the open quantity
  CostBasis realized_ts;       ///< realized PnL in ticks·steps (exact)
  Amount fees;                 ///< Σ commissions (commission-asset units ×1e8)
  Amount venue_realized_pnl;   ///< Σ venue-reported realized PnL of our fills
  Qty venue_qty;               ///< last venue-reported signed size
  Price venue_entry_px;        ///< last venue-reported entry price, ticks
  std::int64_t venue_seen_ns;  ///< local time of that report
  std::int64_t mismatch_since_ns;  ///< last change while qty != venue_qty (0 = agree)
  std::int64_t last_fill_ns;       ///< local time of the last own fill
  std::uint64_t fills;
  std::uint32_t side_violations;   ///< fills that pushed a LONG below 0 / SHORT above 0

  /// Average entry price in ticks (rounded to nearest), 0 when flat.
  Price entry_px() const noexcept;
};

enum class DriftKind : std::uint8_t { None = 0, ExternalOpen, ExternalIncrease, ExternalReduce,
                                      ExternalClose, ExternalFlip };
const char* to_string(DriftKind k) noexcept;

struct PositionDrift {
  SymbolId symbol;
  PositionSide side;
  DriftKind kind;
  Qty local_qty;       ///< ours before adoption
  Qty venue_qty;       ///< adopted
  Price venue_entry_px;
};

struct PositionStats {
  std::uint64_t fills = 0;
  std::uint64_t unknown_symbol = 0;      ///< fill or report for a symbol beyond the table
  std::uint64_t venue_reports = 0;
  std::uint64_t drifts_adopted = 0;
  std::uint64_t external_open_alerts = 0;  ///< ExternalOpen + ExternalIncrease
  std::uint64_t side_violations = 0;
};

class PositionBook {
 public:
  /// Table for symbol ids [0, rules.size()); keeps a reference to `rules` (tick/step
  /// sizes for PnL). Cold path.
  explicit PositionBook(const SymbolRulesTable& rules);
  PositionBook(const PositionBook&) = delete;
  PositionBook& operator=(const PositionBook&) = delete;

  /// Applies one own fill. Returns false (counted) for an unknown symbol.
  bool apply_fill(const Fill& f, std::int64_t now_ns) noexcept;

  /// Records the venue's size/entry for one position (ACCOUNT_UPDATE `P` entry or a
  /// /fapi/v2/positionRisk row). Returns false for an unknown symbol.
  bool on_venue_position(SymbolId s, PositionSide side, Qty venue_qty, Price venue_entry_px,
                         std::int64_t now_ns) noexcept;

  /// Adds `delta` (signed steps) of live-order leaves to the buy or sell exposure.
  void add_open_exposure(SymbolId s, PositionSide side, Side order_side, Qty delta) noexcept;

  /// Finds positions whose venue size has disagreed with ours, unchanged, for at least
  /// `settle_ns`; adopts the venue's size and entry for at most `max` of them and writes
  /// each adopted drift to `out` (so the caller can journal it). Returns the count;
  /// call again while it returns `max`.
  std::uint32_t reconcile_drift(std::int64_t now_ns, std::int64_t settle_ns, PositionDrift* out,
                                std::uint32_t max) noexcept;

  /// Adopts the venue size/entry for one position now (reconciler, journal replay).
  DriftKind adopt_venue(SymbolId s, PositionSide side, Qty venue_qty, Price venue_entry_px,
                        std::int64_t now_ns) noexcept;

  const Position* get(SymbolId s, PositionSide side) const noexcept;
  /// Realized PnL of a position in quote ×1e8.
  Amount realized_pnl(const Position& p) const noexcept;

  /// Calls f(const Position&) for every position that ever had a fill or a report.
  template <class F>
  void for_each(F&& f) const noexcept {
    for (std::uint32_t i = 0; i < end_; ++i)
      if (pos_[i].fills != 0 || pos_[i].venue_known || pos_[i].qty != 0) f(pos_[i]);
  }
  void clear() noexcept;
  const PositionStats& stats() const noexcept { return stats_; }

 private:
  Position* at(SymbolId s, PositionSide side) noexcept;
  /// at() for a change: raises end_ (positions are sized for the whole symbol table, which
  /// may grow; scans visit only the slots written so far).
  Position* slot(SymbolId s, PositionSide side) noexcept;
  void touch_mismatch(Position& p, std::int64_t now_ns) noexcept;

  const SymbolRulesTable& rules_;
  std::uint32_t n_;
  std::uint32_t end_ = 0;  ///< 1 + the highest slot index ever changed
  std::unique_ptr<Position[]> pos_;
  PositionStats stats_;
};

/// Classifies a venue-vs-local difference (both signed steps).
DriftKind classify_drift(Qty local, Qty venue) noexcept;

}  // namespace xtb::engine
