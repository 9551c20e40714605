// protective_stop.hpp — the exchange-side protective stop of one symbol + positionSide
// (seed 002 Step 9.3 "仓位保护性止损"). Pure decision logic; ReduceOnlyCloser sends the
// orders (closer_stops.cpp).
//
// The order: STOP_MARKET, closePosition=true, workingType=MARK_PRICE, SELL for LONG / BUY
// for SHORT, positionSide set, risk-flagged (never throttled). If it triggers, the venue
// closes the whole side even when this process is gone (crash, network loss).
// Binance allows one closePosition stop per direction (-4130 "An open stop or take profit
// order with GTE and closePosition in the direction is existing"), so a replacement is
// cancel-first: ACTIVE → CANCELING → (terminal) → NONE → PLACING.
//
//   NONE ──place──▶ PLACING ──open──▶ ACTIVE ──cancel (flat / replace)──▶ CANCELING ──▶ NONE
//                      └─rejected/failed──▶ NONE (retry after protective_stop.retry_ms)
//   FILLED while PLACING/ACTIVE/CANCELING = the stop triggered (counted, alerted).
//   REJECTED -4130 = another closePosition stop (not ours: a manual one, or the `vq-ps-…`
//   stop vibe-quant leaves behind) already protects the side: the side is *externally
//   protected* — no retry until the next reconciliation, which allows one re-check (a new
//   place); the flag ends when one of ours is open again or adopted (review B2).
// Replacement (the liquidation price moved): tightening (LONG stop up / SHORT stop down)
// at once; loosening only when the stop moves by ≥ liq_improve_threshold (ratio of the
// current stop) and loosen_cooldown_ms passed since the last change. No liquidation price
// known → the working stop is kept. The side flat → the stop is cancelled.
//
// Client order id (stable across restarts so a new process finds and keeps managing it):
//     <prefix>-ps.<L|S>.<SYMBOL>-<seq>          e.g.  "xtb-ps.L.BTCUSDT-7"
// `<prefix>-` makes it ours for the engine (OrderIdAllocator::owns, reconciliation adopts
// it); "ps." can never be a run id ([A-Za-z0-9] only), so shutdown's this-run cancel never
// matches it. `seq` grows with every replacement, so no id is reused while an older one
// may still be known to the venue. Across restarts (review B1) the sequence starts at
//   max(first_seq, seconds since 2025-01-01 of the live id epoch (seq_from_unix_ms),
//       1 + every seq of this side in the order store — live or terminal, journal included)
// and an id the engine still refuses as a duplicate is skipped (on_place_refused).
// Thread: sequencer only. No allocation after configure().
#pragma once
#include <cstdint>
#include <string_view>

#include "core/types.hpp"
#include "strategy/reduce_only_closer/closer_params.hpp"

namespace xtb::strategy {

enum class StopState : std::uint8_t { None = 0, Placing, Active, Canceling };
enum class StopAction : std::uint8_t { Nothing = 0, Place, Cancel };
enum class StopEnd : std::uint8_t {
  None = 0, Cancelled, Triggered, Rejected, Expired,
  External,       ///< -4130: another closePosition stop protects the side (first of an episode)
  ExternalAgain,  ///< -4130 again at a re-check: still externally protected
};
/// Binance: "An open stop or take profit order with GTE and closePosition in the direction
/// is existing" — one closePosition stop per direction.
inline constexpr std::int32_t kStopExistsCode = -4130;
const char* to_string(StopState s) noexcept;

class ProtectiveStop {
 public:
  /// Cold path: builds the id head "<prefix>-ps.<L|S>.<symbol>-". False when the longest
  /// id (seq up to kMaxSeq) would not fit in 36 characters or a name has bad characters.
  bool configure(std::string_view prefix, std::string_view symbol, PositionSide side,
                 std::uint64_t first_seq) noexcept;

  /// What to do now. `want`: the side holds a position and stops are enabled.
  /// `desired_px`: stop price from the liquidation price (0 = unknown). `mark_px` guards
  /// against a stop that would trigger at once (counted in would_trigger()).
  StopAction decide(const ProtectiveStopParams& p, bool want, Price desired_px, Price mark_px,
                    std::int64_t now_ns) noexcept;

  /// Writes the id of the next stop into `out` (does not consume it).
  void next_id(ClientOrderId& out) const noexcept;
  /// The stop `id` at `px` was handed to the engine: NONE → PLACING (consumes the seq).
  void on_place_sent(const ClientOrderId& id, Price px, std::int64_t now_ns) noexcept;
  /// The engine refused it: stay NONE, retry after `retry_ns`. `duplicate_id`: the id is
  /// already in the order store — skip it (consume the seq) and retry with the next at once.
  void on_place_refused(std::int64_t now_ns, std::int64_t retry_ns, bool duplicate_id = false) noexcept;
  /// The venue acknowledged it: PLACING → ACTIVE.
  void on_open() noexcept;
  /// A cancel was sent: → CANCELING.
  void on_cancel_sent(std::int64_t now_ns) noexcept;
  /// The stop order ended with `st` (venue error `code`). Rejected/Failed retry after
  /// `retry_ns`, except -4130 (kStopExistsCode): externally protected (External).
  StopEnd on_terminal(OrderStatus st, std::int32_t code, std::int64_t now_ns, std::int64_t retry_ns) noexcept;
  /// A reconciliation completed: an externally protected side may re-check once.
  void on_reconciled() noexcept { recheck_ = external_; }

  /// Takes over a live stop found in the order store after a restart (id of this side's
  /// scheme). Returns false when `id` does not belong to this side.
  bool adopt(const ClientOrderId& id, Price px, bool open) noexcept;
  /// Sequence number of `id` when it belongs to this side, else 0.
  std::uint64_t seq_of(std::string_view id) const noexcept;
  /// The next id's seq becomes at least `seq` (never lowered; capped at kMaxSeq).
  void advance_to(std::uint64_t seq) noexcept { if (seq > next_seq_) next_seq_ = seq < kMaxSeq ? seq : kMaxSeq; }
  /// First stop seq of a live start at `unix_ms`: seconds since 2025-01-01T00:00:00Z (≥ 1;
  /// 9 digits until 2056), the seed's time suffix.
  static std::uint64_t seq_from_unix_ms(std::uint64_t unix_ms) noexcept {
    constexpr std::uint64_t kBaseS = 1'735'689'600;
    const std::uint64_t s = unix_ms / 1000;
    if (s <= kBaseS) return 1;
    return s - kBaseS < kMaxSeq ? s - kBaseS : kMaxSeq;
  }
  std::uint64_t next_seq() const noexcept { return next_seq_; }
  /// -4130 seen and no stop of ours open since: another closePosition stop protects the side.
  bool external() const noexcept { return external_; }

  StopState state() const noexcept { return state_; }
  const ClientOrderId& id() const noexcept { return id_; }
  Price px() const noexcept { return px_; }
  std::int64_t cancel_ns() const noexcept { return cancel_ns_; }
  bool matches(const ClientOrderId& id) const noexcept {
    return state_ != StopState::None && id == id_;
  }
  std::uint64_t would_trigger() const noexcept { return would_trigger_; }

  static constexpr std::uint64_t kMaxSeq = 999'999'999;

 private:
  bool should_replace(const ProtectiveStopParams& p, Price desired_px, std::int64_t now_ns) const noexcept;

  char head_[ClientOrderId::kMax] = {};
  std::uint8_t head_len_ = 0;
  PositionSide side_ = PositionSide::Long;
  StopState state_ = StopState::None;
  ClientOrderId id_{};
  Price px_ = 0;
  std::uint64_t next_seq_ = 1;
  std::int64_t changed_ns_ = 0;   ///< last placement (for the loosen cooldown)
  std::int64_t retry_at_ns_ = 0;
  std::int64_t cancel_ns_ = 0;
  std::uint64_t would_trigger_ = 0;
  bool external_ = false;  ///< -4130: externally protected (no retry until a reconciliation)
  bool recheck_ = false;   ///< a reconciliation allows one new place while external_
};

}  // namespace xtb::strategy
