// trade_event.hpp — TradeEvent: one line of the structured event log (seed 002's "structured
// event log": signal, place, cancel, fill, timeout, mode change, risk trigger, calibration,
// protective stop, position), as a fixed-size record the sequencer thread hands to a cold
// writer (app/run/event_log.hpp) through a RecordChannel. The writer turns it into one JSON
// line with symbol names and decimal prices; the hot thread never formats text.
//
// Units: px in ticks, qty/position in steps of the symbol's grid (market/symbol_table.hpp);
// t_ns is the sequencer's monotonic time (Clock::to_monotonic_ns), which the writer maps to
// wall-clock time. Fields a kind does not use are 0 / empty.
//
// Thread: TradeEventSink::emit is called on the sequencer thread only (single producer);
// the sink must neither block nor allocate.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/types.hpp"

namespace xtb {

enum class TradeEventKind : std::uint8_t {
  Signal = 0,   ///< an exit signal produced a slice decision: reason, mode, px, qty (id empty)
  Place,        ///< a new order was sent: id, side, position side, tif, px, stop_px, qty, flags, code = OrderType
  Cancel,       ///< a cancel was sent: id
  Timeout,      ///< a working slice reached its TTL and is cancelled: id, mode
  Fill,         ///< a fill was applied: id, px, qty, maker, position before → after
  OrderEnd,     ///< an order reached its terminal status: id, status, code (venue error), qty = filled
  ModeChange,   ///< a side's execution mode changed: mode = the new mode, reason = 1 escalated / 2 de-escalated
  Alert,        ///< a strategy alert (risk trigger, protective stop, side closed, ...): alert = AlertKind
  Calibration,  ///< a reconciliation with the venue completed: qty = discrepancies, code = commands sent
  kCount
};

struct TradeEvent {
  std::int64_t t_ns = 0;
  TradeEventKind kind = TradeEventKind::Signal;
  Side side = Side::Buy;
  PositionSide position_side = PositionSide::Both;
  TimeInForce tif = TimeInForce::GTC;
  OrderStatus status = OrderStatus::Submitting;
  std::uint8_t mode = 0;       ///< strategy::ExecMode (0 maker-only, 1 aggressive limit)
  std::uint8_t reason = 0;     ///< strategy::SignalReason (Signal), change direction (ModeChange)
  std::uint8_t alert = 0;      ///< AlertKind (Alert)
  std::uint8_t flags = 0;      ///< OrderCommand flags (Place); 1 = maker (Fill)
  std::int8_t tier = -1;       ///< panic tier (Alert), −1 none
  SymbolId symbol = kNoSymbol;
  std::int32_t code = 0;
  Price px = 0, stop_px = 0;
  Qty qty = 0, before = 0, after = 0;
  std::int64_t value_e8 = 0;   ///< Alert: distance to liquidation ×1e8 (risk alerts)
  ClientOrderId id{};
};
static_assert(std::is_trivially_copyable_v<TradeEvent>);

/// Where the sequencer thread puts TradeEvents (e.g. RecordChannel<TradeEvent>::try_push).
/// A default-constructed sink drops everything (backtests, tests without an event log).
struct TradeEventSink {
  using Push = bool (*)(void* ctx, const TradeEvent& e) noexcept;
  Push push = nullptr;
  void* ctx = nullptr;

  bool enabled() const noexcept { return push != nullptr; }
  void emit(const TradeEvent& e) const noexcept {
    if (push != nullptr) push(ctx, e);
  }
};

}  // namespace xtb
