// closer_params.hpp — the per-symbol parameters of the reduce_only_closer strategy
// (seed 002), as plain data. One CloserParams per symbol: the `global:` defaults of
// configs/binance-reduce-only-closer.yaml with that symbol's `symbols:` overrides applied
// (strategy_config.hpp loads and validates them; docs/strategies/reduce_only_closer.md
// explains every field).
//
// Units (no floating point anywhere, so sizing and pricing are deterministic):
//   *_ms       milliseconds, as written in the YAML (the strategy converts to ns once);
//   *_e8       ratios scaled by 1e8 (0.05 → 5'000'000), like Amount (core/types.hpp);
//   mult       plain integer multipliers (seed: "mult: 2");
//   notional   Amount, quote asset ×1e8 (500 USDT → 500'00000000).
// Tier lists are fixed arrays (at most kMaxTiers) so the struct is trivially copyable and
// the hot path never touches a container.
// Thread: plain data, built on the start-up thread, read by the sequencer.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/types.hpp"

namespace xtb::strategy {

inline constexpr std::int64_t kRatioOne = 100'000'000;  ///< 1.0 in *_e8 units
inline constexpr int kMaxTiers = 8;

/// Maker (post-only GTX) pricing of MAKER_ONLY slices (seed "maker_price_mode").
enum class MakerPriceMode : std::uint8_t {
  AtTouch = 0,         ///< SELL at best ask, BUY at best bid
  InsideSpread1Tick,   ///< SELL at best ask − 1 tick, BUY at best bid + 1 tick
  CustomTicks,         ///< SELL at best ask − n ticks, BUY at best bid + n ticks (maker_n_ticks)
};

/// `execution:` — slice timing, base size, caps and the MAKER_ONLY ↔ AGGRESSIVE_LIMIT rotation.
struct ExecutionParams {
  std::int64_t order_ttl_ms = 800;           ///< a working slice is cancelled after this (seed 002's default)
  std::int64_t repost_cooldown_ms = 100;     ///< pause after a cancel/reject before the next slice
  std::int64_t min_signal_interval_ms = 200; ///< per-side signal throttle
  std::int64_t base_lot_mult = 1;            ///< slice = min_qty × final_mult
  MakerPriceMode maker_price_mode = MakerPriceMode::InsideSpread1Tick;
  std::int32_t maker_n_ticks = 1;            ///< CustomTicks distance from the opposite touch
  std::int32_t maker_safety_ticks = 1;       ///< a maker price stays ≥ this many ticks off the other side
  std::int64_t max_mult = 50;                ///< cap of base × roi × accel (seed 002's default)
  Amount max_order_notional = 200 * kAmountScale;  ///< per slice, quote ×1e8; 0 = no cap (seed 002's default)
  std::uint32_t maker_timeouts_to_escalate = 2;    ///< consecutive maker misses → AGGRESSIVE_LIMIT (0 = never)
  std::uint32_t aggr_fills_to_deescalate = 1;      ///< aggressive fills → back to MAKER_ONLY (0 = never)
  std::uint32_t aggr_timeouts_to_deescalate = 2;   ///< consecutive aggressive timeouts → MAKER_ONLY (0 = never)
};

/// One multiplier tier: applies when the measured value reaches `threshold_e8`.
struct MultTier {
  std::int64_t threshold_e8 = 0;
  std::int64_t mult = 1;
};

struct TierList {
  std::uint8_t n = 0;
  MultTier t[kMaxTiers] = {};
};

/// `accel:` — windowed trade-price return tiers. One list serves both sides: a LONG
/// (selling) side uses ret ≥ threshold, a SHORT (buying back) side uses ret ≤ −threshold.
struct AccelParams {
  std::int64_t window_ms = 2000;
  TierList tiers{};  ///< none when omitted: accel_mult 1 (seed 002's default; configs/ ships tiers)
};

/// `roi:` — tiers on the initial-margin ROI of the side (unrealized PnL / initial margin).
struct RoiParams {
  TierList tiers{};  ///< none when omitted: roi_mult 1 (seed 002's default; configs/ ships tiers)
};

/// One panic tier: applies while dist_to_liq ≤ dist_to_liq_e8 (the smallest matching
/// threshold — the most dangerous tier — wins).
struct PanicTier {
  std::int64_t dist_to_liq_e8 = 0;
  std::int64_t slice_ratio_e8 = 0;              ///< slice = |position| × slice_ratio
  std::uint32_t maker_timeouts_to_escalate = 2; ///< overrides execution's while in this tier
};

/// `risk.panic_close:` — forced slicing near liquidation, bypassing signals and throttles.
/// On by default (seed 002: off with no tiers) — a safety choice: near liquidation the
/// closer keeps slicing whether or not signals fire (docs/strategies/reduce_only_closer.md).
struct PanicCloseParams {
  bool enabled = true;
  std::int64_t ttl_percent_e8 = 50'000'000;  ///< panic TTL = order_ttl_ms × ttl_percent
  std::uint8_t n = 3;
  PanicTier tiers[kMaxTiers] = {{4'000'000, 2'000'000, 2}, {3'000'000, 5'000'000, 2},
                                {2'000'000, 10'000'000, 2}};
};

/// `risk.protective_stop:` — exchange-side STOP_MARKET closePosition (workingType
/// MARK_PRICE) per side, triggering where dist_to_liq would reach `dist_to_liq_e8`.
struct ProtectiveStopParams {
  bool enabled = true;
  std::int64_t dist_to_liq_e8 = 1'000'000;
  /// Loosening (moving the stop away from the mark after the liquidation price
  /// improved) only when it moves by at least this ratio; tightening is immediate.
  std::int64_t liq_improve_threshold_e8 = 500'000;
  std::int64_t loosen_cooldown_ms = 3000;  ///< between two loosening replacements
  std::int64_t retry_ms = 1000;            ///< wait after a rejected stop before retrying
};

/// `risk:` — soft threshold, panic close, protective stop.
struct RiskParams {
  /// dist_to_liq ≤ this → at least AGGRESSIVE_LIMIT. 5 % (seed 002: 1.5 %) — a safety
  /// choice: the aggressive mode starts while there is still room to use it.
  std::int64_t liq_distance_threshold_e8 = 5'000'000;
  PanicCloseParams panic_close;
  ProtectiveStopParams protective_stop;
};

/// Everything the closer needs for one symbol.
struct CloserParams {
  std::int64_t stale_data_ms = 1500;  ///< `ws.stale_data_ms`: no book/trade update this long → pause placing
  ExecutionParams execution;
  AccelParams accel;
  RoiParams roi;
  RiskParams risk;
};
static_assert(std::is_trivially_copyable_v<CloserParams>);

/// `rate_limit:` — soft order/cancel rates; the app applies them to the engine's RiskGate
/// (engine/risk.hpp RiskLimits), which exempts risk-flagged orders.
struct RateLimitParams {
  std::uint32_t max_orders_per_sec = 5;
  std::uint32_t max_cancels_per_sec = 8;
  /// Venue budgets (engine/risk.hpp VenueRateLimits; Binance USD-M rate_limits.md): IP
  /// REQUEST_WEIGHT per minute and ORDERS per 10 s / per minute of the account. 0 = the
  /// engine does not track that limit (the egress still obeys the venue's headers).
  std::uint32_t venue_weight_per_min = 2400;
  std::uint32_t venue_orders_per_10s = 300;
  std::uint32_t venue_orders_per_min = 1200;
  /// Share of each venue budget normal orders may use (×1e8); risk-flagged orders may
  /// use all of it. Default 0.8.
  std::int64_t venue_soft_fraction_e8 = 80'000'000;
};

}  // namespace xtb::strategy
