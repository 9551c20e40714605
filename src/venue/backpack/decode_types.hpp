// decode_types.hpp — vocabulary of the Backpack decoders: message kinds, the result of one
// decode call, the REST request kinds (ResponseMeta::rest_kind numbering), flag bits in
// EventHeader::flags, and the decode counters.
//
// Sources: WS streams https://docs.backpack.exchange/#tag/Streams (depth, bookTicker, trade,
// markPrice, account.orderUpdate, account.positionUpdate); REST pages under
// shared/venue-docs/backpack/endpoints/ (public/get_depth.md, private/get_open_orders.md,
// private/get_open_positions.md, ...).
// Threads: the decode thread; DecodeStats counters are relaxed atomics readable anywhere.
#pragma once
#include <atomic>
#include <cstdint>

#include "core/decode_status.hpp"
#include "core/event.hpp"
#include "market/decimal.hpp"

namespace xtb::backpack {

enum class MsgKind : std::uint8_t {
  None = 0,
  Depth, BookTicker, Trade, MarkPrice,               ///< public market streams
  OrderUpdate, PositionUpdate,                       ///< private account streams
  IgnoredStream,                                     ///< kline, ticker, openInterest, rfq*, liquidation
  WsControl,                                         ///< subscribe answers, WS errors
  DepthSnapshot, RestOrder, RestOrderList, RestPositions, RestError, RestBalances,
  kCount
};
inline constexpr int kMsgKindCount = static_cast<int>(MsgKind::kCount);
const char* to_string(MsgKind k) noexcept;

/// What a REST answer answers (ResponseMeta::rest_kind, set by egress from its request).
enum class RestKind : std::uint8_t {
  None = 0, OrderExecute, OrderCancel, CancelAll, OrderQuery, OpenOrders, Positions, DepthSnapshot, Balances,
};

struct DecodeResult {
  DecodeStatus status = DecodeStatus::Ok;
  MsgKind kind = MsgKind::None;
  DecimalError decimal = DecimalError::Ok;  ///< detail when status == BadDecimal
  std::uint32_t events = 0;                 ///< slots filled, to be published in order
  bool ok() const noexcept { return status == DecodeStatus::Ok || status == DecodeStatus::VenueError; }
};

/// DecodeError::code packing: (kind << 16) | (decimal detail << 8) | status.
inline constexpr std::int32_t pack_decode_error(DecodeResult r) noexcept {
  return (static_cast<std::int32_t>(r.kind) << 16) | (static_cast<std::int32_t>(r.decimal) << 8) |
         static_cast<std::int32_t>(r.status);
}

// ---- EventHeader::flags bits (per event type) ----
/// OrderUpdate: a row of a REST answer (order query, open orders, cancel-all), not a live report.
inline constexpr std::uint8_t kOrderFlagRestRow = 1;
/// OrderUpdate: a conditional (trigger) order event: triggerPlaced/triggerFailed or status
/// TriggerPending/Triggered.
inline constexpr std::uint8_t kOrderFlagTrigger = 2;
/// OrderUpdate: the report's clientId is not one of this start's (client_id "bp:<u32>") or absent.
inline constexpr std::uint8_t kOrderFlagForeignId = 4;

/// AccountUpdate::reason values.
enum class AccountReason : std::uint8_t {
  Unknown = 0, PositionOpened, PositionAdjusted, PositionClosed, RestPositions, RestBalances
};

struct DecodeStats {
  std::atomic<std::uint64_t> by_status[kDecodeStatusCount]{};
  std::atomic<std::uint64_t> by_kind[kMsgKindCount]{};
  std::atomic<std::uint64_t> skipped_rows{};  ///< REST rows of unknown symbols (lists go on)
  std::atomic<std::uint64_t> events{};

  static void bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) noexcept {
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::uint64_t status(DecodeStatus s) const noexcept {
    return by_status[static_cast<int>(s)].load(std::memory_order_relaxed);
  }
  std::uint64_t kind(MsgKind k) const noexcept { return by_kind[static_cast<int>(k)].load(std::memory_order_relaxed); }
};

}  // namespace xtb::backpack
