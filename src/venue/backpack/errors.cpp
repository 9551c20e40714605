// errors.cpp — see errors.hpp.
#include "venue/backpack/errors.hpp"

namespace xtb::backpack {
namespace {

using E = BackpackError;
struct Name { E code; std::string_view wire; };
constexpr Name kNames[] = {
    {E::AccountLiquidating, "ACCOUNT_LIQUIDATING"}, {E::BorrowLimit, "BORROW_LIMIT"},
    {E::BorrowRequiresLendRedeem, "BORROW_REQUIRES_LEND_REDEEM"}, {E::Forbidden, "FORBIDDEN"},
    {E::InsufficientFunds, "INSUFFICIENT_FUNDS"}, {E::InsufficientMargin, "INSUFFICIENT_MARGIN"},
    {E::InsufficientSupply, "INSUFFICIENT_SUPPLY"}, {E::InvalidAsset, "INVALID_ASSET"},
    {E::InvalidClientRequest, "INVALID_CLIENT_REQUEST"}, {E::InvalidMarket, "INVALID_MARKET"},
    {E::InvalidOrder, "INVALID_ORDER"}, {E::InvalidPrice, "INVALID_PRICE"},
    {E::InvalidPositionId, "INVALID_POSITION_ID"}, {E::InvalidQuantity, "INVALID_QUANTITY"},
    {E::InvalidRange, "INVALID_RANGE"}, {E::InvalidSignature, "INVALID_SIGNATURE"},
    {E::InvalidSource, "INVALID_SOURCE"}, {E::InvalidSymbol, "INVALID_SYMBOL"},
    {E::InvalidTwoFactorCode, "INVALID_TWO_FACTOR_CODE"}, {E::LendLimit, "LEND_LIMIT"},
    {E::LendRequiresBorrowRepay, "LEND_REQUIRES_BORROW_REPAY"}, {E::Maintenance, "MAINTENANCE"},
    {E::MaxLeverageReached, "MAX_LEVERAGE_REACHED"}, {E::NotImplemented, "NOT_IMPLEMENTED"},
    {E::OrderLimit, "ORDER_LIMIT"}, {E::PositionLimit, "POSITION_LIMIT"},
    {E::PreconditionFailed, "PRECONDITION_FAILED"}, {E::ResourceNotFound, "RESOURCE_NOT_FOUND"},
    {E::ServerError, "SERVER_ERROR"}, {E::Timeout, "TIMEOUT"}, {E::TooManyRequests, "TOO_MANY_REQUESTS"},
    {E::TradingPaused, "TRADING_PAUSED"}, {E::Unauthorized, "UNAUTHORIZED"},
};

ErrorInfo info(E c, ErrorAction a, OrderStatus s) noexcept { return ErrorInfo{c, a, s}; }

// The code's meaning regardless of HTTP status.
ErrorInfo by_code(E c, bool for_cancel) noexcept {
  using A = ErrorAction;
  using S = OrderStatus;
  switch (c) {
    case E::None: return info(c, A::None, S::Open);
    case E::TooManyRequests: return info(c, A::BackOff, S::Rejected);
    case E::InvalidSignature: case E::Unauthorized: case E::Forbidden:
      return info(c, A::HaltTrading, S::Rejected);
    case E::InvalidMarket: case E::InvalidSymbol: case E::InvalidAsset:
      return info(c, A::ReloadRules, S::Rejected);
    case E::ResourceNotFound:
      return for_cancel ? info(c, A::TreatAsClosed, S::Canceled) : info(c, A::Reject, S::Rejected);
    case E::ServerError: case E::Timeout: case E::NoAnswer: return info(c, A::QueryOrder, S::Unknown);
    case E::Maintenance: case E::TradingPaused: case E::LocalRefusal: return info(c, A::Retry, S::Rejected);
    case E::Unknown: return info(c, A::Reject, S::Rejected);
    default: return info(c, A::Reject, S::Rejected);  // order/margin/limit/parameter errors
  }
}

}  // namespace

BackpackError parse_error_code(std::string_view code) noexcept {
  if (code.empty()) return E::None;
  for (const Name& n : kNames)
    if (n.wire == code) return n.code;
  return E::Unknown;
}

std::string_view wire_name(BackpackError e) noexcept {
  for (const Name& n : kNames)
    if (n.code == e) return n.wire;
  return {};
}

const char* to_string(ErrorAction a) noexcept {
  switch (a) {
    case ErrorAction::None: return "none";
    case ErrorAction::Reject: return "reject";
    case ErrorAction::Retry: return "retry";
    case ErrorAction::BackOff: return "back-off";
    case ErrorAction::HaltTrading: return "halt-trading";
    case ErrorAction::QueryOrder: return "query-order";
    case ErrorAction::ReloadRules: return "reload-rules";
    case ErrorAction::TreatAsClosed: return "treat-as-closed";
  }
  return "?";
}

ErrorInfo classify_error(BackpackError code, std::uint16_t http_status, bool for_cancel) noexcept {
  if (http_status == 429) return by_code(E::TooManyRequests, for_cancel);
  if (http_status == 0 && code == E::None) return by_code(E::NoAnswer, for_cancel);
  if (http_status >= 500 && (code == E::None || code == E::Unknown)) return by_code(E::ServerError, for_cancel);
  if (http_status >= 400 && code == E::None) return by_code(E::Unknown, for_cancel);
  return by_code(code, for_cancel);
}

BackpackError local_refusal_error(LocalRefusal r) noexcept {
  switch (r) {
    case LocalRefusal::None: return E::None;
    case LocalRefusal::RequestRateLimit: case LocalRefusal::OrderCountLimit: return E::TooManyRequests;
    case LocalRefusal::EncodeFailed: return E::InvalidClientRequest;
    case LocalRefusal::Banned: case LocalRefusal::OrdersHalted: return E::Forbidden;
    default: return E::LocalRefusal;
  }
}

}  // namespace xtb::backpack
