// event.hpp — the typed events that travel on ring R2 (decode → sequencer).
//
// Every event is a fixed-size, trivially copyable POD: an EventHeader followed by a
// tagged union of payloads. Ring slots hold Events by value and are allocated once at
// start-up, so decoding writes straight into the slot (no copies, no heap).
//
// Units follow types.hpp: Price in ticks, Qty in steps, Amount in 1e-8 asset units,
// TscTicks for local receive time, EpochMs for venue time.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/types.hpp"

namespace xtb {

enum class EventType : std::uint16_t {
  None = 0,
  BestBidOffer,    ///< best bid/ask update
  Trade,           ///< public trade (raw `trade` or aggregated `aggTrade`)
  MarkPrice,       ///< mark price / index price / funding
  DepthUpdate,     ///< one chunk of a diff-depth or snapshot message
  Liquidation,     ///< public liquidation order (`forceOrder`)
  OrderUpdate,     ///< venue report on one of our orders (user stream or REST)
  AccountUpdate,   ///< positions and balances (chunked when large)
  OrderAck,        ///< synchronous REST/WS order-entry answer (accepted or rejected)
  ConnState,       ///< transport connected / disconnected / stream expired
  Timer,           ///< periodic tick for TTLs, throttles, reconciliation schedule
  DecodeError,     ///< a frame that could not be decoded (counted, state unchanged)
};

/// Common prefix of every event.
struct EventHeader {
  EventType type;
  Venue venue;
  std::uint8_t flags;      ///< type-specific bits (see each payload)
  std::uint16_t conn_id;   ///< transport connection the bytes came from
  std::uint16_t reserved;
  SymbolId symbol;         ///< kNoSymbol when not symbol-specific
  TscTicks rx_tsc;         ///< TSC at ingest of the frame that produced this event
  EpochMs venue_time_ms;   ///< venue event time (`E`), 0 if absent
  std::uint64_t seq;       ///< position on the ring that carried it (set by the producer)
};
static_assert(sizeof(EventHeader) == 40);

struct BestBidOffer {
  Price bid_px; Qty bid_qty;
  Price ask_px; Qty ask_qty;
  std::uint64_t update_id;   ///< venue book update id (Binance `u`), 0 if none
  EpochMs txn_time_ms;       ///< venue transaction time (Binance `T`), 0 if none
};

struct Trade {
  Price px; Qty qty;
  std::uint64_t trade_id;        ///< `t` (trade) or `a` (aggTrade)
  std::uint64_t first_trade_id;  ///< aggTrade `f` (== trade_id for raw trades)
  std::uint64_t last_trade_id;   ///< aggTrade `l`
  EpochMs trade_time_ms;         ///< `T`
  bool buyer_is_maker;           ///< `m`: true → the aggressor sold
  bool aggregated;               ///< true for aggTrade
};

struct MarkPrice {
  Price mark_px;
  Price index_px;
  Price est_settle_px;
  Amount funding_rate;       ///< scaled 1e8 (0.0001 → 10000)
  EpochMs next_funding_ms;
};

struct PriceLevel { Price px; Qty qty; };

/// A diff-depth (or snapshot) message may carry hundreds of levels; the decoder emits
/// it as consecutive chunks. Bids come first, then asks; flags mark the first/last chunk.
struct DepthUpdate {
  static constexpr int kMaxLevels = 11;
  static constexpr std::uint8_t kFirstChunk = 1, kLastChunk = 2, kSnapshot = 4;
  std::uint64_t first_update_id;  ///< `U` (snapshot: lastUpdateId)
  std::uint64_t final_update_id;  ///< `u` (snapshot: lastUpdateId)
  std::uint64_t prev_final_id;    ///< `pu` (futures only; 0 if absent)
  std::uint8_t n_bids;            ///< bids in this chunk, levels[0 .. n_bids)
  std::uint8_t n_asks;            ///< asks in this chunk, levels[n_bids .. n_bids+n_asks)
  PriceLevel levels[kMaxLevels];
};

struct Liquidation {
  Side side; OrderType type; TimeInForce tif; OrderStatus status;
  Price px; Price avg_px; Qty qty; Qty last_filled_qty; Qty cum_qty;
  EpochMs trade_time_ms;
};

/// A venue report on one of our orders. `status` is already mapped to the engine model.
struct OrderUpdate {
  ClientOrderId client_id;
  std::uint64_t venue_order_id;
  Side side; PositionSide position_side; OrderType type; TimeInForce tif;
  ExecType exec_type; OrderStatus status; bool reduce_only; bool close_position;
  bool is_maker; WorkingType working_type; std::uint8_t pad[2];
  Price px; Price stop_px; Price avg_px; Price last_fill_px;
  Qty orig_qty; Qty last_fill_qty; Qty cum_qty;
  Amount commission;      ///< fee of this fill, 1e-8 units of commission_asset
  Amount realized_pnl;    ///< realized profit of this fill, 1e-8 quote units
  std::uint64_t trade_id;
  EpochMs txn_time_ms;
  std::uint32_t commission_asset;  ///< asset id from the symbol table
  std::int32_t reject_code;        ///< venue error code when status == Rejected
};

/// Positions/balances snapshot or delta. Large account updates are split into chunks.
struct AccountUpdate {
  static constexpr int kMaxPositions = 3, kMaxBalances = 2;
  static constexpr std::uint8_t kFirstChunk = 1, kLastChunk = 2;
  struct Position {
    SymbolId symbol; PositionSide side; std::uint8_t pad[3];
    std::int64_t amount;   ///< signed position size in steps (negative = short in one-way)
    Price entry_px; Price break_even_px; Amount unrealized_pnl;
  };
  struct Balance { std::uint32_t asset; std::uint32_t pad; Amount wallet; Amount cross_wallet; Amount change; };
  std::uint8_t reason;     ///< venue reason code (ORDER, FUNDING_FEE, ...) per decoder enum
  std::uint8_t n_positions, n_balances, pad;
  std::uint32_t pad2;
  EpochMs txn_time_ms;
  Position positions[kMaxPositions];
  Balance balances[kMaxBalances];
};

/// Synchronous order-entry answer (REST body or WS API response).
struct OrderAck {
  ClientOrderId client_id;
  std::uint64_t venue_order_id;
  OrderStatus status;          ///< Open/Filled/... when accepted, Rejected/Failed/Unknown otherwise
  std::uint8_t request_kind;   ///< CommandKind (command.hpp) of the request answered
  std::uint16_t http_status;   ///< 0 for WS API answers
  std::int32_t error_code;     ///< venue code, e.g. -5022; 0 when accepted
  std::uint32_t retry_after_s; ///< from Retry-After on 429/418
  std::uint32_t used_weight_1m;///< X-MBX-USED-WEIGHT-1M
  std::uint32_t order_count_10s;
  Qty cum_qty; Price avg_px;
  std::uint64_t generation;    ///< generation token echoed from the command (seed 004)
};

enum class ConnStatus : std::uint8_t { Connecting, Connected, Disconnected, StreamExpired };
struct ConnState {
  ConnStatus status;
  std::uint8_t pad[3];
  std::int32_t reason;     ///< errno, TLS/WS close code, or venue code; 0 = clean
};

struct TimerTick { std::int64_t now_ns; };

struct DecodeError {
  std::int32_t code;       ///< decoder-specific error number
  std::uint32_t frame_len; ///< length of the offending frame
};

/// One ring slot's worth of event. 256 bytes (4 cache lines when the slot is aligned); the largest
/// payload (OrderUpdate) fits without indirection.
struct Event {
  EventHeader h;
  union {
    BestBidOffer bbo;
    Trade trade;
    MarkPrice mark_price;
    DepthUpdate depth;
    Liquidation liquidation;
    OrderUpdate order_update;
    AccountUpdate account_update;
    OrderAck order_ack;
    ConnState conn_state;
    TimerTick timer;
    DecodeError decode_error;
    std::uint8_t payload_bytes[216];  ///< sizes the union: header + payload = 256 bytes
  };
};
static_assert(sizeof(Event) == 256, "Event must stay exactly four cache lines");
static_assert(std::is_trivially_copyable_v<Event> && std::is_standard_layout_v<Event>);

}  // namespace xtb
