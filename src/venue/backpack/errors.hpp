// errors.hpp — Backpack error codes → the engine's meaning.
//
// Backpack answers errors as {"code":"<STRING>","message":"..."} with an HTTP 4xx/5xx
// status (response schemas of every endpoint page, e.g.
// https://docs.backpack.exchange/#tag/Order/operation/execute_order; the docs copy in
// shared/venue-docs/backpack/ lists no code table, so the list below is the API's
// ApiErrorCode enum as ccxt@4.5.84 js/src/backpack.js `exceptions` carries it — every code
// there is mapped, see shared/reviews/venues-protocols.md §1). WS errors are
// {"id":..,"error":{"code":<int>,"message":..}} (4006 "Invalid stream", ccxt example).
//
// The engine's OrderAck::error_code carries the BackpackError number below (stable: it is
// journaled); OrderAck::status the mapped OrderStatus. Pure functions, any thread, no
// allocation.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/raw_frame.hpp"
#include "core/types.hpp"

namespace xtb::backpack {

/// Backpack's error code strings, numbered for OrderAck::error_code. Append only.
enum class BackpackError : std::int32_t {
  None = 0, Unknown,
  AccountLiquidating, BorrowLimit, BorrowRequiresLendRedeem, Forbidden, InsufficientFunds,
  InsufficientMargin, InsufficientSupply, InvalidAsset, InvalidClientRequest, InvalidMarket,
  InvalidOrder, InvalidPrice, InvalidPositionId, InvalidQuantity, InvalidRange, InvalidSignature,
  InvalidSource, InvalidSymbol, InvalidTwoFactorCode, LendLimit, LendRequiresBorrowRepay,
  Maintenance, MaxLeverageReached, NotImplemented, OrderLimit, PositionLimit, PreconditionFailed,
  ResourceNotFound, ServerError, Timeout, TooManyRequests, TradingPaused, Unauthorized,
  NoAnswer,       ///< no HTTP answer (timeout/disconnect): outcome unknown
  LocalRefusal,   ///< egress refused the command itself; nothing was sent
  kCount
};
inline constexpr int kBackpackErrorCount = static_cast<int>(BackpackError::kCount);

/// The code string → enum (Unknown for anything unlisted, None for empty).
BackpackError parse_error_code(std::string_view code) noexcept;
/// The wire string of a code ("INVALID_ORDER"); "" for None/Unknown/NoAnswer/LocalRefusal.
std::string_view wire_name(BackpackError e) noexcept;

/// What the engine must do next (same vocabulary as the other venues).
enum class ErrorAction : std::uint8_t {
  None = 0,
  Reject,        ///< final for this order; do not resend it unchanged
  Retry,         ///< transient; a later resend is allowed
  BackOff,       ///< rate limited: pause requests
  HaltTrading,   ///< bad key/signature/permissions: stop sending orders, alert a human
  QueryOrder,    ///< outcome unknown: query the order by client id before acting
  ReloadRules,   ///< symbol/market errors: reload /api/v1/markets
  TreatAsClosed, ///< cancel/query of an order the venue no longer has
};
const char* to_string(ErrorAction a) noexcept;

struct ErrorInfo {
  BackpackError code;
  ErrorAction action;
  OrderStatus status;  ///< engine status of the order the request was about
};

/// Classifies an error code with the HTTP status (429 → TooManyRequests, 5xx without a
/// specific code → outcome unknown). `for_cancel`: a RESOURCE_NOT_FOUND answer to a cancel
/// or query means the order is closed (TreatAsClosed), not a rejected new order.
ErrorInfo classify_error(BackpackError code, std::uint16_t http_status, bool for_cancel) noexcept;

/// The error a local refusal (core/raw_frame.hpp) stands for, so the engine treats it like
/// the venue's own answer.
BackpackError local_refusal_error(LocalRefusal r) noexcept;

}  // namespace xtb::backpack
