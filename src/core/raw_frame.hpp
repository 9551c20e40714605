// raw_frame.hpp — RawFrame, the slot type of ring R1 (ingest → decode) and R4
// (egress responses → decode): one complete venue message (WebSocket message, HTTP
// response body or replayed capture line) with the TSC stamp of its arrival.
//
// A slot is 4 KiB with the bytes inline, which holds 99.9 % of Binance messages (the
// recorded BTCUSDT capture: p99 2.2 KB, p99.9 11 KB, max 42 KB). Larger messages go to a
// LargeFramePool slot (frame_pool.hpp) referenced by handle; nothing allocates.
// Every buffer keeps kPadding readable bytes after the payload because simdjson's
// On-Demand parser reads up to SIMDJSON_PADDING (64) bytes past the end of its input.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/types.hpp"

namespace xtb {

enum class FrameKind : std::uint8_t {
  WsText = 0,      ///< a complete WebSocket text message
  WsBinary,        ///< a complete WebSocket binary message
  HttpResponse,    ///< an HTTP response body; `response` says which request it answers
  ReplayLine,      ///< a line of a recorded capture (replay/backtest)
  ConnState,       ///< no payload: connection `conn_id` changed state (`conn` fields)
};

/// Why egress answered a command itself, nothing sent (ResponseMeta::local_refusal). The
/// frame has no body: the venue's decoder turns the reason into the answer the venue gives
/// for that cause (its error code and status), so the engine handles both alike.
enum class LocalRefusal : std::uint8_t {
  None = 0,
  NoConnection,      ///< no order connection within the queue timeout, or the send failed
  NotReady,          ///< the session is not ready yet (e.g. position mode not verified)
  ClockNotSynced,    ///< no venue-time estimate: the request would be refused as stale
  PositionMode,      ///< the account's position mode differs from the configured one
  EncodeFailed,      ///< the command cannot be expressed in the venue's protocol
  Banned,            ///< the venue banned this client: no requests until the ban ends
  OrdersHalted,      ///< new orders stopped after a ban, until a human looks
  OrderCountLimit,   ///< the venue's order-count budget is spent
  RequestRateLimit,  ///< backing off after the venue's rate-limit answer
};

/// What an HttpResponse frame answers, filled by the egress stage from its in-flight
/// request table and the response headers. The decode stage turns it into the venue
/// decoder's request context (each venue rebuilds its own from it).
struct ResponseMeta {
  std::uint8_t rest_kind;        ///< venue-specific response kind (the venue decoder's numbering)
  std::uint8_t command;          ///< CommandKind of the request answered
  std::uint16_t http_status;     ///< 0 when the request failed before a response (timeout)
  std::uint32_t retry_after_s;   ///< Retry-After on 429/418, 0 if absent
  std::uint32_t used_weight_1m;  ///< X-MBX-USED-WEIGHT-1M, 0 if absent
  std::uint32_t order_count_10s; ///< X-MBX-ORDER-COUNT-10S, 0 if absent
  std::uint32_t order_count_1m;  ///< X-MBX-ORDER-COUNT-1M, 0 if absent
  SymbolId symbol;               ///< request's symbol (kNoSymbol if none)
  std::uint64_t generation;      ///< request's generation token
  ClientOrderId client_id;       ///< request's client order id (error bodies do not echo it)
  std::uint8_t transport_error;  ///< non-zero: no HTTP answer (timeout/disconnect) → outcome unknown
  std::uint8_t local_refusal;    ///< LocalRefusal: egress answered itself, nothing was sent
  std::uint8_t pad;
};
static_assert(sizeof(ResponseMeta) == 72);

/// ConnState frames: the transport's view of one connection.
struct ConnMeta {
  std::uint8_t status;           ///< ConnStatus (core/event.hpp numbering)
  std::uint8_t pad[3];
  std::int32_t reason;           ///< errno, TLS/WebSocket close code, or 0
};

/// RawFrame::flags bit on an answer frame: synthesised by egress (a local refusal or a
/// transport failure report); nothing was sent to the venue.
inline constexpr std::uint8_t kFrameFlagLocal = 1;

struct RawFrame {
  static constexpr std::size_t kSlotBytes = 4096;
  static constexpr std::size_t kPadding = 64;        ///< >= SIMDJSON_PADDING
  static constexpr std::size_t kHeaderBytes = 104;
  static constexpr std::size_t kInlineCapacity = kSlotBytes - kHeaderBytes - kPadding;
  static constexpr std::uint32_t kNoLarge = 0xFFFF'FFFFu;

  std::uint16_t conn_id;       ///< transport connection (see net/); 0 for replay
  FrameKind kind;
  std::uint8_t flags;
  std::uint32_t len;           ///< payload bytes (inline or in the large slot)
  TscTicks rx_tsc;             ///< TSC when the last byte of the message was received
  std::int64_t capture_ns;     ///< replay: recorded receive time (ns); live: wall ns at rx
  std::uint32_t large_handle;  ///< LargeFramePool handle or kNoLarge when inline
  std::uint32_t pad;
  union {
    ResponseMeta response;     ///< kind == HttpResponse
    ConnMeta conn;             ///< kind == ConnState
  };
  std::uint8_t bytes[kInlineCapacity + kPadding];

  bool is_large() const noexcept { return large_handle != kNoLarge; }
};
static_assert(sizeof(RawFrame) == RawFrame::kSlotBytes, "RawFrame is exactly one 4 KiB slot");
static_assert(offsetof(RawFrame, bytes) == RawFrame::kHeaderBytes);
static_assert(std::is_trivially_copyable_v<RawFrame>);

}  // namespace xtb
