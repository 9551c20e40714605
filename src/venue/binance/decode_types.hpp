// decode_types.hpp — vocabulary of the Binance USD-M decoders: result codes, message
// kinds, the EventSink that hands out ring slots, venue-specific flag bits carried in
// EventHeader::flags, and the decode counters.
//
// Protocol source: Binance USD-M Futures "WebSocket Market Streams" and "User Data
// Streams" pages (event names below), REST endpoint pages under
// ../shared/venue-docs/binance/usdm/endpoints/.
//
// Threads: everything here is used by the single decode thread; DecodeStats counters are
// relaxed atomics so telemetry may read them from any thread.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "core/event.hpp"
#include "core/decode_status.hpp"
#include "core/event_sink.hpp"
#include "venue/binance/venue_id.hpp"
#include "market/decimal.hpp"

namespace xtb::binance {

// The outcome codes and the sink are venue-neutral (core/decode_status.hpp,
// core/event_sink.hpp); these spellings keep binance::DecodeStatus etc. working.
using ::xtb::DecodeStatus;
using ::xtb::kDecodeStatusCount;
using ::xtb::EventSink;
using ::xtb::ArrayEventSink;
using ::xtb::RingEventSink;

/// What the frame was (for per-type counters and benchmarks).
enum class MsgKind : std::uint8_t {
  None = 0,
  BookTicker, AggTrade, Trade, MarkPrice, DepthUpdate, ForceOrder, Kline, Ticker,
  OrderTradeUpdate, AccountUpdate, TradeLite, AlgoUpdate, ListenKeyExpired, MarginCall,
  ControlReply,        ///< {"result":..,"id":..} answer to SUBSCRIBE/LIST_SUBSCRIPTIONS
  DepthSnapshot,       ///< REST GET /fapi/v1/depth
  RestOrder,           ///< REST order ack / cancel / query answer
  RestOrderList,       ///< REST openOrders / allOrders
  RestAlgoOrderList,   ///< REST openAlgoOrders
  RestPositionRisk,    ///< REST positionRisk (v2/v3)
  RestBalance,         ///< REST balance (v2/v3)
  RestAccount,         ///< REST account (v2/v3)
  RestError,           ///< {"code":..,"msg":..}
};
inline constexpr int kMsgKindCount = 24;
const char* to_string(MsgKind k) noexcept;

/// Result of one decode call: 8 bytes, returned in a register.
struct DecodeResult {
  DecodeStatus status = DecodeStatus::Ok;
  MsgKind kind = MsgKind::None;
  DecimalError decimal = DecimalError::Ok;  ///< detail when status == BadDecimal
  std::uint8_t pad = 0;
  std::uint32_t events = 0;                 ///< slots filled, to be published in order
  bool ok() const noexcept { return status == DecodeStatus::Ok || status == DecodeStatus::VenueError; }
};

// ---- EventHeader::flags bits set by the Binance decoders (per event type) ----
/// OrderUpdate: the event is an ALGO_UPDATE / algo-order REST row (client_id = clientAlgoId,
/// venue_order_id = algoId, stop_px = triggerPrice).
inline constexpr std::uint8_t kOrderFlagAlgo = 1;
/// OrderUpdate: TRADE_LITE fill notice — carries the fill (last_fill_px/qty, trade id) but
/// NO order status (status == Unknown); the full ORDER_TRADE_UPDATE follows.
inline constexpr std::uint8_t kOrderFlagFillOnly = 2;
/// OrderUpdate: venue-initiated liquidation order (client id "autoclose-", X NEW_INSURANCE).
inline constexpr std::uint8_t kOrderFlagLiquidation = 4;
/// OrderUpdate: auto-deleverage (client id "adl_autoclose", X NEW_ADL).
inline constexpr std::uint8_t kOrderFlagAdl = 8;
/// OrderUpdate: settlement/delivery close ("settlement_autoclose-", "delivery_autoclose-").
inline constexpr std::uint8_t kOrderFlagSettlement = 16;
/// OrderUpdate: row of a REST list (open orders) rather than a live report.
inline constexpr std::uint8_t kOrderFlagRestRow = 32;
/// OrderUpdate from ALGO_UPDATE: algo order has triggered (TRIGGERING/TRIGGERED).
inline constexpr std::uint8_t kOrderFlagTriggered = 64;
/// Trade: set on aggTrade-derived events (Trade::aggregated duplicates it).
/// (DepthUpdate and AccountUpdate use their own kFirstChunk/kLastChunk/kSnapshot bits from
/// core/event.hpp in EventHeader::flags.)
inline constexpr std::uint8_t kTradeFlagAggregated = 1;
/// MarkPrice: a reference price (index/settle) was rounded to the tick grid.
inline constexpr std::uint8_t kMarkFlagRounded = 1;

/// AccountUpdate::reason values: Binance ACCOUNT_UPDATE `m` plus REST/margin-call origins.
enum class AccountReason : std::uint8_t {
  Unknown = 0, Deposit, Withdraw, Order, FundingFee, WithdrawReject, Adjustment,
  InsuranceClear, AdminDeposit, AdminWithdraw, MarginTransfer, MarginTypeChange,
  AssetTransfer, OptionsPremiumFee, OptionsSettleProfit, AutoExchange, CoinSwapDeposit,
  CoinSwapWithdraw,
  RestPositionRisk = 100,  ///< GET positionRisk snapshot
  RestBalance,             ///< GET balance snapshot
  RestAccount,             ///< GET account snapshot
  MarginCall,              ///< MARGIN_CALL: positions at risk (amount, unrealized PnL only)
};

/// Decode counters, one per decoder instance. Written by the decode thread with relaxed
/// load+store (no lock prefix), readable from any thread.
struct DecodeStats {
  std::atomic<std::uint64_t> by_status[kDecodeStatusCount]{};
  std::atomic<std::uint64_t> by_kind[kMsgKindCount]{};
  std::atomic<std::uint64_t> skipped_unknown_symbol{};  ///< list rows skipped (positions, orders)
  std::atomic<std::uint64_t> skipped_unknown_asset{};   ///< balance rows skipped
  std::atomic<std::uint64_t> rounded_fields{};          ///< reference prices rounded to the grid
  std::atomic<std::uint64_t> skipped_off_grid_levels{}; ///< depth levels priced off the tick grid
  std::atomic<std::uint64_t> events{};                  ///< events produced

  static void bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) noexcept {
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::uint64_t status(DecodeStatus s) const noexcept {
    return by_status[static_cast<int>(s)].load(std::memory_order_relaxed);
  }
  std::uint64_t kind(MsgKind k) const noexcept { return by_kind[static_cast<int>(k)].load(std::memory_order_relaxed); }
  /// Frames that failed (every status except Ok, Ignored, Unsupported, VenueError).
  std::uint64_t errors() const noexcept;
};

/// DecodeError::code packing: (kind << 16) | (decimal detail << 8) | status.
inline constexpr std::int32_t pack_decode_error(DecodeResult r) noexcept {
  return (static_cast<std::int32_t>(r.kind) << 16) | (static_cast<std::int32_t>(r.decimal) << 8) |
         static_cast<std::int32_t>(r.status);
}
inline constexpr DecodeStatus decode_error_status(std::int32_t code) noexcept {
  return static_cast<DecodeStatus>(code & 0xFF);
}
inline constexpr MsgKind decode_error_kind(std::int32_t code) noexcept {
  return static_cast<MsgKind>((code >> 16) & 0xFF);
}

}  // namespace xtb::binance
