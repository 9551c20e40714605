// test_sizing.cpp — multiplier tiers, ROI, slice rounding / min-notional / tail rules,
// pricing of both modes, dist_to_liq, panic tier choice and protective stop prices.
#include <doctest/doctest.h>

#include "strategy/reduce_only_closer/liquidation_risk.hpp"
#include "strategy/pricing.hpp"
#include "strategy/reduce_only_closer/sizing.hpp"

using namespace xtb;
using namespace xtb::strategy;

namespace {
// BTCUSDT-like: tick 0.10, step 0.001, min qty 0.001, MIN_NOTIONAL 100 USDT.
engine::SymbolRules rules(Amount min_notional = 100 * kAmountScale, Qty min_qty = 1, Qty multiple = 1) {
  engine::SymbolRules r;
  r.symbol = 0;
  r.tick_size = 10'000'000;
  r.step_size = 100'000;
  r.min_qty = min_qty;
  r.qty_multiple = multiple;
  r.min_notional = min_notional;
  return r;
}
constexpr Price kPx = 600'000;  // 60000.0: one step = 60 USDT
}  // namespace

TEST_CASE("tiers: the highest multiplier of the tiers met; mirrored for SHORT") {
  const TierList t{3, {{100'000, 2}, {200'000, 3}, {500'000, 5}}};
  CHECK(tier_mult(t, 50'000, false) == 1);
  CHECK(tier_mult(t, 100'000, false) == 2);  // threshold itself counts
  CHECK(tier_mult(t, 250'000, false) == 3);
  CHECK(tier_mult(t, 9'000'000, false) == 5);
  CHECK(tier_mult(t, -250'000, true) == 3);
  CHECK(tier_mult(t, 250'000, true) == 1);
  const TierList unordered{2, {{500'000, 5}, {100'000, 7}}};
  CHECK(tier_mult(unordered, 600'000, false) == 7);  // highest mult, not the last tier
  AccelParams a;
  a.tiers = t;
  CHECK(accel_mult(a, PositionSide::Long, true, 210'000) == 3);
  CHECK(accel_mult(a, PositionSide::Short, true, 210'000) == 1);
  CHECK(accel_mult(a, PositionSide::Short, true, -510'000) == 5);
  CHECK(accel_mult(a, PositionSide::Long, false, 9'000'000) == 1);
}

TEST_CASE("initial-margin ROI and roi_mult") {
  std::int64_t roi = 0;
  REQUIRE(initial_margin_roi_e8(PositionSide::Long, 500'000, 550'000, 5, roi));
  CHECK(roi == 50'000'000);  // +10% price × 5x = 50%
  REQUIRE(initial_margin_roi_e8(PositionSide::Short, 500'000, 550'000, 5, roi));
  CHECK(roi == -50'000'000);
  CHECK_FALSE(initial_margin_roi_e8(PositionSide::Long, 0, 550'000, 5, roi));
  CHECK_FALSE(initial_margin_roi_e8(PositionSide::Long, 500'000, 550'000, 0, roi));
  RoiParams p;  // omitted: no tiers, mult 1 (seed 002's default)
  CHECK(p.tiers.n == 0);
  CHECK(roi_mult(p, true, 50'000'000) == 1);
  p.tiers = TierList{3, {{10'000'000, 2}, {20'000'000, 3}, {50'000'000, 5}}};  // the shipped config's tiers
  CHECK(roi_mult(p, true, 50'000'000) == 5);
  CHECK(roi_mult(p, true, 19'999'999) == 2);
  CHECK(roi_mult(p, true, -50'000'000) == 1);
  CHECK(roi_mult(p, false, 90'000'000) == 1);
}

TEST_CASE("final_mult = base × roi × accel capped by max_mult") {
  CHECK(final_mult(2, 3, 5, 100) == 30);
  CHECK(final_mult(2, 3, 5, 20) == 20);
  CHECK(final_mult(0, 0, 0, 100) == 1);
  CHECK(final_mult(INT64_MAX, 2, 2, INT64_MAX) == INT64_MAX);  // saturates
}

TEST_CASE("qty_for_notional agrees with engine::notional at the boundary") {
  const engine::SymbolRules r = rules();
  const Qty up = qty_for_notional(r, 612'345, 100 * kAmountScale, true);
  CHECK(engine::notional(r, 612'345, up) >= 100 * kAmountScale);
  CHECK(engine::notional(r, 612'345, up - 1) < 100 * kAmountScale);
  const Qty down = qty_for_notional(r, 612'345, 1000 * kAmountScale, false);
  CHECK(engine::notional(r, 612'345, down) <= 1000 * kAmountScale);
  CHECK(engine::notional(r, 612'345, down + 1) > 1000 * kAmountScale);
}

TEST_CASE("finalize_slice: dust, whole remainder, min-notional bump, cap, too small") {
  const engine::SymbolRules r = rules();  // min_place at 60000 = 2 steps (120 USDT)
  SliceDecision d = finalize_slice(r, 1, kPx, 0, 0);
  CHECK(d.outcome == SliceOutcome::Dust);
  d = finalize_slice(r, 1, kPx, 2, 0);
  CHECK(d.outcome == SliceOutcome::Ok);
  CHECK(d.qty == 2);
  CHECK(d.whole_remainder);
  d = finalize_slice(r, 1, kPx, 1, 0);  // 60 USDT < MIN_NOTIONAL: whole remainder, reduce-only
  CHECK(d.qty == 1);
  CHECK(d.whole_remainder);
  d = finalize_slice(r, 1, kPx, 50, 0);
  CHECK(d.qty == 2);
  CHECK(d.bumped);
  d = finalize_slice(r, 20, kPx, 50, 500 * kAmountScale);  // cap 500 USDT → 8 steps
  CHECK(d.qty == 8);
  CHECK(d.capped);
  d = finalize_slice(r, 20, kPx, 50, 100 * kAmountScale);  // cap below min_place
  CHECK(d.outcome == SliceOutcome::TooSmall);
  d = finalize_slice(r, 60, kPx, 50, 0);  // never above the remainder
  CHECK(d.qty == 50);
  CHECK(d.whole_remainder);
}

TEST_CASE("finalize_slice: a tail below min_place is merged, or a placeable tail is kept") {
  const engine::SymbolRules r = rules();
  SliceDecision d = finalize_slice(r, 5, kPx, 6, 0);  // tail 1 < 2 → merged
  CHECK(d.qty == 6);
  CHECK(d.merged_tail);
  d = finalize_slice(r, 5, kPx, 7, 0);  // tail 2 placeable
  CHECK(d.qty == 5);
  CHECK_FALSE(d.merged_tail);
  d = finalize_slice(r, 5, kPx, 6, 330 * kAmountScale);  // cap 5 steps: cannot merge → leave 2
  CHECK(d.qty == 4);
  CHECK_FALSE(d.merged_tail);
}

TEST_CASE("finalize_slice: quantities stay on the venue step multiple") {
  const engine::SymbolRules r = rules(0, 5, 5);
  SliceDecision d = finalize_slice(r, 7, kPx, 23, 0);
  CHECK(d.qty == 5);
  d = finalize_slice(r, 12, kPx, 23, 0);  // placeable 20, tail 10
  CHECK(d.qty == 10);
  d = finalize_slice(r, 7, kPx, 4, 0);
  CHECK(d.outcome == SliceOutcome::Dust);
}

TEST_CASE("signal and panic slices") {
  const engine::SymbolRules r = rules(5 * kAmountScale);
  ExecutionParams e;
  e.max_order_notional = 0;
  CHECK(size_signal_slice(r, e, 3, kPx, 100).qty == 3);
  e.max_order_notional = 150 * kAmountScale;
  CHECK(size_signal_slice(r, e, 3, kPx, 100).qty == 2);
  CHECK(size_panic_slice(r, 2'000'000, 1000, kPx, 1000).qty == 20);    // 2%
  CHECK(size_panic_slice(r, 2'000'000, 10, kPx, 10).qty == 1);         // below min qty → min qty
  CHECK(size_panic_slice(r, 10'000'000, 1000, kPx, 30).qty == 30);     // only 30 not working
}

TEST_CASE("maker prices by mode with the post-only safety distance") {
  engine::SymbolRules r = rules();
  ExecutionParams e;
  e.maker_price_mode = MakerPriceMode::AtTouch;
  CHECK(maker_price(e, r, Side::Sell, 100, 110) == 110);
  CHECK(maker_price(e, r, Side::Buy, 100, 110) == 100);
  e.maker_price_mode = MakerPriceMode::InsideSpread1Tick;
  CHECK(maker_price(e, r, Side::Sell, 100, 110) == 109);
  CHECK(maker_price(e, r, Side::Buy, 100, 110) == 101);
  CHECK(maker_price(e, r, Side::Sell, 100, 101) == 101);  // 1-tick spread: stays at the ask
  CHECK(maker_price(e, r, Side::Buy, 100, 101) == 100);
  e.maker_price_mode = MakerPriceMode::CustomTicks;
  e.maker_n_ticks = 20;
  e.maker_safety_ticks = 2;
  CHECK(maker_price(e, r, Side::Sell, 100, 110) == 102);  // bid + safety
  CHECK(maker_price(e, r, Side::Buy, 100, 110) == 108);   // ask − safety
  CHECK(maker_price(e, r, Side::Buy, 0, 110) == 0);       // no book
  r.px_multiple = 5;
  e.maker_price_mode = MakerPriceMode::InsideSpread1Tick;
  e.maker_safety_ticks = 1;
  CHECK(maker_price(e, r, Side::Sell, 100, 120) == 120);  // 119 rounded away from the bid
  CHECK(maker_price(e, r, Side::Buy, 100, 120) == 100);
}

TEST_CASE("aggressive prices: SELL at the bid, BUY at the ask") {
  const engine::SymbolRules r = rules();
  CHECK(aggressive_price(r, Side::Sell, 100, 110) == 100);
  CHECK(aggressive_price(r, Side::Buy, 100, 110) == 110);
  ExecutionParams e;
  CHECK(limit_price(ExecMode::AggressiveLimit, e, r, Side::Buy, 100, 110) == 110);
  CHECK(limit_price(ExecMode::MakerOnly, e, r, Side::Buy, 100, 110) == 101);
}

TEST_CASE("dist_to_liq and the most dangerous panic tier") {
  std::int64_t d = 0;
  REQUIRE(dist_to_liq_e8(600'000, 570'000, d));
  CHECK(d == 5'000'000);
  REQUIRE(dist_to_liq_e8(600'000, 612'000, d));
  CHECK(d == 2'000'000);
  CHECK_FALSE(dist_to_liq_e8(600'000, 0, d));
  PanicCloseParams p;  // seed tiers 4% / 3% / 2%
  CHECK(panic_tier(p, 5'000'000) == -1);
  CHECK(panic_tier(p, 4'000'000) == 0);
  CHECK(panic_tier(p, 2'500'000) == 1);
  CHECK(panic_tier(p, 100) == 2);
  p.enabled = false;
  CHECK(panic_tier(p, 100) == -1);
}

TEST_CASE("protective stop price from the liquidation price") {
  CHECK(protective_stop_px(PositionSide::Long, 500'000, 1'000'000, 1) == 505'051);
  CHECK(protective_stop_px(PositionSide::Short, 700'000, 1'000'000, 1) == 693'069);
  CHECK(protective_stop_px(PositionSide::Long, 500'000, 1'000'000, 10) == 505'060);
  CHECK(protective_stop_px(PositionSide::Short, 700'000, 1'000'000, 10) == 693'060);
  CHECK(protective_stop_px(PositionSide::Long, 0, 1'000'000, 1) == 0);
  CHECK(stop_would_trigger(PositionSide::Long, 600'000, 600'000));
  CHECK_FALSE(stop_would_trigger(PositionSide::Long, 599'999, 600'000));
  CHECK(stop_would_trigger(PositionSide::Short, 600'000, 600'000));
  CHECK_FALSE(stop_would_trigger(PositionSide::Short, 600'001, 600'000));
}
