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
#include "market/decimal.hpp"

namespace xtb::binance {

/// Outcome of decoding one frame.
enum class DecodeStatus : std::uint8_t {
  Ok = 0,         ///< events written (possibly zero for a valid empty list)
  Ignored,        ///< well-formed message we deliberately do not map (kline, 24hrTicker, subscribe ack)
  Unsupported,    ///< well-formed JSON of an unknown event type / shape (counted, not fatal)
  TooLarge,       ///< frame longer than the parser's preallocated capacity
  NoPadding,      ///< buffer capacity < len + SIMDJSON_PADDING
  BadJson,        ///< malformed or truncated JSON (simdjson error)
  MissingField,   ///< a required field is absent
  WrongType,      ///< a field has an unexpected JSON type
  BadDecimal,     ///< a price/qty/amount string failed fixed-point parsing (see detail)
  UnknownSymbol,  ///< symbol not in the SymbolTable
  UnknownEnum,    ///< an enum string (side, status, ...) we do not know
  SinkFull,       ///< the EventSink had no slot left for this message
  VenueError,     ///< a REST/WS error body {"code":..,"msg":..} (an OrderAck carries it)
};
inline constexpr int kDecodeStatusCount = 13;
const char* to_string(DecodeStatus s) noexcept;

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

/// Where decoders write events. A decoder asks for slot 0, 1, 2, ... of the current frame
/// and fills each completely; the caller publishes `DecodeResult::events` slots once the
/// call returns, so a frame that fails half-way publishes nothing but one DecodeError
/// event (slot 0), and the sequencer never sees half a message.
class EventSink {
 public:
  /// Slot `i` of the current frame, or nullptr when no room is left. Decoders ask for
  /// i = 0, 1, 2, ... in order and may ask again for an index already handed out (to patch
  /// chunk headers); the same slot must be returned. A new frame starts again at 0.
  virtual Event* slot(std::size_t i) noexcept = 0;

 protected:
  ~EventSink() = default;
};

/// EventSink over a caller-owned array (tests, replay, benchmarks).
class ArrayEventSink final : public EventSink {
 public:
  ArrayEventSink(Event* events, std::size_t capacity) noexcept : ev_(events), cap_(capacity) {}
  Event* slot(std::size_t i) noexcept override { return i < cap_ ? &ev_[i] : nullptr; }
  Event& operator[](std::size_t i) noexcept { return ev_[i]; }
  std::size_t capacity() const noexcept { return cap_; }

 private:
  Event* ev_;
  std::size_t cap_;
};

/// EventSink over an SpscRing<Event> producer (core/spsc_ring.hpp): claims lazily, the
/// decode stage then calls ring.publish(result.events).
template <class Ring>
class RingEventSink final : public EventSink {
 public:
  explicit RingEventSink(Ring& ring) noexcept : ring_(ring) {}
  Event* slot(std::size_t i) noexcept override {
    if (i >= claimed_) {
      claimed_ = ring_.try_claim_batch(i + 1);
      if (i >= claimed_) return nullptr;
    }
    return &ring_.claimed(i);
  }
  /// Publishes `n` slots of the frame just decoded and starts the next frame.
  void publish(std::size_t n) noexcept {
    if (n) ring_.publish(n);
    claimed_ = 0;
  }

 private:
  Ring& ring_;
  std::size_t claimed_ = 0;
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
