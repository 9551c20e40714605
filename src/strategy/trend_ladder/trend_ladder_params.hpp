// trend_ladder_params.hpp — the parameters of `trend_ladder` (seed 000 "Trend Ladder":
// fixed-direction laddered entries, a reduce-only take-profit per entry fill) in engine
// units, as trend_ladder_setup.cpp builds them from the YAML `params:` and the seed's
// XTB_TL_* environment variables (docs/strategies/trend_ladder.md lists the mapping).
//
// Units: prices and price distances in ticks, quantities in steps, times in ns (the
// sequencer's clock). Zero means "off" where a field says so.
// Errors: trend_ladder_setup refuses a bad value with std::invalid_argument naming the key;
// TrendLadder's constructor re-checks the invariants below (cold path).
// Thread: cold (built at start-up), then read-only on the sequencer.
#pragma once
#include <cstdint>

#include "core/types.hpp"

namespace xtb::strategy {

/// The one direction the ladder trades (seed 000 `fixed_direction`).
enum class LadderDirection : std::uint8_t { Long = 0, Short = 1 };

struct TrendLadderParams {
  static constexpr std::uint32_t kMaxLevels = 16;    ///< rungs (entries working at once)
  static constexpr std::uint32_t kMaxOrders = 1000;  ///< bound of max_orders
  static constexpr std::uint32_t kMaxRepairs = 64;   ///< bound of repair_max

  SymbolId symbol = kNoSymbol;
  LadderDirection direction = LadderDirection::Long;
  Qty qty = 0;                    ///< steps per entry order, > 0 (seed quantity_base)
  Price tp_offset = 0;            ///< ticks between an entry's price and its take-profit, > 0 (take_profit_abs)
  std::uint32_t max_orders = 40;  ///< cap on live TPs + working entries (seed: max concurrent), 1..1000
  std::uint32_t levels = 1;       ///< ladder rungs: entries working at once, 1..16
  Price grid_step = 0;            ///< ticks between rungs; > 0 when levels > 1
  Price entry_offset = 1;         ///< ticks behind the touch of rung 0 (long: bid − n; short: ask + n), ≥ 0
  // Entry pacing (seed `_calculate_wait_time`): by live TPs / max_orders:
  //   < 1/6 → min_wait; < 1/3 → base_wait / 2; < 2/3 → base_wait; else 2 × base_wait,
  //   clamped to [min_wait, max_wait]; a TP that ended lets the next entry go at once.
  std::int64_t base_wait_ns = 450'000'000'000;
  std::int64_t min_wait_ns = 60'000'000'000;
  std::int64_t max_wait_ns = 900'000'000'000;
  Price stop_px = 0;   ///< ticks, 0 = off. Long: bid ≤ stop_px; short: ask ≥ stop_px → entries end for good
  Price pause_px = 0;  ///< ticks, 0 = off. Long: ask ≥ pause_px; short: bid ≤ pause_px → no new entries / requotes
  // Requote (seed `_requote_stale_entries`, cancel first): an entry whose rung price moved
  // ≥ max(requote_ticks, requote_abs) ticks away is cancelled and replaced once the venue
  // confirmed the cancel. 0 and 0 = requote off.
  Price requote_ticks = 5;
  Price requote_abs = 0;                             ///< ticks (from the absolute price distance)
  std::uint32_t max_requotes_per_tick = 2;           ///< requote cancels per drive, ≥ 1
  std::int64_t requote_confirm_ns = 5'000'000'000;   ///< a cancel unanswered this long → backoff
  std::int64_t requote_backoff_ns = 15'000'000'000;  ///< first backoff; doubles per retry (×16 at most)
  std::int64_t requote_backoff_max_ns = 120'000'000'000;
  // Coverage repair (seed `_tp_coverage_check_and_correct`, imb_max_corr_in_10m).
  std::uint32_t repair_max = 3;  ///< repairs per window, 1..64
  std::int64_t repair_window_ns = 600'000'000'000;
  std::int64_t tp_verify_ns = 2'000'000'000;  ///< a TP unacknowledged this long: ask the venue (fix 3)
  bool post_only = true;                      ///< entries post-only (maker), else GTC
  bool tp_post_only = false;                  ///< take-profits post-only, else GTC
};

constexpr const char* to_string(LadderDirection d) noexcept { return d == LadderDirection::Long ? "long" : "short"; }

}  // namespace xtb::strategy
