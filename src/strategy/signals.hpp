// signals.hpp — the closer's exit signals (seed 002 SignalEngine / "SignalReason").
//
// With last = latest trade price, prev = the trade before it, bid/ask = best bid/ask
// (all ticks; docs/strategies/reduce_only_closer.md has the rationale):
//
//   LONG side (we SELL):   long_primary      last > prev  AND  bid ≥ last
//                          long_bid_improve  (not primary) AND bid ≥ last AND bid > prev
//   SHORT side (we BUY):   short_primary     last < prev  AND  ask ≤ last
//                          short_ask_improve (not primary) AND ask ≤ last AND ask < prev
//
// i.e. sell a LONG into an up-tick whose price the bid still supports (or into a bid that
// improved past the previous trade), buy back a SHORT into a down-tick the ask still
// offers (or into an ask that improved below the previous trade). Nothing is evaluated
// until MarketView::ready() (book + two trades).
//
// Throttle (seed "min_signal_interval_ms"): per side, a signal is only acted on when at
// least the interval has passed since the last signal that was acted on.
// Thread: any (pure functions). No allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/market_view.hpp"

namespace xtb::strategy {

enum class SignalReason : std::uint8_t {
  None = 0,
  LongPrimary,      ///< "long_primary"
  LongBidImprove,   ///< "long_bid_improve"
  ShortPrimary,     ///< "short_primary"
  ShortAskImprove,  ///< "short_ask_improve"
  Panic,            ///< not a signal: a panic_close slice (bypasses signals and throttle)
  kCount
};

/// The seed's reason names ("long_primary", ...; "panic_close" for Panic).
const char* to_string(SignalReason r) noexcept;

/// Exit signal of the LONG side for the given prices (ticks), or None.
constexpr SignalReason long_exit_signal(Price last, Price prev, Price bid) noexcept {
  if (last <= 0 || prev <= 0 || bid <= 0) return SignalReason::None;
  if (last > prev && bid >= last) return SignalReason::LongPrimary;
  if (bid >= last && bid > prev) return SignalReason::LongBidImprove;
  return SignalReason::None;
}

/// Exit signal of the SHORT side for the given prices (ticks), or None.
constexpr SignalReason short_exit_signal(Price last, Price prev, Price ask) noexcept {
  if (last <= 0 || prev <= 0 || ask <= 0) return SignalReason::None;
  if (last < prev && ask <= last) return SignalReason::ShortPrimary;
  if (ask <= last && ask < prev) return SignalReason::ShortAskImprove;
  return SignalReason::None;
}

/// Signal of `side` (Long or Short) on the current market view; None when not ready.
inline SignalReason exit_signal(PositionSide side, const MarketView& m) noexcept {
  if (!m.ready()) return SignalReason::None;
  return side == PositionSide::Long ? long_exit_signal(m.last_trade_px, m.prev_trade_px, m.bid_px)
                                    : short_exit_signal(m.last_trade_px, m.prev_trade_px, m.ask_px);
}

/// Per-side throttle: allows one acted-on signal per `interval_ns`.
struct SignalThrottle {
  std::int64_t last_ns = 0;
  bool has_last = false;

  bool allows(std::int64_t now_ns, std::int64_t interval_ns) const noexcept {
    return !has_last || now_ns - last_ns >= interval_ns;
  }
  void mark(std::int64_t now_ns) noexcept {
    last_ns = now_ns;
    has_last = true;
  }
};

}  // namespace xtb::strategy
