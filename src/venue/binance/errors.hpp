// errors.hpp — Binance USD-M error codes → typed reasons and the action the engine must
// take. Source: ../shared/venue-docs/binance/usdm/error_codes.md (codes and names),
// rate_limits.md (HTTP 429 / 418), authentication.md (timing rule behind -1021), and the
// general API notes (HTTP 5xx / -1006 / -1007: "execution status unknown").
//
// Every error body `{"code":<int>,"msg":"..."}` is classified here; the decoders put the
// numeric code into OrderAck::error_code and the mapped OrderStatus into OrderAck::status.
// Threads: pure functions. No allocation.
#pragma once
#include <cstdint>

#include "core/raw_frame.hpp"
#include "core/types.hpp"

namespace xtb::binance {

/// What went wrong, grouped by what the engine can do about it.
enum class ErrorReason : std::uint8_t {
  None = 0,
  Unknown,                ///< -1000 or any unlisted code
  Disconnected,           ///< -1001 internal error, retry later
  Unauthorized,           ///< -1002
  TooManyRequests,        ///< -1003 / HTTP 429 request-weight limit
  IpBanned,               ///< HTTP 418 (IP auto-banned after ignoring 429)
  UnknownExecution,       ///< -1006 / -1007 / HTTP 5xx: order may or may not exist
  Throttled,              ///< -1008 system overload
  TooManyOrders,          ///< -1015 order-count limit
  ServiceShuttingDown,    ///< -1016
  InvalidTimestamp,       ///< -1021 outside recvWindow / ahead of server time
  InvalidSignature,       ///< -1022
  BadRequest,             ///< -11xx parameter errors (malformed request: our bug)
  BadSymbol,              ///< -1121 / -1122
  InvalidListenKey,       ///< -1125 listenKey does not exist / expired
  OrderRejected,          ///< -2010 generic new-order reject
  CancelRejected,         ///< -2011 cancel of an unknown/closed order
  NoSuchOrder,            ///< -2013
  InvalidApiKey,          ///< -2014 / -2015 / -2017 key format, permissions, locked
  InsufficientMargin,     ///< -2018 / -2019 / -4050 / -4051
  WouldImmediatelyTrigger,///< -2021 stop order would trigger immediately
  ReduceOnlyRejected,     ///< -2022 / -4118 reduce-only would increase the position
  UserInLiquidation,      ///< -2023
  PositionNotSufficient,  ///< -2024
  MaxOpenOrders,          ///< -2025 / -4045 open (stop) order count limit
  PriceFilter,            ///< -4001/-4002/-4013/-4014/-4016/-4024/-4184: price off grid or band
  QtyFilter,              ///< -4003/-4004/-4005/-4023: qty off step or bounds
  InvalidPositionSide,    ///< -4060 positionSide missing/invalid for the account mode
  PositionSideMismatch,   ///< -4061 positionSide does not match the dual-side setting
  ReduceOnlyConflict,     ///< -4062 / -4138: reduceOnly with hedge mode or closePosition
  DuplicateClientOrderId, ///< -4116
  StopOrderTriggering,    ///< -4117
  MinNotional,            ///< -4164 / -5029 order notional below the symbol minimum
  FokRejected,            ///< -5021 FOK could not fill entirely
  PostOnlyRejected,       ///< -5022 GTX (post-only) would take liquidity
  InvalidPriceMatch,      ///< -5037 / -5038
};
const char* to_string(ErrorReason r) noexcept;

/// What the caller must do next.
enum class ErrorAction : std::uint8_t {
  None = 0,
  Reject,          ///< final answer for this order; do not resend it unchanged
  Retry,           ///< transient (-1001, -1008, -1016): resend later is allowed
  BackOff,         ///< rate limited: no requests until Retry-After / the next window
  HaltTrading,     ///< 418, bad key/signature: stop sending orders and alert a human
  ResyncTime,      ///< -1021: re-measure the server-time offset; never blind-retry an order
  QueryOrder,      ///< outcome unknown: query the order by client order id before acting
  RenewListenKey,  ///< -1125: create a new listenKey and reconnect the user stream
  ReloadRules,     ///< symbol/filter errors: refresh exchangeInfo before trading the symbol
  TreatAsClosed,   ///< cancel of an order the venue no longer has: reconcile, not an alarm
};
const char* to_string(ErrorAction a) noexcept;

struct ErrorInfo {
  ErrorReason reason;
  ErrorAction action;
  OrderStatus status;  ///< engine status of the order a request was about
};

/// Classifies a venue error code (negative) together with the HTTP status of the response
/// (0 for WebSocket API answers). HTTP 429/418 win over the body code; 5xx without a more
/// specific code means UnknownExecution. Code 0 / positive codes (e.g. {"code":200} of
/// cancel-all) with a 2xx status mean success: reason None, status Open.
ErrorInfo classify_error(std::int32_t code, std::uint16_t http_status) noexcept;

/// The answer Binance gives for the cause of a local refusal (core/raw_frame.hpp
/// LocalRefusal): what egress would have received had it sent the request. Egress stamps
/// the HTTP status in the frame's ResponseMeta; the decoder emits the OrderAck with `code`.
struct LocalAnswer {
  std::uint16_t http_status;
  std::int32_t code;
};
LocalAnswer local_refusal_answer(LocalRefusal r) noexcept;

/// The code of a request that got no answer at all (timeout, disconnect): -1007 "Timeout
/// waiting for response from backend server. Send status unknown; execution status unknown."
inline constexpr std::int32_t kNoAnswerCode = -1007;

}  // namespace xtb::binance
