// errors.cpp — see errors.hpp. Table-driven: one row per documented code we act on.
#include "venue/binance/errors.hpp"

namespace xtb::binance {
namespace {

struct Row {
  std::int32_t code;
  ErrorReason reason;
  ErrorAction action;
  OrderStatus status;
};

using R = ErrorReason;
using A = ErrorAction;
using S = OrderStatus;

// error_codes.md, grouped as there (10xx general, 11xx request, 20xx processing, 40xx
// filters and position rules, 50xx order-book rules).
constexpr Row kRows[] = {
    {-1000, R::Unknown, A::QueryOrder, S::Unknown},
    {-1001, R::Disconnected, A::Retry, S::Failed},
    {-1002, R::Unauthorized, A::HaltTrading, S::Rejected},
    {-1003, R::TooManyRequests, A::BackOff, S::Rejected},
    {-1006, R::UnknownExecution, A::QueryOrder, S::Unknown},
    {-1007, R::UnknownExecution, A::QueryOrder, S::Unknown},
    {-1008, R::Throttled, A::Retry, S::Rejected},
    {-1015, R::TooManyOrders, A::BackOff, S::Rejected},
    {-1016, R::ServiceShuttingDown, A::Retry, S::Rejected},
    {-1021, R::InvalidTimestamp, A::ResyncTime, S::Rejected},
    {-1022, R::InvalidSignature, A::HaltTrading, S::Rejected},
    {-1121, R::BadSymbol, A::ReloadRules, S::Rejected},
    {-1122, R::BadSymbol, A::ReloadRules, S::Rejected},
    {-1125, R::InvalidListenKey, A::RenewListenKey, S::Rejected},
    {-2010, R::OrderRejected, A::Reject, S::Rejected},
    {-2011, R::CancelRejected, A::TreatAsClosed, S::Rejected},
    {-2013, R::NoSuchOrder, A::TreatAsClosed, S::Rejected},
    {-2014, R::InvalidApiKey, A::HaltTrading, S::Rejected},
    {-2015, R::InvalidApiKey, A::HaltTrading, S::Rejected},
    {-2017, R::InvalidApiKey, A::HaltTrading, S::Rejected},
    {-2018, R::InsufficientMargin, A::Reject, S::Rejected},
    {-2019, R::InsufficientMargin, A::Reject, S::Rejected},
    {-2021, R::WouldImmediatelyTrigger, A::Reject, S::Rejected},
    {-2022, R::ReduceOnlyRejected, A::Reject, S::Rejected},
    {-2023, R::UserInLiquidation, A::Reject, S::Rejected},
    {-2024, R::PositionNotSufficient, A::Reject, S::Rejected},
    {-2025, R::MaxOpenOrders, A::Reject, S::Rejected},
    {-4001, R::PriceFilter, A::Reject, S::Rejected},
    {-4002, R::PriceFilter, A::Reject, S::Rejected},
    {-4003, R::QtyFilter, A::Reject, S::Rejected},
    {-4004, R::QtyFilter, A::Reject, S::Rejected},
    {-4005, R::QtyFilter, A::Reject, S::Rejected},
    {-4013, R::PriceFilter, A::Reject, S::Rejected},
    {-4014, R::PriceFilter, A::ReloadRules, S::Rejected},
    {-4016, R::PriceFilter, A::Reject, S::Rejected},
    {-4023, R::QtyFilter, A::ReloadRules, S::Rejected},
    {-4024, R::PriceFilter, A::Reject, S::Rejected},
    {-4045, R::MaxOpenOrders, A::Reject, S::Rejected},
    {-4050, R::InsufficientMargin, A::Reject, S::Rejected},
    {-4051, R::InsufficientMargin, A::Reject, S::Rejected},
    {-4060, R::InvalidPositionSide, A::Reject, S::Rejected},
    {-4061, R::PositionSideMismatch, A::Reject, S::Rejected},
    {-4062, R::ReduceOnlyConflict, A::Reject, S::Rejected},
    {-4116, R::DuplicateClientOrderId, A::QueryOrder, S::Rejected},
    {-4117, R::StopOrderTriggering, A::Retry, S::Rejected},
    {-4118, R::ReduceOnlyRejected, A::Reject, S::Rejected},
    {-4138, R::ReduceOnlyConflict, A::Reject, S::Rejected},
    {-4164, R::MinNotional, A::Reject, S::Rejected},
    {-4184, R::PriceFilter, A::Reject, S::Rejected},
    {-5021, R::FokRejected, A::Reject, S::Expired},
    {-5022, R::PostOnlyRejected, A::Reject, S::Rejected},
    {-5029, R::MinNotional, A::Reject, S::Rejected},
    {-5037, R::InvalidPriceMatch, A::Reject, S::Rejected},
    {-5038, R::InvalidPriceMatch, A::Reject, S::Rejected},
};

}  // namespace

ErrorInfo classify_error(std::int32_t code, std::uint16_t http) noexcept {
  // HTTP-level answers first (rate_limits.md): 418 = IP banned, 429 = over the limit.
  if (http == 418) return {R::IpBanned, A::HaltTrading, S::Rejected};
  if (http == 429) return {R::TooManyRequests, A::BackOff, S::Rejected};
  if (code >= 0 && (http == 0 || (http >= 200 && http < 300))) return {R::None, A::None, S::Open};
  for (const Row& r : kRows)
    if (r.code == code) return {r.reason, r.action, r.status};
  // -11xx: the request itself is malformed — a bug on our side, never retried unchanged.
  if (code <= -1100 && code > -1200) return {R::BadRequest, A::Reject, S::Rejected};
  // 5xx: the venue may have executed the request (status unknown until queried).
  if (http >= 500) return {R::UnknownExecution, A::QueryOrder, S::Unknown};
  // Any other failure without a known code: the request was refused.
  return {R::Unknown, A::Reject, S::Rejected};
}

const char* to_string(ErrorReason r) noexcept {
  switch (r) {
    case R::None: return "none";
    case R::Unknown: return "unknown";
    case R::Disconnected: return "disconnected";
    case R::Unauthorized: return "unauthorized";
    case R::TooManyRequests: return "too-many-requests";
    case R::IpBanned: return "ip-banned";
    case R::UnknownExecution: return "unknown-execution";
    case R::Throttled: return "throttled";
    case R::TooManyOrders: return "too-many-orders";
    case R::ServiceShuttingDown: return "service-shutting-down";
    case R::InvalidTimestamp: return "invalid-timestamp";
    case R::InvalidSignature: return "invalid-signature";
    case R::BadRequest: return "bad-request";
    case R::BadSymbol: return "bad-symbol";
    case R::InvalidListenKey: return "invalid-listen-key";
    case R::OrderRejected: return "order-rejected";
    case R::CancelRejected: return "cancel-rejected";
    case R::NoSuchOrder: return "no-such-order";
    case R::InvalidApiKey: return "invalid-api-key";
    case R::InsufficientMargin: return "insufficient-margin";
    case R::WouldImmediatelyTrigger: return "would-immediately-trigger";
    case R::ReduceOnlyRejected: return "reduce-only-rejected";
    case R::UserInLiquidation: return "user-in-liquidation";
    case R::PositionNotSufficient: return "position-not-sufficient";
    case R::MaxOpenOrders: return "max-open-orders";
    case R::PriceFilter: return "price-filter";
    case R::QtyFilter: return "qty-filter";
    case R::InvalidPositionSide: return "invalid-position-side";
    case R::PositionSideMismatch: return "position-side-mismatch";
    case R::ReduceOnlyConflict: return "reduce-only-conflict";
    case R::DuplicateClientOrderId: return "duplicate-client-order-id";
    case R::StopOrderTriggering: return "stop-order-triggering";
    case R::MinNotional: return "min-notional";
    case R::FokRejected: return "fok-rejected";
    case R::PostOnlyRejected: return "post-only-rejected";
    case R::InvalidPriceMatch: return "invalid-price-match";
  }
  return "?";
}

const char* to_string(ErrorAction a) noexcept {
  switch (a) {
    case A::None: return "none";
    case A::Reject: return "reject";
    case A::Retry: return "retry";
    case A::BackOff: return "back-off";
    case A::HaltTrading: return "halt-trading";
    case A::ResyncTime: return "resync-time";
    case A::QueryOrder: return "query-order";
    case A::RenewListenKey: return "renew-listen-key";
    case A::ReloadRules: return "reload-rules";
    case A::TreatAsClosed: return "treat-as-closed";
  }
  return "?";
}

LocalAnswer local_refusal_answer(LocalRefusal r) noexcept {
  switch (r) {
    case LocalRefusal::NoConnection: return {503, -1001};   // DISCONNECTED: never sent
    case LocalRefusal::NotReady: return {503, -1001};
    case LocalRefusal::ClockNotSynced: return {400, -1021};  // INVALID_TIMESTAMP
    case LocalRefusal::PositionMode: return {400, -4061};    // position side does not match
    case LocalRefusal::EncodeFailed: return {400, -1102};    // mandatory parameter malformed
    case LocalRefusal::Banned: return {418, -1003};          // TOO_MANY_REQUESTS, IP banned
    case LocalRefusal::OrdersHalted: return {418, -1003};
    case LocalRefusal::OrderCountLimit: return {429, -1015}; // TOO_MANY_ORDERS
    case LocalRefusal::RequestRateLimit: return {429, -1003};
    case LocalRefusal::None: break;
  }
  return {503, -1001};
}

}  // namespace xtb::binance
